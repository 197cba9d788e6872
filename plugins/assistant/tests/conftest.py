"""One Assistants API server per test module, agents pointed at it, and ways to inspect it."""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, TypeVar

import openai
import pytest

from agentplex_assistant import OpenAIAssistantAgent
from agentplex_assistant.testing import AssistantsServer, RecordedRequest

T = TypeVar("T")
MakeAgent = Callable[..., OpenAIAssistantAgent]


@pytest.fixture(scope="module")
def running_server() -> Iterator[AssistantsServer]:
    with AssistantsServer() as server:
        yield server


@pytest.fixture
def server(running_server: AssistantsServer) -> Iterator[AssistantsServer]:
    """The module's server, emptied after each test."""
    yield running_server
    running_server.reset()


@pytest.fixture
async def client(server: AssistantsServer) -> AsyncIterator[openai.AsyncOpenAI]:
    async with openai.AsyncOpenAI(
        base_url=server.base_url, api_key="sk-test", max_retries=0
    ) as sdk:
        yield sdk


@pytest.fixture
def make_agent(client: openai.AsyncOpenAI) -> MakeAgent:
    """``make_agent(**overrides)``: an agent on the test server with sensible defaults."""

    def make(**overrides: Any) -> OpenAIAssistantAgent:
        arguments: dict[str, Any] = {
            "name": "helper",
            "description": "A helpful assistant",
            "client": client,
            "model": "gpt-4o",
            "instructions": "Be brief.",
        }
        arguments.update(overrides)
        return OpenAIAssistantAgent(**arguments)

    return make


async def sdk(start: Callable[[], Awaitable[T]]) -> T:
    """Await an SDK call made by a test to inspect the server (its deprecation hushed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pending = start()
    return await pending


async def thread_texts(client: openai.AsyncOpenAI, thread_id: str) -> list[tuple[str, str]]:
    """``(role, text)`` of each message on the thread, oldest first."""
    page = await sdk(lambda: client.beta.threads.messages.list(thread_id, order="asc", limit=100))
    texts: list[tuple[str, str]] = []
    for message in page.data:
        text = " ".join(part.text.value for part in message.content if part.type == "text")
        texts.append((message.role, text))
    return texts


def sent(server: AssistantsServer, method: str, path_end: str) -> list[RecordedRequest]:
    """The requests with ``method`` whose path ends with ``path_end``."""
    return [r for r in server.requests if r.method == method and r.path.endswith(path_end)]


def creates(server: AssistantsServer, kind: str) -> list[RecordedRequest]:
    """The create requests (``POST /v1/<kind>``) for a kind of object."""
    return [r for r in server.requests if r.method == "POST" and r.path.split("/")[-1] == kind]
