"""A scripted OpenAI-compatible server per test module, and clients pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from agentplex import CancellationToken
from agentplex.models import CreateResult
from agentplex_openai import OpenAIChatCompletionClient
from agentplex_openai.testing import ScriptedOpenAIServer

MakeClient = Callable[..., OpenAIChatCompletionClient]
Part = str | CreateResult


async def drain(
    stream: AsyncIterable[Part],
    received: list[Part] | None = None,
    *,
    cancel: CancellationToken | None = None,
    after: int = 1,
) -> list[Part]:
    """Read ``stream`` to the end into ``received``; cancel ``cancel`` after ``after`` parts."""
    parts = [] if received is None else received
    async for part in stream:
        parts.append(part)
        if cancel is not None and len(parts) == after:
            cancel.cancel()
    return parts


@pytest.fixture(scope="module")
def running_server() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer() as server:
        yield server


@pytest.fixture
def server(running_server: ScriptedOpenAIServer) -> Iterator[ScriptedOpenAIServer]:
    """The module's server, with an empty script and request log for each test."""
    running_server.reset()
    yield running_server
    running_server.reset()
    running_server.default = None
    running_server.expect_api_key = None


@pytest.fixture
async def make_client(server: ScriptedOpenAIServer) -> AsyncIterator[MakeClient]:
    """``make_client(model="gpt-4o", **options)``: a client of the scripted server, closed
    after the test. Retries are off unless ``max_retries`` is given."""
    clients: list[OpenAIChatCompletionClient] = []

    def make(model: str = "gpt-4o", **options: Any) -> OpenAIChatCompletionClient:
        options.setdefault("api_key", "sk-test")
        options.setdefault("max_retries", 0)
        client = OpenAIChatCompletionClient(model, base_url=server.base_url, **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()
