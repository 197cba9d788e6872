"""The scripted server, driven by the real openai SDK over HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx2
import openai
import pytest
from openai.lib.streaming.chat import ChatCompletionStreamState
from openai.types.chat import ChatCompletionChunk, ChatCompletionMessageParam

import agentplex_openai.testing
from agentplex_openai.testing import (
    ErrorReply,
    ScriptedOpenAIServer,
    TextReply,
    ToolCallReply,
)

MESSAGES: list[ChatCompletionMessageParam] = [{"role": "user", "content": "hi"}]


@pytest.fixture(scope="module")
def running() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer() as server:
        yield server


@pytest.fixture
def server(running: ScriptedOpenAIServer) -> Iterator[ScriptedOpenAIServer]:
    yield running
    running.reset()
    running.default = None
    running.expect_api_key = None


@pytest.fixture
async def client(server: ScriptedOpenAIServer) -> AsyncIterator[openai.AsyncOpenAI]:
    async with openai.AsyncOpenAI(
        base_url=server.base_url, api_key="sk-test", max_retries=0
    ) as client:
        yield client


async def collect(client: openai.AsyncOpenAI, **options: Any) -> list[ChatCompletionChunk]:
    stream = await client.chat.completions.create(
        model="gpt-test", messages=MESSAGES, stream=True, **options
    )
    return [chunk async for chunk in stream]


def test_public_names_are_sorted_and_complete() -> None:
    names = agentplex_openai.testing.__all__
    assert names == sorted(names)
    public = {name for name in vars(agentplex_openai.testing) if not name.startswith("_")}
    assert public == set(names)


# --- lifecycle ---------------------------------------------------------------


def _serving_threads() -> int:
    return sum(thread.name == "scripted-openai-server" for thread in threading.enumerate())


def _port_is_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return False
    return True


def test_start_stop_restart_closes_port_and_thread() -> None:
    server = ScriptedOpenAIServer()
    threads = _serving_threads()
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.base_url
    for _ in range(2):
        server.start()
        port = server.port
        assert server.base_url == f"http://127.0.0.1:{port}/v1"
        assert server.azure_endpoint == f"http://127.0.0.1:{port}"
        assert _port_is_open(port)
        assert _serving_threads() == threads + 1
        with pytest.raises(RuntimeError, match="already running"):
            server.start()
        server.stop()
        assert not _port_is_open(port)
        assert _serving_threads() == threads
    server.stop()


async def test_context_manager_serves_then_closes() -> None:
    with ScriptedOpenAIServer(TextReply("from default")) as server:
        port = server.port
        async with openai.AsyncOpenAI(base_url=server.base_url, api_key="k") as client:
            reply = await client.chat.completions.create(model="m", messages=MESSAGES)
        assert reply.choices[0].message.content == "from default"
    assert not _port_is_open(port)


# --- text replies --------------------------------------------------------------


async def test_text_reply_is_a_chat_completion(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    server.enqueue(
        TextReply(
            "Paris.",
            reasoning_content="The capital of France.",
            prompt_tokens=12,
            completion_tokens=3,
            cached_tokens=8,
        )
    )
    completion = await client.chat.completions.create(model="gpt-test", messages=MESSAGES)

    assert completion.object == "chat.completion"
    assert completion.id == "chatcmpl-scripted-1"
    assert completion.model == "gpt-test"
    choice = completion.choices[0]
    assert choice.finish_reason == "stop"
    assert choice.message.role == "assistant"
    assert choice.message.content == "Paris."
    assert choice.message.model_extra == {"reasoning_content": "The capital of France."}
    assert completion.usage is not None
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (12, 3)
    assert completion.usage.total_tokens == 15
    assert completion.usage.prompt_tokens_details is not None
    assert completion.usage.prompt_tokens_details.cached_tokens == 8

    [request] = server.requests
    assert (request.method, request.path) == ("POST", "/v1/chat/completions")
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.json == {"model": "gpt-test", "messages": MESSAGES}
    assert not request.disconnected


async def test_reply_model_and_finish_reason_override(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    server.enqueue(TextReply("cut", finish_reason="length", model="gpt-4o-2024-08-06"))
    completion = await client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert completion.model == "gpt-4o-2024-08-06"
    assert completion.choices[0].finish_reason == "length"


async def test_stream_sends_role_reasoning_content_then_finish(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    server.enqueue(TextReply("Hello there!", reasoning_content="greet back"))
    chunks = await collect(client)

    assert {chunk.object for chunk in chunks} == {"chat.completion.chunk"}
    assert all(chunk.usage is None for chunk in chunks)
    deltas = [chunk.choices[0].delta for chunk in chunks]
    assert deltas[0].role == "assistant"
    assert deltas[0].content == ""
    reasoning = [delta.model_extra["reasoning_content"] for delta in deltas if delta.model_extra]
    assert reasoning == ["gree", "t ba", "ck"]
    assert deltas.index(next(d for d in deltas if d.content)) > 2  # content after reasoning
    assert "".join(delta.content or "" for delta in deltas) == "Hello there!"
    assert [chunk.choices[0].finish_reason for chunk in chunks][-2:] == [None, "stop"]


async def test_stream_uses_given_chunks_and_usage_only_when_asked(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    reply = TextReply("one two", chunks=["one", " two"], prompt_tokens=7, cached_tokens=2)
    server.enqueue(reply, reply)

    plain = await collect(client)
    with_usage = await collect(client, stream_options={"include_usage": True})

    assert [chunk.choices[0].delta.content for chunk in plain] == ["", "one", " two", None]
    assert all(chunk.usage is None for chunk in plain)
    *content_chunks, usage_chunk = with_usage
    assert [chunk.choices[0].delta.content for chunk in content_chunks] == ["", "one", " two", None]
    assert all(chunk.usage is None for chunk in content_chunks)
    assert usage_chunk.choices == []
    assert usage_chunk.usage is not None
    assert usage_chunk.usage.prompt_tokens == 7
    assert usage_chunk.usage.prompt_tokens_details is not None
    assert usage_chunk.usage.prompt_tokens_details.cached_tokens == 2


async def test_stream_can_end_without_finish_reason(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    server.enqueue(TextReply("partial", omit_finish_reason=True))
    chunks = await collect(client, stream_options={"include_usage": True})
    assert "".join(chunk.choices[0].delta.content or "" for chunk in chunks[:-1]) == "partial"
    assert all(choice.finish_reason is None for chunk in chunks for choice in chunk.choices)
    assert chunks[-1].usage is not None


# --- tool calls ------------------------------------------------------------------


async def test_tool_call_reply_is_a_chat_completion(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    server.enqueue(ToolCallReply([("weather", {"city": "Paris"}), ("broken", '{"city": ')]))
    completion = await client.chat.completions.create(model="gpt-test", messages=MESSAGES)

    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    calls = choice.message.tool_calls or []
    assert [(call.id, call.type) for call in calls] == [
        ("call_1_0", "function"),
        ("call_1_1", "function"),
    ]
    functions = [(call.function.name, call.function.arguments) for call in calls]  # type: ignore[union-attr]
    assert functions == [("weather", '{"city":"Paris"}'), ("broken", '{"city": ')]


async def test_streamed_tool_calls_interleave_and_assemble_by_index(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    server.enqueue(
        ToolCallReply(
            [("search", {"query": "agentplex plugins"}), ("add", {"a": 1, "b": 2})],
            content="Let me check.",
        )
    )
    chunks = await collect(client)

    tool_deltas = [d for c in chunks for d in c.choices[0].delta.tool_calls or []]
    indexes = [delta.index for delta in tool_deltas]
    assert indexes[:4] == [0, 1, 0, 1]
    for index in (0, 1):
        first, *rest = [delta for delta in tool_deltas if delta.index == index]
        assert first.id == f"call_1_{index}"
        assert first.type == "function"
        assert first.function is not None
        assert first.function.arguments == ""
        assert all(
            delta.id is None
            and delta.type is None
            and delta.function is not None
            and delta.function.name is None
            and delta.function.arguments
            for delta in rest
        )

    state: ChatCompletionStreamState[None] = ChatCompletionStreamState()
    for chunk in chunks:
        state.handle_chunk(chunk)
    message = state.get_final_completion().choices[0].message
    assert message.content == "Let me check."
    assert [(call.function.name, call.function.arguments) for call in message.tool_calls or []] == [
        ("search", '{"query":"agentplex plugins"}'),
        ("add", '{"a":1,"b":2}'),
    ]
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


# --- errors and retries ------------------------------------------------------------


async def test_rate_limit_is_retried_by_the_sdk(server: ScriptedOpenAIServer) -> None:
    server.enqueue(
        ErrorReply(429, "slow down", retry_after=0.01),
        ErrorReply(503, retry_after=0.01),
        TextReply("finally"),
    )
    async with openai.AsyncOpenAI(base_url=server.base_url, api_key="k", max_retries=2) as client:
        completion = await client.chat.completions.create(model="m", messages=MESSAGES)
    assert completion.choices[0].message.content == "finally"
    retries = [request.headers["x-stainless-retry-count"] for request in server.requests]
    assert retries == ["0", "1", "2"]
    assert server.pending == 0


async def test_error_reply_surfaces_as_openai_error(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    server.enqueue(ErrorReply(500, "model overloaded"))
    with pytest.raises(openai.InternalServerError) as caught:
        await client.chat.completions.create(model="m", messages=MESSAGES)
    assert caught.value.status_code == 500
    assert caught.value.body == {
        "message": "model overloaded",
        "type": "server_error",
        "param": None,
        "code": None,
    }


async def test_error_reply_fields_and_retry_after_header(server: ScriptedOpenAIServer) -> None:
    server.enqueue(
        ErrorReply(400, "bad tool", param="tools", code="invalid_value"),
        ErrorReply(429, retry_after=1.5),
    )
    async with httpx2.AsyncClient(base_url=server.base_url) as http:
        bad = await http.post("/chat/completions", json={"model": "m", "messages": []})
        limited = await http.post("/chat/completions", json={"model": "m", "messages": []})
    assert bad.status_code == 400
    assert bad.json() == {
        "error": {
            "message": "bad tool",
            "type": "invalid_request_error",
            "param": "tools",
            "code": "invalid_value",
        }
    }
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1.5"
    assert limited.json()["error"]["type"] == "requests"


async def test_exhausted_script_is_a_500_naming_the_request(
    server: ScriptedOpenAIServer,
) -> None:
    server.enqueue(TextReply("only one"))
    async with openai.AsyncOpenAI(base_url=server.base_url, api_key="k") as client:
        await client.chat.completions.create(model="m", messages=MESSAGES)
        with pytest.raises(openai.InternalServerError, match=r"no scripted reply for request 2"):
            await client.chat.completions.create(model="m", messages=MESSAGES)
    assert len(server.requests) == 2  # not retried


async def test_default_reply_answers_when_queue_is_empty(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    server.default = TextReply("again")
    server.enqueue(TextReply("first"))
    answers = [
        (await client.chat.completions.create(model="m", messages=MESSAGES)).choices[0]
        for _ in range(3)
    ]
    assert [choice.message.content for choice in answers] == ["first", "again", "again"]


async def test_bad_json_and_unknown_routes_get_error_json(server: ScriptedOpenAIServer) -> None:
    server.enqueue(TextReply("kept"))
    async with httpx2.AsyncClient(base_url=server.azure_endpoint) as http:
        invalid = await http.post("/v1/chat/completions", content=b"{not json")
        array = await http.post("/v1/chat/completions", json=[1, 2])
        missing = await http.post("/v1/embeddings", json={})
        wrong_method = await http.get("/v1/chat/completions")
    assert (invalid.status_code, array.status_code) == (400, 400)
    assert invalid.json()["error"]["message"] == "request body is not a JSON object"
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "no route: POST /v1/embeddings"
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["message"] == "method not allowed: GET /v1/chat/completions"
    assert server.pending == 1
    assert [request.path for request in server.requests][-2:] == [
        "/v1/embeddings",
        "/v1/chat/completions",
    ]


async def test_expected_api_key_is_enforced(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    server.expect_api_key = "sk-test"
    server.enqueue(TextReply("welcome"))
    async with openai.AsyncOpenAI(base_url=server.base_url, api_key="sk-wrong") as wrong:
        with pytest.raises(openai.AuthenticationError, match="Incorrect API key"):
            await wrong.chat.completions.create(model="m", messages=MESSAGES)
        with pytest.raises(openai.AuthenticationError):
            await wrong.models.list()
    completion = await client.chat.completions.create(model="m", messages=MESSAGES)
    assert completion.choices[0].message.content == "welcome"


async def test_models_lists_the_server_model(client: openai.AsyncOpenAI) -> None:
    page = await client.models.list()
    assert [model.id for model in page.data] == ["scripted-model"]


# --- Azure -----------------------------------------------------------------------


async def test_azure_api_key_reaches_the_deployment_route(server: ScriptedOpenAIServer) -> None:
    server.enqueue(TextReply("from azure"), TextReply("from openai"))
    async with openai.AsyncAzureOpenAI(
        azure_endpoint=server.azure_endpoint, api_key="azure-key", api_version="2024-10-21"
    ) as azure:
        completion = await azure.chat.completions.create(model="my-gpt", messages=MESSAGES)
    assert completion.choices[0].message.content == "from azure"
    assert completion.model == "my-gpt"
    [request] = server.requests
    assert request.path == "/openai/deployments/my-gpt/chat/completions"
    assert request.query == {"api-version": "2024-10-21"}
    assert request.deployment == "my-gpt"
    assert request.headers["api-key"] == "azure-key"
    assert "authorization" not in request.headers
    assert server.pending == 1  # the queue is shared with /v1


async def test_azure_ad_token_is_accepted(server: ScriptedOpenAIServer) -> None:
    server.enqueue(TextReply("token ok"))
    async with openai.AsyncAzureOpenAI(
        azure_endpoint=server.azure_endpoint,
        azure_deployment="dep",
        azure_ad_token="aad-token",
        api_version="2024-10-21",
    ) as azure:
        chunks = await collect(azure)
    assert "".join(chunk.choices[0].delta.content or "" for chunk in chunks) == "token ok"
    [request] = server.requests
    assert request.deployment == "dep"
    assert request.headers["authorization"] == "Bearer aad-token"


async def test_azure_without_credentials_or_version_is_refused(
    server: ScriptedOpenAIServer,
) -> None:
    server.enqueue(TextReply("unused"))
    async with openai.AsyncAzureOpenAI(
        azure_endpoint=server.azure_endpoint, api_key="k", api_version="2024-10-21"
    ) as azure:
        with pytest.raises(openai.AuthenticationError, match="missing credentials") as caught:
            await azure.chat.completions.create(
                model="dep", messages=MESSAGES, extra_headers={"api-key": openai.Omit()}
            )
    assert caught.value.status_code == 401
    assert caught.value.code == "invalid_api_key"
    async with httpx2.AsyncClient(base_url=server.azure_endpoint) as http:
        unversioned = await http.post(
            "/openai/deployments/dep/chat/completions", json={}, headers={"api-key": "k"}
        )
    assert unversioned.status_code == 400
    assert "api-version" in unversioned.json()["error"]["message"]
    assert server.pending == 1


# --- delays, timeouts and cancellation ---------------------------------------------


async def test_client_timeout_drops_a_delayed_reply(server: ScriptedOpenAIServer) -> None:
    server.enqueue(TextReply("too late", delay=5))
    async with openai.AsyncOpenAI(
        base_url=server.base_url, api_key="k", timeout=0.2, max_retries=0
    ) as client:
        with pytest.raises(openai.APITimeoutError):
            await client.chat.completions.create(model="m", messages=MESSAGES)
        await server.wait_for_disconnects(1)
    assert server.requests[0].disconnected


async def test_cancelled_stream_is_recorded_as_a_disconnect(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    server.enqueue(TextReply("done"), TextReply("x" * 400, chunk_delay=0.02))
    await client.chat.completions.create(model="m", messages=MESSAGES)
    received: list[str] = []
    two_received = asyncio.Event()

    async def consume() -> None:
        stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        async for chunk in stream:
            received.append(chunk.choices[0].delta.content or "")
            if len(received) == 2:
                two_received.set()

    task = asyncio.create_task(consume())
    await two_received.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await server.wait_for_disconnects(1)

    assert 0 < len("".join(received)) < 400  # the stream was abandoned part-way
    assert [request.disconnected for request in server.requests] == [False, True]
    assert server.disconnects == 1


async def test_cancelling_during_delay_is_a_disconnect(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    server.enqueue(ErrorReply(500, delay=5))
    with pytest.raises(TimeoutError):  # wait_for cancels the request
        await asyncio.wait_for(client.chat.completions.create(model="m", messages=MESSAGES), 0.3)
    await server.wait_for_disconnects(1)
    assert server.disconnects == 1


# --- replies and script state --------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: TextReply("abc", chunks=["a", "b"]), "do not join"),
        (lambda: TextReply(delay=-1), "delay must be >= 0"),
        (lambda: ToolCallReply([]), "at least one call"),
        (lambda: ErrorReply(200), "4xx or 5xx"),
        (lambda: ErrorReply(429, retry_after=-1), "retry_after must be >= 0"),
    ],
)
def test_invalid_replies_are_refused(make: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


async def test_reset_forgets_queue_and_requests(
    server: ScriptedOpenAIServer, client: openai.AsyncOpenAI
) -> None:
    server.enqueue(TextReply("a"), TextReply("b"))
    await client.chat.completions.create(model="m", messages=MESSAGES)
    assert (server.pending, len(server.requests)) == (1, 1)
    server.reset()
    assert (server.pending, server.requests) == (0, [])
