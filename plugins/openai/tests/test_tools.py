"""Tools, ``tool_choice`` and tool-call answers over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from agentplex import FunctionCall
from agentplex.models import UserMessage
from agentplex.tools import FunctionTool, ToolSchema
from agentplex_openai.testing import ScriptedOpenAIServer, TextReply, ToolCallReply

from .conftest import MakeClient

HI = [UserMessage(content="What is 2 + 3?")]


def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


STRICT_LOOKUP: ToolSchema = {
    "name": "lookup",
    "description": "Look a word up.",
    "parameters": {
        "type": "object",
        "properties": {"word": {"type": "string"}},
        "required": ["word"],
        "additionalProperties": False,
    },
    "strict": True,
}


async def test_tools_and_schemas_are_sent_as_functions(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("5"))
    tool = FunctionTool(add)
    await make_client().create(HI, tools=[tool, STRICT_LOOKUP])

    body = server.requests[0].json
    assert body["tool_choice"] == "auto"
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "add",
                "description": "Add two integers.",
                "parameters": dict(tool.schema["parameters"]),
            },
        },
        {
            "type": "function",
            "function": {
                "name": "lookup",
                "description": "Look a word up.",
                "parameters": dict(STRICT_LOOKUP["parameters"]),
                "strict": True,
            },
        },
    ]


@pytest.mark.parametrize(
    ("tool_choice", "sent"),
    [
        ("auto", "auto"),
        ("required", "required"),
        ("none", "none"),
        ("lookup", {"type": "function", "function": {"name": "lookup"}}),
    ],
)
async def test_tool_choice_is_sent(
    server: ScriptedOpenAIServer, make_client: MakeClient, tool_choice: str, sent: Any
) -> None:
    server.enqueue(TextReply("ok"))
    await make_client().create(
        HI, tools=[STRICT_LOOKUP, FunctionTool(add)], tool_choice=tool_choice
    )
    assert server.requests[0].json["tool_choice"] == sent


async def test_no_tools_sends_neither_tools_nor_choice(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("ok"))
    await make_client().create(HI)
    assert "tools" not in server.requests[0].json
    assert "tool_choice" not in server.requests[0].json


@pytest.mark.parametrize(
    ("tools", "tool_choice", "message"),
    [
        ([STRICT_LOOKUP], "search", "names 'search', which is not among the tools given"),
        ([], "required", "tool_choice='required' needs tools"),
        ([STRICT_LOOKUP, STRICT_LOOKUP], "auto", r"tools\[1\]: two tools are named 'lookup'"),
        ([{"name": "look up"}], "auto", r"tools\[0\] is named 'look up'"),
        (["lookup"], "auto", r"tools\[0\] is a str; expected a Tool or a ToolSchema"),
    ],
)
async def test_bad_tools_or_choice_are_refused_before_sending(
    server: ScriptedOpenAIServer,
    make_client: MakeClient,
    tools: list[Any],
    tool_choice: str,
    message: str,
) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        await make_client().create(HI, tools=tools, tool_choice=tool_choice)
    assert server.requests == []


async def test_parallel_tool_calls_come_back_in_order(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(ToolCallReply([("add", {"a": 2, "b": 3}), ("add", {"a": 4, "b": 5})]))
    client = make_client("gpt-4o", parallel_tool_calls=True)
    result = await client.create(HI, tools=[FunctionTool(add)])

    assert result.finish_reason == "function_calls"
    assert result.content == [
        FunctionCall(id="call_1_0", name="add", arguments='{"a":2,"b":3}'),
        FunctionCall(id="call_1_1", name="add", arguments='{"a":4,"b":5}'),
    ]
    assert server.requests[0].json["parallel_tool_calls"] is True


async def test_malformed_arguments_are_passed_through_as_text(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(ToolCallReply([("add", '{"a": 2, "b": ')]))
    server.enqueue(ToolCallReply([("add", '{"a": 2, "b": ')]))
    client = make_client()
    created = await client.create(HI, tools=[FunctionTool(add)])
    streamed = [part async for part in client.create_stream(HI, tools=[FunctionTool(add)])][-1]

    for result in (created, streamed):
        assert not isinstance(result, str)
        assert isinstance(result.content, list)
        assert result.content[0].arguments == '{"a": 2, "b": '


async def test_text_next_to_tool_calls_becomes_the_thought(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(
        ToolCallReply(
            [("add", {"a": 2, "b": 3})], content="Adding.", reasoning_content="Need a tool."
        )
    )
    result = await make_client().create(HI, tools=[FunctionTool(add)])
    assert isinstance(result.content, list)
    assert result.thought == "Need a tool.\nAdding."


async def test_tool_calls_with_finish_reason_stop_count_as_function_calls(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(ToolCallReply([("add", {"a": 1, "b": 1})], finish_reason="stop"))
    result = await make_client().create(HI, tools=[FunctionTool(add)])
    assert result.finish_reason == "function_calls"
