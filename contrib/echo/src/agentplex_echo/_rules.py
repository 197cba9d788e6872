"""Rules that turn a prompt into a reply or a tool call."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, model_validator


class EchoRule(BaseModel):
    """When ``pattern`` matches the prompt, answer ``reply`` or call the tool ``call``.

    ``pattern`` is a Python regular expression searched in the prompt (use
    ``(?i)`` for a case-insensitive match). In ``reply`` and in the string values
    of ``arguments``, ``\\1`` or ``\\g<name>`` insert the match's groups, as in
    :meth:`re.Match.expand`. A rule with ``call`` applies only when that tool is
    offered to the model.
    """

    model_config = ConfigDict(extra="forbid")

    pattern: str
    reply: str | None = None
    call: str | None = None
    arguments: dict[str, Any] = {}

    @model_validator(mode="after")
    def _check(self) -> Self:
        try:
            re.compile(self.pattern)
        except re.error as exc:
            raise ValueError(f"pattern {self.pattern!r} is not a regex: {exc}") from None
        if (self.reply is None) == (self.call is None):
            raise ValueError("a rule needs exactly one of 'reply' and 'call'")
        if self.arguments and self.call is None:
            raise ValueError("'arguments' belong to a rule with 'call'")
        return self


@dataclass(frozen=True)
class Answer:
    """What the rules decided: text, or a tool call with JSON arguments."""

    text: str | None = None
    call: str | None = None
    arguments: str = "{}"


def answer(
    rules: Sequence[EchoRule],
    prompt: str,
    *,
    offered: Collection[str],
    tool_choice: str,
    fallback: str,
) -> Answer:
    """Apply the first rule that matches ``prompt`` and may act; else echo ``fallback``.

    ``tool_choice`` is ``auto``, ``none``, ``required`` or a tool name, as in
    ``ChatCompletionClient.create``.
    """
    if tool_choice not in ("auto", "none", "required") and tool_choice not in offered:
        raise ValueError(
            f"tool_choice names tool '{tool_choice}', which is not among the tools given: "
            f"{', '.join(sorted(offered)) or 'none'}"
        )
    for index, rule in enumerate(rules):
        if not _may_act(rule, offered, tool_choice):
            continue
        match = re.search(rule.pattern, prompt)
        if match is None:
            continue
        if rule.call is None:
            return Answer(text=_expand(match, rule.reply or "", index))
        arguments = {key: _fill(match, value, index) for key, value in rule.arguments.items()}
        return Answer(call=rule.call, arguments=json.dumps(arguments))
    if tool_choice not in ("auto", "none"):
        wanted = "a tool" if tool_choice == "required" else f"tool '{tool_choice}'"
        raise ValueError(
            f"tool_choice requires a call to {wanted}, but no echo rule that calls it "
            f"matches the prompt {prompt[:80]!r}"
        )
    return Answer(text=fallback)


def _may_act(rule: EchoRule, offered: Collection[str], tool_choice: str) -> bool:
    if rule.call is None:
        return tool_choice in ("auto", "none")
    if tool_choice == "none" or rule.call not in offered:
        return False
    return tool_choice in ("auto", "required") or rule.call == tool_choice


def _fill(match: re.Match[str], value: Any, index: int) -> Any:
    return _expand(match, value, index) if isinstance(value, str) else value


def _expand(match: re.Match[str], template: str, index: int) -> str:
    try:
        return match.expand(template)
    except (re.error, IndexError) as exc:
        raise ValueError(
            f"echo rule {index} (pattern {match.re.pattern!r}): template {template!r} "
            f"cannot be filled: {exc}"
        ) from None
