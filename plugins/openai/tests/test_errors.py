"""Provider errors, retries, timeouts and cancellation over real HTTP."""

from __future__ import annotations

import asyncio

import openai
import pytest

from agentplex import CancellationToken
from agentplex.models import UserMessage
from agentplex_openai.testing import ErrorReply, ScriptedOpenAIServer, TextReply

from .conftest import MakeClient, Part, drain

HI = [UserMessage(content="Hi")]


async def test_rate_limit_and_overload_are_retried_then_succeed(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(
        ErrorReply(429, "slow down", retry_after=0.01),
        ErrorReply(503, "overloaded", retry_after=0.01),
        TextReply("finally"),
    )
    client = make_client(max_retries=2)
    result = await client.create(HI)
    assert result.content == "finally"
    retries = [request.headers["x-stainless-retry-count"] for request in server.requests]
    assert retries == ["0", "1", "2"]


async def test_rate_limit_beyond_max_retries_surfaces(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(*[ErrorReply(429, "slow down", retry_after=0.01)] * 2, TextReply("unused"))
    with pytest.raises(openai.RateLimitError) as caught:
        await make_client(max_retries=1).create(HI)
    assert caught.value.status_code == 429
    assert len(server.requests) == 2
    assert server.pending == 1


async def test_server_error_without_retries_carries_status_and_message(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(ErrorReply(500, "model overloaded"), TextReply("unused"))
    client = make_client(max_retries=0)
    with pytest.raises(openai.InternalServerError, match="model overloaded") as caught:
        await client.create(HI)
    assert caught.value.status_code == 500
    assert caught.value.body == {
        "message": "model overloaded",
        "type": "server_error",
        "param": None,
        "code": None,
    }
    assert len(server.requests) == 1
    assert client.total_usage().prompt_tokens == 0


async def test_bad_request_surfaces_with_its_code(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(ErrorReply(400, "bad tool", param="tools", code="invalid_value"))
    with pytest.raises(openai.BadRequestError) as caught:
        await make_client().create(HI)
    assert (caught.value.status_code, caught.value.code) == (400, "invalid_value")


async def test_error_in_a_stream_request_surfaces(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(ErrorReply(500, "broken stream"))
    with pytest.raises(openai.InternalServerError, match="broken stream"):
        await drain(make_client().create_stream(HI))


async def test_timeout_raises_and_drops_the_request(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("too late", delay=5))
    with pytest.raises(openai.APITimeoutError):
        await make_client(timeout=0.2).create(HI)
    await server.wait_for_disconnects(1)


async def test_cancelling_create_aborts_the_request(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("too late", delay=5))
    token = CancellationToken()
    task = asyncio.create_task(make_client().create(HI, cancellation_token=token))
    while not server.requests:  # noqa: ASYNC110 (the server thread cannot set our events)
        await asyncio.sleep(0.01)
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await server.wait_for_disconnects(1)


async def test_cancelling_a_stream_closes_the_response(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("x" * 400, chunk_delay=0.02))
    token = CancellationToken()
    received: list[Part] = []
    with pytest.raises(asyncio.CancelledError):
        await drain(
            make_client().create_stream(HI, cancellation_token=token),
            received,
            cancel=token,
            after=2,
        )
    await server.wait_for_disconnects(1)
    assert received == ["xxxx", "xxxx"]
    assert server.requests[0].disconnected


async def test_no_chunk_is_yielded_after_cancellation(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("x" * 400))  # sent at once: the chunks arrive before they are read
    token = CancellationToken()
    received: list[Part] = []
    with pytest.raises(asyncio.CancelledError):
        await drain(
            make_client().create_stream(HI, cancellation_token=token), received, cancel=token
        )
    assert received == ["xxxx"]


async def test_an_already_cancelled_token_sends_nothing(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    token = CancellationToken()
    token.cancel()
    client = make_client()
    with pytest.raises(asyncio.CancelledError):
        await client.create(HI, cancellation_token=token)
    with pytest.raises(asyncio.CancelledError):
        await drain(client.create_stream(HI, cancellation_token=token))
    assert server.requests == []
