"""Handoffs: tools an agent calls to pass the conversation to another agent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, model_validator

from .._function_call import FunctionCall
from ..messages import HandoffMessage
from ..models import (
    AssistantMessage,
    CreateResult,
    FunctionExecutionResult,
    FunctionExecutionResultMessage,
    LLMMessage,
)
from ..tools import ToolSchema, check_tool_name


class Handoff(BaseModel):
    """A handoff to ``target``, offered to the model as the tool ``name``.

    ``name`` defaults to ``transfer_to_<target>``, ``description`` to
    ``"Handoff to <target>."`` and ``message`` (the tool's result and the
    :class:`~agentplex.messages.HandoffMessage` text) to a line announcing the
    transfer.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    target: str
    description: str = ""
    name: str = ""
    message: str = ""

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("target"), str):
            return data
        target = data["target"]
        return {
            **data,
            "description": data.get("description") or f"Handoff to {target}.",
            "name": data.get("name") or f"transfer_to_{target}",
            "message": data.get("message")
            or f"Transferred to {target}, adopting the role of {target} immediately.",
        }

    @model_validator(mode="after")
    def _valid_name(self) -> Self:
        check_tool_name(self.name, f"handoff to '{self.target}': the tool")
        return self

    @property
    def tool_schema(self) -> ToolSchema:
        """The tool a model sees: no arguments."""
        return ToolSchema(
            name=self.name,
            description=self.description,
            parameters={
                "type": "object",
                "properties": {},
                "required": [],
                "additionalProperties": False,
            },
        )


def handoffs_by_name(handoffs: Sequence[Handoff | str]) -> dict[str, Handoff]:
    """Handoffs keyed by tool name; a target name alone becomes a default Handoff."""
    by_name: dict[str, Handoff] = {}
    for index, item in enumerate(handoffs):
        if isinstance(item, str):
            item = Handoff(target=item)
        elif not isinstance(item, Handoff):
            raise TypeError(
                f"handoffs[{index}] is a {type(item).__name__}; expected a Handoff or a str"
            )
        if item.name in by_name:
            raise ValueError(f"two handoffs use the tool name '{item.name}'")
        by_name[item.name] = item
    return by_name


def answer_handoffs(
    calls: Sequence[FunctionCall], handoffs: Mapping[str, Handoff]
) -> dict[int, FunctionExecutionResult]:
    """Results of the handoff calls among ``calls``, by position.

    The first handoff is taken (its result is the handoff's message); later ones
    in the same turn get an error result naming the one taken.
    """
    answered: dict[int, FunctionExecutionResult] = {}
    chosen: Handoff | None = None
    for index, call in enumerate(calls):
        handoff = handoffs.get(call.name)
        if handoff is None:
            continue
        if chosen is None:
            chosen = handoff
            text, is_error = handoff.message, False
        else:
            text = f"not transferred to {handoff.target}: this turn transfers to {chosen.target}"
            is_error = True
        answered[index] = FunctionExecutionResult(
            content=text, name=call.name, call_id=call.id, is_error=is_error
        )
    return answered


def handoff_message(
    result: CreateResult,
    results: Sequence[FunctionExecutionResult],
    handoffs: Mapping[str, Handoff],
    source: str,
) -> HandoffMessage | None:
    """The HandoffMessage for the first handoff ``result`` calls, or None.

    Its context holds the turn's other tool calls and their results (or, with
    none, the model's thought) so the target sees what was done.
    """
    assert isinstance(result.content, list)
    calls = result.content
    chosen = next((handoffs[call.name] for call in calls if call.name in handoffs), None)
    if chosen is None:
        return None
    pairs = [(c, r) for c, r in zip(calls, results, strict=True) if c.name not in handoffs]
    context: list[LLMMessage] = []
    if pairs:
        context.append(AssistantMessage(content=[c for c, _ in pairs], source=source))
        context.append(FunctionExecutionResultMessage(content=[r for _, r in pairs]))
    elif result.thought:
        context.append(AssistantMessage(content=result.thought, source=source))
    return HandoffMessage(
        content=chosen.message, target=chosen.target, context=context, source=source
    )
