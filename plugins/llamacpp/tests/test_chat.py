"""Chat, streaming, JSON and cancellation with the real SmolLM2 model."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from pydantic import BaseModel

from agentplex import CancellationToken
from agentplex.models import CreateResult, ModelFamily, UserMessage
from agentplex_llamacpp import LlamaCppChatCompletionClient

from .conftest import LONG_TASK, QUESTION, Part, drain

pytestmark = pytest.mark.asyncio(loop_scope="module")


class Capital(BaseModel):
    country: str
    capital: str


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def client() -> AsyncIterator[LlamaCppChatCompletionClient]:
    async with LlamaCppChatCompletionClient(temperature=0, seed=1, max_tokens=48) as client:
        yield client


async def test_model_info_declares_the_constrained_capabilities(
    client: LlamaCppChatCompletionClient,
) -> None:
    assert client.model_info == {
        "vision": False,
        "function_calling": True,
        "json_output": True,
        "structured_output": True,
        "family": ModelFamily.SMOLLM,
        "multiple_system_messages": False,
        "context_window": 2048,
    }
    assert client.remaining_tokens(QUESTION) == 2048 - client.count_tokens(QUESTION)


async def test_chat(client: LlamaCppChatCompletionClient) -> None:
    before = client.total_usage()
    result = await client.create(QUESTION)
    assert isinstance(result.content, str)
    assert result.content.strip()
    assert result.finish_reason in ("stop", "length")
    assert result.usage.prompt_tokens > 0
    assert result.usage.completion_tokens > 0
    assert client.total_usage() == before + result.usage


async def test_streaming(client: LlamaCppChatCompletionClient) -> None:
    parts = await drain(client.create_stream(QUESTION))
    *chunks, result = parts
    assert isinstance(result, CreateResult)
    assert len(chunks) > 1
    assert all(isinstance(chunk, str) for chunk in chunks)
    assert result.content == "".join(str(chunk) for chunk in chunks)
    assert str(result.content).strip()
    assert result.usage.prompt_tokens > 0
    assert result.usage.completion_tokens > 0


async def test_structured_output(client: LlamaCppChatCompletionClient) -> None:
    result = await client.create(
        [UserMessage(content="Give the capital of Italy as JSON.", source="user")],
        json_output=Capital,
        extra_create_args={"max_tokens": 64},
    )
    assert Capital.model_validate_json(str(result.content)).capital.strip()


async def test_cancelling_a_long_generation(client: LlamaCppChatCompletionClient) -> None:
    token = CancellationToken()
    long = {"max_tokens": 1500}
    task = asyncio.create_task(
        client.create(LONG_TASK, extra_create_args=long, cancellation_token=token)
    )
    await asyncio.sleep(0.5)
    token.cancel()
    async with asyncio.timeout(5):
        with pytest.raises(asyncio.CancelledError):
            await task
    result = await client.create(QUESTION)  # the server still serves
    assert str(result.content).strip()


async def test_cancelling_a_stream(client: LlamaCppChatCompletionClient) -> None:
    token = CancellationToken()
    received: list[Part] = []
    stream = client.create_stream(
        LONG_TASK, extra_create_args={"max_tokens": 1500}, cancellation_token=token
    )
    async with asyncio.timeout(5):
        with pytest.raises(asyncio.CancelledError):
            await drain(stream, received, cancel=token)
    assert len(received) == 1
    assert isinstance(received[0], str)
    *_, final = await drain(client.create_stream(QUESTION))  # the server still serves
    assert isinstance(final, CreateResult)
    assert str(final.content).strip()
