"""``create_stream`` over real HTTP: chunks, the final result, usage and truncation."""

from __future__ import annotations

import pytest

from agentplex import FunctionCall
from agentplex.models import CreateResult, UserMessage
from agentplex_openai import IncompleteStreamError, OpenAIChatCompletionClient
from agentplex_openai.testing import ScriptedOpenAIServer, TextReply, ToolCallReply

from .conftest import MakeClient, Part, drain

HI = [UserMessage(content="Hi")]


async def collect(
    client: OpenAIChatCompletionClient, **options: object
) -> tuple[list[str], CreateResult]:
    parts = [part async for part in client.create_stream(HI, **options)]  # type: ignore[arg-type]
    *chunks, result = parts
    assert all(isinstance(chunk, str) for chunk in chunks)
    assert isinstance(result, CreateResult)
    return [str(chunk) for chunk in chunks], result


async def test_text_chunks_then_result_with_real_usage(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(
        TextReply(
            "Hello, world!",
            chunks=["Hel", "lo, ", "world!"],
            reasoning_content="greeting",
            prompt_tokens=9,
            completion_tokens=4,
            cached_tokens=3,
        )
    )
    client = make_client("gpt-4o")

    chunks, result = await collect(client)

    assert chunks == ["Hel", "lo, ", "world!"]
    assert result.content == "".join(chunks)
    assert result.finish_reason == "stop"
    assert result.thought == "greeting"
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (9, 4)
    assert result.usage.cached_prompt_tokens == 3
    assert client.total_usage() == result.usage
    body = server.requests[0].json
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}


async def test_streamed_tool_call_deltas_are_assembled_by_index(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(
        ToolCallReply(
            [("search", {"query": "agentplex plugins"}), ("add", {"a": 1, "b": 2})],
            content="Let me check.",
        )
    )
    chunks, result = await collect(make_client(), tools=[{"name": "search"}, {"name": "add"}])

    assert chunks == ["Let ", "me c", "heck", "."]
    assert result.finish_reason == "function_calls"
    assert result.content == [
        FunctionCall(id="call_1_0", name="search", arguments='{"query":"agentplex plugins"}'),
        FunctionCall(id="call_1_1", name="add", arguments='{"a":1,"b":2}'),
    ]
    assert result.thought == "Let me check."


async def test_stream_without_finish_reason_is_an_error(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("The answer is", omit_finish_reason=True))
    received: list[Part] = []
    with pytest.raises(IncompleteStreamError, match=r"'gpt-4o' ended after .* without a finish"):
        await drain(make_client().create_stream(HI), received)
    assert received == ["The ", "answ", "er i", "s"]


async def test_stream_usage_adds_up_with_create(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(
        TextReply("a", prompt_tokens=5, completion_tokens=1),
        TextReply("b", prompt_tokens=7, completion_tokens=2),
    )
    client = make_client("gpt-4o-mini")
    await client.create(HI)
    await collect(client)
    total = client.total_usage()
    assert (total.prompt_tokens, total.completion_tokens) == (12, 3)
    assert total.cost == pytest.approx((12 * 0.15 + 3 * 0.6) / 1_000_000)
    assert client.actual_usage() == total


async def test_a_closed_stream_stops_reading(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("x" * 400, chunk_delay=0.02))
    stream = make_client().create_stream(HI)
    assert await anext(stream) == "xxxx"
    await stream.aclose()
    await server.wait_for_disconnects(1)
    assert server.requests[0].disconnected
