"""EchoChatCompletionClient against the ChatCompletionClient contract."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic import BaseModel

from agentplex import CancellationToken, FunctionCall, Image
from agentplex.models import (
    AssistantMessage,
    CreateResult,
    FunctionExecutionResult,
    FunctionExecutionResultMessage,
    LLMMessage,
    RequestUsage,
    SystemMessage,
    UserMessage,
)
from agentplex.tools import FunctionTool, ToolSchema
from agentplex_echo import ECHO_MODEL_INFO, EchoChatCompletionClient

HELLO: list[LLMMessage] = [
    SystemMessage(content="You are helpful."),
    UserMessage(content="hello there friend"),
]
ADD_RULE = {"pattern": r"add (\d+) and (\d+)", "call": "add", "arguments": {"a": r"\1", "b": r"\2"}}


async def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


ADD = FunctionTool(add)


def ask(text: str) -> list[LLMMessage]:
    return [UserMessage(content=text)]


async def test_echoes_the_last_message_after_the_prefix() -> None:
    client = EchoChatCompletionClient(prefix="echo: ")
    result = await client.create(HELLO)
    assert result.content == "echo: hello there friend"
    assert result.finish_reason == "stop"
    assert result.usage == RequestUsage(prompt_tokens=6, completion_tokens=4)


async def test_usage_adds_up_across_calls() -> None:
    client = EchoChatCompletionClient()
    first = await client.create(ask("one two"))
    second = await client.create(ask("three"))
    assert client.actual_usage() == first.usage + second.usage
    assert client.total_usage() == client.actual_usage()
    assert client.total_usage().completion_tokens == 3


async def test_first_matching_rule_answers_with_its_groups() -> None:
    client = EchoChatCompletionClient(
        rules=[
            {"pattern": r"(?i)^bye", "reply": "Goodbye."},
            {"pattern": r"my name is (?P<name>\w+)", "reply": r"Hi \g<name>!"},
            {"pattern": r"name", "reply": "never reached"},
        ]
    )
    assert (await client.create(ask("Well, my name is Ada"))).content == "Hi Ada!"
    assert (await client.create(ask("BYE now"))).content == "Goodbye."
    assert (await client.create(ask("nothing matches"))).content == "nothing matches"


async def test_rule_calls_an_offered_tool_with_filled_arguments() -> None:
    client = EchoChatCompletionClient(rules=[ADD_RULE])
    result = await client.create(ask("please add 2 and 40"), tools=[ADD])
    assert result.finish_reason == "function_calls"
    assert isinstance(result.content, list)
    (call,) = result.content
    assert (call.name, call.arguments) == ("add", '{"a": "2", "b": "40"}')
    assert await ADD.run_json({"a": "2", "b": "40"}, CancellationToken()) == 42
    again = await client.create(ask("add 1 and 1"), tools=[ADD.schema])
    assert isinstance(again.content, list)
    assert again.content[0].id != call.id


async def test_call_rules_apply_only_when_the_tool_is_offered_and_allowed() -> None:
    client = EchoChatCompletionClient(rules=[ADD_RULE])
    assert (await client.create(ask("add 2 and 3"))).content == "add 2 and 3"
    none = await client.create(ask("add 2 and 3"), tools=[ADD], tool_choice="none")
    assert none.content == "add 2 and 3"
    named = await client.create(ask("add 2 and 3"), tools=[ADD], tool_choice="add")
    assert named.finish_reason == "function_calls"


async def test_required_tool_choice_without_a_rule_is_refused() -> None:
    client = EchoChatCompletionClient(rules=[ADD_RULE])
    with pytest.raises(ValueError, match="requires a call to a tool"):
        await client.create(ask("hello"), tools=[ADD], tool_choice="required")
    with pytest.raises(ValueError, match="tool 'multiply', which is not among the tools given"):
        await client.create(ask("add 1 and 2"), tools=[ADD], tool_choice="multiply")


async def test_tool_results_are_answered_with_their_text() -> None:
    client = EchoChatCompletionClient(prefix="never: ")
    messages: list[LLMMessage] = [
        UserMessage(content="add 2 and 3"),
        AssistantMessage(content=[FunctionCall(id="c1", name="add", arguments="{}")]),
        FunctionExecutionResultMessage(
            content=[
                FunctionExecutionResult(content="5", name="add", call_id="c1"),
                FunctionExecutionResult(content="boom", name="x", call_id="c2", is_error=True),
            ]
        ),
    ]
    assert (await client.create(messages)).content == "5\nboom"


async def test_stream_yields_words_then_the_result() -> None:
    client = EchoChatCompletionClient(prefix="> ")
    parts = [part async for part in client.create_stream(ask("a b  c"))]
    *chunks, result = parts
    assert chunks == ["> ", "a ", "b  ", "c"]
    assert isinstance(result, CreateResult)
    assert result.content == "".join(str(chunk) for chunk in chunks)
    sized = EchoChatCompletionClient(stream_chunk_size=4)
    sized_parts = [part async for part in sized.create_stream(ask("abcdefghij"))]
    assert sized_parts[:-1] == ["abcd", "efgh", "ij"]


async def test_stream_of_a_tool_call_yields_only_the_result() -> None:
    client = EchoChatCompletionClient(rules=[ADD_RULE])
    parts = [part async for part in client.create_stream(ask("add 1 and 2"), tools=[ADD])]
    assert len(parts) == 1
    assert isinstance(parts[0], CreateResult)
    assert parts[0].finish_reason == "function_calls"


async def test_cancelling_stops_a_stream_between_chunks() -> None:
    client = EchoChatCompletionClient()
    token = CancellationToken()
    received: list[str | CreateResult] = []

    async def read_and_cancel() -> None:
        async for part in client.create_stream(ask("one two three four"), cancellation_token=token):
            received.append(part)
            token.cancel()

    with pytest.raises(asyncio.CancelledError):
        await read_and_cancel()
    assert received == ["one "]
    with pytest.raises(asyncio.CancelledError):
        await client.create(ask("late"), cancellation_token=token)


async def test_counts_tokens_as_words_within_the_context_window() -> None:
    client = EchoChatCompletionClient(model_info={**ECHO_MODEL_INFO, "context_window": 10})
    assert client.count_tokens(HELLO) == 6
    assert client.remaining_tokens(HELLO) == 4
    with_tool = client.count_tokens(HELLO, tools=[ADD])
    assert with_tool > 6
    assert client.remaining_tokens(HELLO, tools=[ADD]) == 10 - with_tool


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"extra_create_args": {"temperature": 0}}, "takes no extra_create_args"),
        ({"json_output": True}, "does not declare json_output"),
    ],
)
async def test_refuses_what_it_cannot_do(kwargs: dict[str, Any], message: str) -> None:
    client = EchoChatCompletionClient()
    with pytest.raises(ValueError, match=message):
        await client.create(ask("hi"), **kwargs)


async def test_refuses_images_and_empty_prompts() -> None:
    client = EchoChatCompletionClient()
    image = Image.from_base64(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    with pytest.raises(ValueError, match="cannot read images"):
        await client.create([UserMessage(content=["look", image])])
    with pytest.raises(ValueError, match="at least one message"):
        await client.create([])


class Weather(BaseModel):
    city: str
    degrees: int


async def test_declared_json_output_checks_the_reply() -> None:
    info = {**ECHO_MODEL_INFO, "json_output": True, "structured_output": True}
    client = EchoChatCompletionClient(
        model_info=info,
        rules=[{"pattern": r"weather in (\w+)", "reply": r'{"city": "\1", "degrees": 21}'}],
    )
    result = await client.create(ask("weather in Oslo"), json_output=Weather)
    assert isinstance(result.content, str)
    assert Weather.model_validate_json(result.content) == Weather(city="Oslo", degrees=21)
    with pytest.raises(ValueError, match="is not the JSON asked for"):
        await client.create(ask("plain words"), json_output=True)


async def test_tools_need_function_calling() -> None:
    client = EchoChatCompletionClient(model_info={**ECHO_MODEL_INFO, "function_calling": False})
    with pytest.raises(ValueError, match="function_calling is False"):
        await client.create(ask("hi"), tools=[ADD])
    schema: ToolSchema = {
        "name": "noop",
        "description": "",
        "parameters": {"type": "object", "properties": {}},
    }
    assert (await client.create(ask("hi"), tools=[])).content == "hi"
    with pytest.raises(ValueError, match="function_calling is False"):
        await client.create(ask("hi"), tools=[schema])


async def test_a_closed_client_refuses_calls() -> None:
    async with EchoChatCompletionClient() as client:
        assert (await client.create(ask("hi"))).content == "hi"
    with pytest.raises(RuntimeError, match="closed"):
        await client.create(ask("hi"))


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"pattern": "(", "reply": "x"}, "not a regex"),
        ({"pattern": "x"}, "exactly one of 'reply' and 'call'"),
        ({"pattern": "x", "reply": "y", "arguments": {"a": 1}}, "belong to a rule with 'call'"),
    ],
)
def test_invalid_rules_are_refused(rule: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EchoChatCompletionClient(rules=[rule])


async def test_a_template_naming_a_missing_group_says_which_rule() -> None:
    client = EchoChatCompletionClient(rules=[{"pattern": "hi", "reply": r"\2"}])
    with pytest.raises(ValueError, match=r"echo rule 0 \(pattern 'hi'\)"):
        await client.create(ask("hi"))
