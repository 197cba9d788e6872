"""ReplayChatCompletionClient: scripts, streaming, usage, latency, exhaustion, dump/load."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from pydantic import BaseModel

from agentplex import CancellationToken, ComponentError, FunctionCall, Image
from agentplex.models import (
    AssistantMessage,
    ChatCompletionClient,
    CreateResult,
    FunctionExecutionResult,
    FunctionExecutionResultMessage,
    LLMMessage,
    ModelInfo,
    ReplayChatCompletionClient,
    ReplayExhaustedError,
    RequestUsage,
    SystemMessage,
    UserMessage,
)
from agentplex.tools import FunctionTool, ToolSchema

ASK: list[LLMMessage] = [
    SystemMessage(content="be brief"),
    UserMessage(content="add two and three"),
]
ADD_CALL = FunctionCall(id="call-1", name="add", arguments='{"a": 2, "b": 3}')
ADD_SCHEMA: ToolSchema = {
    "name": "add",
    "description": "Add two numbers.",
    "parameters": {"type": "object", "properties": {"a": {"type": "number"}}},
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8


class Answer(BaseModel):
    value: int


async def collect(stream: AsyncIterator[str | CreateResult]) -> list[str | CreateResult]:
    return [item async for item in stream]


async def test_text_and_function_call_responses_in_order() -> None:
    client = ReplayChatCompletionClient(["Let me add.", [ADD_CALL], "It is 5."])

    first = await client.create(ASK)
    second = await client.create(ASK, tools=[ADD_SCHEMA], json_output=Answer)
    third = await client.create(ASK)

    assert (first.finish_reason, first.content) == ("stop", "Let me add.")
    assert (second.finish_reason, second.content) == ("function_calls", [ADD_CALL])
    assert third.content == "It is 5."
    assert not first.cached
    assert [call.stream for call in client.calls] == [False, False, False]
    assert client.calls[1].tools == [ADD_SCHEMA]
    assert client.calls[1].json_output is Answer
    assert client.calls[0].messages == ASK


async def test_tools_are_recorded_as_their_schemas() -> None:
    def multiply(a: int, b: int) -> int:
        """Multiply two numbers."""
        return a * b

    tool = FunctionTool(multiply)
    client = ReplayChatCompletionClient(["ok"])
    await client.create(ASK, tools=[tool, ADD_SCHEMA], tool_choice="multiply")
    [call] = client.calls
    assert call.tools == [tool.schema, ADD_SCHEMA]
    assert call.tool_choice == "multiply"
    with pytest.raises(TypeError, match=r"tools\[0\] is a function"):
        await client.create(ASK, tools=[multiply])  # type: ignore[list-item]


async def test_scripted_create_result_keeps_its_fields() -> None:
    usage = RequestUsage(prompt_tokens=100, completion_tokens=7, cost=0.01)
    given = CreateResult(finish_reason="length", content="cut", usage=usage, thought="hmm")
    counted = CreateResult(finish_reason="stop", content="two words", usage=RequestUsage())
    client = ReplayChatCompletionClient([given, counted])

    first = await client.create(ASK)
    second = await client.create(ASK)

    assert first == given
    assert second.usage.completion_tokens == 2
    assert second.usage.prompt_tokens == client.count_tokens(ASK)
    assert client.total_usage() == usage + second.usage


async def test_stream_splits_on_whitespace_keeping_it() -> None:
    text = "  Hello big\n world "
    items = await collect(ReplayChatCompletionClient([text]).create_stream(ASK))

    chunks, final = items[:-1], items[-1]
    assert chunks == ["  ", "Hello ", "big\n ", "world "]
    assert isinstance(final, CreateResult)
    assert final.content == text


async def test_stream_with_a_chunk_size() -> None:
    client = ReplayChatCompletionClient(["abcdefghij"], stream_chunk_size=4)
    items = await collect(client.create_stream(ASK))
    assert items[:-1] == ["abcd", "efgh", "ij"]
    assert isinstance(items[-1], CreateResult)


async def test_stream_of_function_calls_is_only_the_result() -> None:
    client = ReplayChatCompletionClient([[ADD_CALL]])
    items = await collect(client.create_stream(ASK, tools=[ADD_SCHEMA]))
    assert len(items) == 1
    assert isinstance(items[0], CreateResult)
    assert items[0].finish_reason == "function_calls"
    assert client.calls[0].stream


async def test_usage_counts_words_of_prompt_and_reply() -> None:
    client = ReplayChatCompletionClient(["five is the answer", [ADD_CALL]])
    prompt_words = 2 + 4  # "be brief", "add two and three"

    first = await client.create(ASK)
    second = await client.create(ASK)

    assert first.usage == RequestUsage(prompt_tokens=prompt_words, completion_tokens=4)
    call_words = len(ADD_CALL.name.split()) + len(ADD_CALL.arguments.split())
    assert second.usage.completion_tokens == call_words
    assert client.actual_usage() == first.usage + second.usage
    assert client.total_usage() == client.actual_usage()


async def test_custom_token_counter_is_used() -> None:
    client = ReplayChatCompletionClient(["abc"], token_counter=len)
    result = await client.create([UserMessage(content="hello")])
    assert result.usage == RequestUsage(prompt_tokens=5, completion_tokens=3)


def test_count_and_remaining_tokens() -> None:
    messages: list[LLMMessage] = [
        UserMessage(content=["one two", Image.from_bytes(PNG)]),
        AssistantMessage(content=[FunctionCall(id="1", name="f", arguments="x y")]),
        FunctionExecutionResultMessage(
            content=[FunctionExecutionResult(content="r1 r2 r3", name="f", call_id="1")]
        ),
    ]
    client = ReplayChatCompletionClient([], token_counter=lambda text: len(text.split()))
    tokens = client.count_tokens(messages)
    assert tokens == 2 + 85 + 3 + 3
    with_tools = client.count_tokens(messages, tools=[ADD_SCHEMA])
    assert with_tools == tokens + len(json.dumps(ADD_SCHEMA).split())
    assert client.remaining_tokens(messages) == 128_000 - tokens

    info: ModelInfo = {**client.model_info, "context_window": 50}
    small = ReplayChatCompletionClient([], model_info=info)
    assert small.remaining_tokens(messages) == 50 - tokens


def test_model_info_defaults_to_capable_and_can_be_overridden() -> None:
    client = ReplayChatCompletionClient([])
    info = client.model_info
    flags = (info["function_calling"], info["vision"], info["json_output"])
    assert flags == (True, True, True)
    assert info["structured_output"] is True
    assert info["family"] == "unknown"
    plain: ModelInfo = {**info, "function_calling": False, "family": "llama"}
    assert ReplayChatCompletionClient([], model_info=plain).model_info == plain


async def test_latency_delays_the_answer() -> None:
    client = ReplayChatCompletionClient(["slow"], latency=0.2)
    task = asyncio.ensure_future(client.create(ASK))
    await asyncio.sleep(0.02)
    assert not task.done()
    assert (await task).content == "slow"


async def test_cancelling_during_latency_raises_at_once_and_keeps_the_response() -> None:
    client = ReplayChatCompletionClient(["kept"], latency=30)
    token = CancellationToken()
    task = asyncio.ensure_future(client.create(ASK, cancellation_token=token))
    await asyncio.sleep(0.01)

    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, timeout=5)

    fast = ReplayChatCompletionClient(["kept"])
    assert len(client.calls) == 1
    with pytest.raises(asyncio.CancelledError):
        await fast.create(ASK, cancellation_token=token)
    assert (await fast.create(ASK)).content == "kept"


async def test_cancelling_mid_stream_stops_the_stream() -> None:
    client = ReplayChatCompletionClient(["one two three"])
    token = CancellationToken()
    stream = client.create_stream(ASK, cancellation_token=token)
    assert await anext(stream) == "one "
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await anext(stream)


async def test_running_out_says_how_many_and_what_came_last() -> None:
    client = ReplayChatCompletionClient(["a", "b"])
    await client.create(ASK)
    await client.create(ASK)

    with pytest.raises(ReplayExhaustedError) as info:
        await client.create([UserMessage(content="and now?")])

    message = str(info.value)
    assert "2 were scripted" in message
    assert "call 3" in message
    assert "UserMessage 'and now?'" in message
    result = FunctionExecutionResultMessage(
        content=[FunctionExecutionResult(content="5", name="add", call_id="c")]
    )
    with pytest.raises(ReplayExhaustedError, match="FunctionExecutionResultMessage 'add: 5'"):
        await collect(client.create_stream([result]))


async def test_reset_rewinds_the_script() -> None:
    client = ReplayChatCompletionClient(["first", "second"])
    await client.create(ASK)
    client.reset()
    assert client.calls == []
    assert client.total_usage() == RequestUsage()
    assert (await client.create(ASK)).content == "first"
    assert (await client.create(ASK)).content == "second"


async def test_async_context_manager() -> None:
    async with ReplayChatCompletionClient(["ok"]) as client:
        assert (await client.create(ASK)).content == "ok"


async def test_dump_and_load_round_trip() -> None:
    given = CreateResult(
        finish_reason="stop", content="scripted", usage=RequestUsage(prompt_tokens=3), thought="t"
    )
    info: ModelInfo = {
        "vision": False,
        "function_calling": True,
        "json_output": False,
        "structured_output": False,
        "family": "llama",
        "context_window": 4096,
    }
    client = ReplayChatCompletionClient(
        ["hello there", [ADD_CALL], given],
        model_info=info,
        latency=0.001,
        stream_chunk_size=3,
    )

    spec = client.dump_component()
    assert spec.provider == "replay"
    assert spec.component_type == "model_client"
    loaded = ChatCompletionClient.load_component(spec.model_dump_json())

    assert isinstance(loaded, ReplayChatCompletionClient)
    assert loaded.model_info == info
    assert loaded.dump_component() == spec
    assert await collect(loaded.create_stream(ASK)) == await collect(client.create_stream(ASK))
    assert (await loaded.create(ASK)).content == [ADD_CALL]
    assert await loaded.create(ASK) == given


def test_default_model_info_is_not_frozen_into_a_dump() -> None:
    spec = ReplayChatCompletionClient(["x"]).dump_component()
    assert spec.config["model_info"] is None


def test_custom_token_counter_refuses_to_dump() -> None:
    client = ReplayChatCompletionClient(["x"], token_counter=len)
    with pytest.raises(ComponentError, match="token_counter"):
        client.dump_component()


def test_bad_scripts_are_refused_with_the_position() -> None:
    with pytest.raises(TypeError, match="wrap a single one"):
        ReplayChatCompletionClient("hello")
    with pytest.raises(TypeError, match=r"responses\[1\] is a int"):
        ReplayChatCompletionClient(["ok", 3])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"responses\[0\] is a list"):
        ReplayChatCompletionClient([["not a call"]])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"responses\[0\] is an empty list"):
        ReplayChatCompletionClient([[]])
    with pytest.raises(ValueError, match="latency"):
        ReplayChatCompletionClient([], latency=-1)
    with pytest.raises(ValueError, match="stream_chunk_size"):
        ReplayChatCompletionClient([], stream_chunk_size=0)
    with pytest.raises(ValueError, match="missing function_calling"):
        ReplayChatCompletionClient([], model_info={"vision": True})


def test_invalid_config_is_a_component_error() -> None:
    spec = {"provider": "replay", "config": {"responses": ["a"], "latency": -2}}
    with pytest.raises(ComponentError, match="field 'latency'"):
        ChatCompletionClient.load_component(spec)


async def test_prompt_tokens_of_a_growing_prompt_match_a_full_count() -> None:
    client = ReplayChatCompletionClient(["one two", "three", "four five six", "ok"])
    system = SystemMessage(content="be brief please")
    history: list[LLMMessage] = [UserMessage(content="a b c", source="u")]
    for _ in range(3):
        prompt = [system, *history]
        result = await client.create(prompt)
        assert result.usage.prompt_tokens == client.count_tokens(prompt)
        history += [AssistantMessage(content=str(result.content)), UserMessage(content="d e")]
    replaced = [SystemMessage(content="x"), *history[1:]]  # a different first message
    result = await client.create(replaced)
    assert result.usage.prompt_tokens == client.count_tokens(replaced)


async def test_record_calls_off_keeps_only_the_latest() -> None:
    client = ReplayChatCompletionClient(["a", "b"], record_calls=False)
    await client.create([UserMessage(content="first", source="u")])
    await client.create([UserMessage(content="second", source="u")])
    assert [call.messages[0].content for call in client.calls] == ["second"]
    loaded = ReplayChatCompletionClient.load_component(client.dump_component())
    assert loaded.dump_component().config["record_calls"] is False
