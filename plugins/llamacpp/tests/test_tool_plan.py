"""The constrained tool-calling plan: schema, prompt and parsing, without a model."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from agentplex import FunctionCall
from agentplex.models import (
    AssistantMessage,
    CreateResult,
    FinishReason,
    FunctionExecutionResult,
    FunctionExecutionResultMessage,
    RequestUsage,
    SystemMessage,
    UserMessage,
)
from agentplex.tools import FunctionTool, ToolSchema
from agentplex_llamacpp._tools import ToolPlan, plan_tools, text_history
from agentplex_openai import StructuredOutputError


def get_weather(city: str) -> str:
    """Get the weather for a city."""
    return f"sunny in {city}"


def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


WEATHER = FunctionTool(get_weather)
ADD: ToolSchema = {
    "name": "add",
    "description": "Add two numbers.",
    "parameters": {
        "type": "object",
        "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
        "required": ["a", "b"],
    },
}


class City(BaseModel):
    name: str
    country: str


def reply(text: str, finish_reason: FinishReason = "stop") -> CreateResult:
    return CreateResult(
        finish_reason=finish_reason,
        content=text,
        usage=RequestUsage(prompt_tokens=5, completion_tokens=3),
    )


def plan(tool_choice: str = "auto", json_output: Any = None) -> ToolPlan:
    made = plan_tools([WEATHER, ADD], tool_choice, json_output)
    assert made is not None
    return made


def branches(made: ToolPlan) -> list[dict[str, Any]]:
    schema = made.response_format()["json_schema"]["schema"]
    return list(schema["anyOf"]) if "anyOf" in schema else [schema]


def test_auto_allows_every_tool_or_an_answer() -> None:
    made = plan()
    assert made.response_format()["type"] == "json_schema"
    shapes = branches(made)
    assert [b["properties"].get("tool", {}).get("const") for b in shapes] == [
        "get_weather",
        "add",
        None,
    ]
    assert shapes[0]["properties"]["arguments"] == WEATHER.schema["parameters"]
    assert shapes[1]["properties"]["arguments"] == ADD["parameters"]
    assert shapes[2]["properties"] == {"answer": {"type": "string"}}
    assert all(b["additionalProperties"] is False for b in shapes)


def test_required_leaves_out_the_answer() -> None:
    made = plan("required")
    assert [b["properties"]["tool"]["const"] for b in branches(made)] == ["get_weather", "add"]
    assert "must call one of the tools" in made.instruction()


def test_a_named_tool_is_the_only_choice() -> None:
    made = plan("add")
    [only] = branches(made)
    assert only["properties"]["tool"] == {"const": "add"}
    assert "get_weather" not in made.instruction()


def test_none_and_no_tools_offer_nothing() -> None:
    assert plan_tools([WEATHER], "none", None) is None
    assert plan_tools([], "auto", None) is None


@pytest.mark.parametrize(
    ("tools", "choice", "error", "match"),
    [
        ([], "required", ValueError, "needs tools"),
        ([WEATHER], "add", ValueError, "not among the tools given"),
        ([WEATHER, WEATHER], "auto", ValueError, r"tools\[1\]: two tools are named"),
        ([42], "auto", TypeError, r"tools\[0\] is a int"),
    ],
)
def test_bad_tool_requests(
    tools: list[Any], choice: str, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        plan_tools(tools, choice, None)


def test_structured_answers_use_the_model_schema() -> None:
    assert branches(plan(json_output=City))[-1]["properties"]["answer"] == City.model_json_schema()
    assert branches(plan(json_output=True))[-1]["properties"]["answer"] == {"type": "object"}


def test_the_instruction_follows_the_system_messages() -> None:
    prompt = plan().prompt(
        [SystemMessage(content="Be brief."), UserMessage(content="Hi", source="user")]
    )
    assert [type(m).__name__ for m in prompt] == ["SystemMessage", "SystemMessage", "UserMessage"]
    assert prompt[0].content == "Be brief."
    assert "get_weather: Get the weather for a city." in str(prompt[1].content)


def parsed_call(made: ToolPlan, text: str) -> FunctionCall:
    result = made.result(reply(text), model="m")
    assert result.finish_reason == "function_calls"
    assert isinstance(result.content, list)
    [call] = result.content
    assert call.id.startswith("call_")
    return call


def test_a_call_becomes_a_function_call() -> None:
    call = parsed_call(plan(), '{"tool": "add", "arguments": {"a": 2, "b": 3}}')
    assert (call.name, json.loads(call.arguments)) == ("add", {"a": 2, "b": 3})


@pytest.mark.parametrize(
    "text",
    [
        '{"answer": "{\\"tool\\": \\"get_weather\\", \\"arguments\\": {\\"city\\": \\"Oslo\\"}}"}',
        '```json\n{"tool": "get_weather", "arguments": {"city": "Oslo"}}\n```',
        '{"name": "get_weather", "arguments": {"city": "Oslo"}}',
    ],
)
def test_json_naming_a_known_tool_in_an_answer_is_a_call(text: str) -> None:
    call = parsed_call(plan(), text)
    assert (call.name, json.loads(call.arguments)) == ("get_weather", {"city": "Oslo"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"answer": "It is sunny."}', "It is sunny."),
        (
            '{"answer": "{\\"tool\\": \\"unknown\\", \\"arguments\\": {}}"}',
            '{"tool": "unknown", "arguments": {}}',
        ),
        ('{"answer": "{\\"tool\\": \\"add\\", \\"extra\\": 1}"}', '{"tool": "add", "extra": 1}'),
        ('{"tool": "add", "argu', '{"tool": "add", "argu'),
    ],
)
def test_answers_stay_text(text: str, expected: str) -> None:
    result = plan().result(reply(text), model="m")
    assert result.content == expected
    assert result.finish_reason == "stop"
    assert result.usage == RequestUsage(prompt_tokens=5, completion_tokens=3)


def test_a_structured_answer_is_validated() -> None:
    made = plan(json_output=City)
    result = made.result(reply('{"answer": {"name": "Oslo", "country": "Norway"}}'), model="m")
    assert City.model_validate_json(str(result.content)) == City(name="Oslo", country="Norway")
    with pytest.raises(StructuredOutputError, match=r"not a valid City.*cut at the token limit"):
        made.result(reply('{"answer": {"name": "Oslo"}}', "length"), model="m")


def test_history_is_written_as_text() -> None:
    history = text_history(
        [
            UserMessage(content="Weather in Oslo, and 2+3?", source="user"),
            AssistantMessage(
                content=[
                    FunctionCall(id="1", name="get_weather", arguments='{"city": "Oslo"}'),
                    FunctionCall(id="2", name="add", arguments="not json"),
                ],
                thought="Two calls.",
                source="bot",
            ),
            FunctionExecutionResultMessage(
                content=[
                    FunctionExecutionResult(content="sunny", name="get_weather", call_id="1"),
                    FunctionExecutionResult(
                        content="bad arguments", name="add", call_id="2", is_error=True
                    ),
                ]
            ),
        ]
    )
    assert history[1] == AssistantMessage(
        content='Two calls.\n{"tool": "get_weather", "arguments": {"city": "Oslo"}}\n'
        '{"tool": "add", "arguments": "not json"}',
        source="bot",
    )
    assert history[2] == UserMessage(
        content="Result of get_weather: sunny\nadd failed: bad arguments", source="tools"
    )
