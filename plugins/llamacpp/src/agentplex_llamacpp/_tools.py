"""Tool calling for chat templates without native tool support, through constrained JSON.

When tools are offered, a system message describes them and the reply is
constrained (llama.cpp compiles ``response_format``'s JSON schema into a
grammar) to one JSON object, either a call or an answer::

    {"tool": "get_weather", "arguments": {"city": "Paris"}}
    {"answer": "It is sunny."}

``tool_choice="required"`` leaves out the answer; a tool's name allows only
calls to that tool; ``"none"`` offers no tools. One call per reply. A plain
answer that is itself a JSON object naming a known tool (bare or in a
```json fence) is taken as that call too. Earlier calls and their results go
back to the model as text, since such templates drop tool messages.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from agentplex import FunctionCall
from agentplex.components import describe_errors
from agentplex.models import (
    AssistantMessage,
    CreateResult,
    FunctionExecutionResultMessage,
    LLMMessage,
    SystemMessage,
    ToolChoice,
    UserMessage,
)
from agentplex.tools import Tool, ToolSchema, tool_schema
from agentplex_openai import StructuredOutputError

TOOL_KEY: Final = "tool"
ARGUMENTS_KEY: Final = "arguments"
ANSWER_KEY: Final = "answer"
RESULTS_SOURCE: Final = "tools"
"""``source`` of the user messages that carry tool results back to the model."""

_MODES = ("auto", "required", "none")
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)
_CALL_KEYS = ({TOOL_KEY, ARGUMENTS_KEY}, {TOOL_KEY}, {"name", ARGUMENTS_KEY}, {"name"})
_NO_ARGUMENTS: Final = {"type": "object", "properties": {}}

JsonOutput = bool | type[BaseModel] | None


@dataclass(frozen=True)
class ToolPlan:
    """How one request offers tools: the prompt addition, the reply schema, the parsing."""

    tools: Mapping[str, ToolSchema]
    """The tools the model may call, by name."""
    allow_answer: bool
    json_output: JsonOutput
    """What an answer must be: text (None/False), any JSON object (True) or a model class."""

    def prompt(self, messages: Sequence[LLMMessage]) -> list[LLMMessage]:
        """``messages`` as text, with the tool instruction after the leading system messages."""
        history = text_history(messages)
        lead = 0
        while lead < len(history) and isinstance(history[lead], SystemMessage):
            lead += 1
        return [*history[:lead], SystemMessage(content=self.instruction()), *history[lead:]]

    def instruction(self) -> str:
        lines = ["You can call these tools:"]
        for name, schema in self.tools.items():
            parameters = json.dumps(_parameters(schema), separators=(",", ":"))
            description = schema.get("description", "").strip()
            lines.append(f"- {name}: {description} Arguments (JSON schema): {parameters}")
        lines.append(
            f'Reply with one JSON object. To call a tool: {{"{TOOL_KEY}": "<tool name>", '
            f'"{ARGUMENTS_KEY}": {{...}}}}.'
        )
        if self.allow_answer:
            lines.append(f'To answer without a tool: {{"{ANSWER_KEY}": <your answer>}}.')
        elif len(self.tools) == 1:
            lines.append(f"You must call {next(iter(self.tools))}.")
        else:
            lines.append("You must call one of the tools.")
        return "\n".join(lines)

    def response_format(self) -> dict[str, Any]:
        """A ``json_schema`` response format allowing exactly the replies of this plan."""
        branches = [_call_schema(name, schema) for name, schema in self.tools.items()]
        if self.allow_answer:
            branches.append(_closed_object({ANSWER_KEY: _answer_schema(self.json_output)}))
        schema = branches[0] if len(branches) == 1 else {"anyOf": branches}
        return {"type": "json_schema", "json_schema": {"name": "reply", "schema": schema}}

    def result(self, created: CreateResult, *, model: str) -> CreateResult:
        """The reply as a function call or as the answer text."""
        if not isinstance(created.content, str):
            return created
        text = created.content
        reply = _json_object(text)
        if reply is not None:
            if (call := self._call(reply)) is not None:
                return _call_result(created, call)
            if self.allow_answer and set(reply) == {ANSWER_KEY}:
                answer = reply[ANSWER_KEY]
                text = answer if isinstance(answer, str) else json.dumps(answer)
                if (call := self._call(_json_object(text))) is not None:
                    return _call_result(created, call)
        if isinstance(self.json_output, type):
            _check_structured(self.json_output, text, model, created.finish_reason == "length")
        return created.model_copy(update={"content": text})

    def _call(self, reply: Mapping[str, Any] | None) -> FunctionCall | None:
        """The call ``reply`` describes, if it names one of the tools and nothing else."""
        if reply is None or set(reply) not in _CALL_KEYS:
            return None
        name = reply.get(TOOL_KEY, reply.get("name"))
        arguments = reply.get(ARGUMENTS_KEY, {})
        if name not in self.tools or not isinstance(arguments, dict):
            return None
        return FunctionCall(
            id=f"call_{uuid.uuid4().hex[:24]}", name=name, arguments=json.dumps(arguments)
        )


def plan_tools(
    tools: Sequence[Tool | ToolSchema], tool_choice: ToolChoice, json_output: JsonOutput
) -> ToolPlan | None:
    """The plan for a request; None when no tools are offered (none given, or ``"none"``)."""
    schemas: dict[str, ToolSchema] = {}
    for index, tool in enumerate(tools):
        if not isinstance(tool, Mapping) and not hasattr(tool, "schema"):
            raise TypeError(
                f"tools[{index}] is a {type(tool).__name__}; expected a Tool or a ToolSchema dict"
            )
        schema = tool_schema(tool)
        if schema["name"] in schemas:
            raise ValueError(f"tools[{index}]: two tools are named {schema['name']!r}")
        schemas[schema["name"]] = schema
    if not schemas:
        if tool_choice in ("auto", "none"):
            return None
        raise ValueError(f"tool_choice={tool_choice!r} needs tools, but none were given")
    if tool_choice == "none":
        return None
    if tool_choice not in _MODES:
        if tool_choice not in schemas:
            raise ValueError(
                f"tool_choice names {tool_choice!r}, which is not among the tools given "
                f"({', '.join(schemas)}); use one of their names or auto/required/none"
            )
        schemas = {tool_choice: schemas[tool_choice]}
    return ToolPlan(schemas, allow_answer=tool_choice == "auto", json_output=json_output)


def text_history(messages: Sequence[LLMMessage]) -> list[LLMMessage]:
    """``messages`` with tool calls and tool results written as text.

    A call is written the way the model is asked to write one; results become a
    user message from ``"tools"``, one line per result.
    """
    converted: list[LLMMessage] = []
    for message in messages:
        if isinstance(message, AssistantMessage) and not isinstance(message.content, str):
            calls = [
                json.dumps({TOOL_KEY: call.name, ARGUMENTS_KEY: _loads(call.arguments)})
                for call in message.content
            ]
            text = "\n".join([message.thought, *calls] if message.thought else calls)
            converted.append(AssistantMessage(content=text, source=message.source))
        elif isinstance(message, FunctionExecutionResultMessage):
            lines = [
                f"{result.name} failed: {result.content}"
                if result.is_error
                else f"Result of {result.name}: {result.content}"
                for result in message.content
            ]
            converted.append(UserMessage(content="\n".join(lines), source=RESULTS_SOURCE))
        else:
            converted.append(message)
    return converted


def _parameters(schema: ToolSchema) -> Mapping[str, Any]:
    return schema.get("parameters") or _NO_ARGUMENTS


def _call_schema(name: str, schema: ToolSchema) -> dict[str, Any]:
    return _closed_object({TOOL_KEY: {"const": name}, ARGUMENTS_KEY: dict(_parameters(schema))})


def _closed_object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _answer_schema(json_output: JsonOutput) -> dict[str, Any]:
    if isinstance(json_output, type):
        return json_output.model_json_schema()
    return {"type": "object"} if json_output else {"type": "string"}


def _json_object(text: str | None) -> dict[str, Any] | None:
    """The JSON object ``text`` holds, bare or in one ```json fence; else None."""
    if text is None:
        return None
    text = text.strip()
    if fenced := _FENCE.match(text):
        text = fenced.group(1)
    if not text.startswith("{"):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _loads(arguments: str) -> Any:
    try:
        return json.loads(arguments)
    except ValueError:
        return arguments  # passed back as the model wrote it


def _call_result(created: CreateResult, call: FunctionCall) -> CreateResult:
    return created.model_copy(update={"content": [call], "finish_reason": "function_calls"})


def _check_structured(model_class: type[BaseModel], text: str, model: str, truncated: bool) -> None:
    try:
        model_class.model_validate_json(text)
    except ValidationError as exc:
        cut = " (the answer was cut at the token limit)" if truncated else ""
        raise StructuredOutputError(
            f"the answer of model '{model}' is not a valid {model_class.__name__}{cut}: "
            f"{describe_errors(exc)}; answer: {text[:200]!r}"
        ) from None
