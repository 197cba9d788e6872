"""Usage totals, cached prompt tokens and cost from the price table."""

from __future__ import annotations

import logging

import pytest
from pydantic import ValidationError

from agentplex.models import UserMessage
from agentplex_openai import OPENAI_MODELS, OPENAI_PRICES, Price
from agentplex_openai.testing import ScriptedOpenAIServer, TextReply

from .conftest import MakeClient

HI = [UserMessage(content="Hi")]
LOCAL_INFO = {
    "vision": False,
    "function_calling": True,
    "json_output": True,
    "structured_output": True,
    "family": "llama",
}


async def test_cost_counts_cached_prompt_tokens_at_their_price(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("ok", prompt_tokens=1_000, completion_tokens=200, cached_tokens=600))
    result = await make_client("gpt-4o").create(HI)
    price = OPENAI_PRICES["gpt-4o"]
    assert price.cached_input is not None
    expected = (400 * price.input + 600 * price.cached_input + 200 * price.output) / 1e6
    assert result.usage.cost == pytest.approx(expected)
    assert result.usage.cached_prompt_tokens == 600


async def test_snapshot_names_use_their_model_price(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("ok", prompt_tokens=1_000_000, completion_tokens=0))
    result = await make_client("gpt-4o-mini-2024-07-18").create(HI)
    assert result.usage.cost == pytest.approx(OPENAI_PRICES["gpt-4o-mini"].input)


async def test_unpriced_model_has_no_cost(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("ok"), TextReply("ok"))
    # A variant that is not a dated snapshot of a listed model gets no cost.
    client = make_client("gpt-4o-audio-preview")
    local = make_client("llama3", model_info=LOCAL_INFO)
    assert (await client.create(HI)).usage.cost is None
    assert (await local.create(HI)).usage.cost is None
    assert local.total_usage().cost is None


async def test_user_prices_extend_and_override_the_table(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(*[TextReply("ok", prompt_tokens=100, completion_tokens=10)] * 3)
    local = make_client(
        "llama3", model_info=LOCAL_INFO, prices={"llama3": Price(input=1.0, output=2.0)}
    )
    discounted = make_client("gpt-4o", prices={"gpt-4o": Price(input=1.0, output=1.0)})

    await local.create(HI)
    await local.create(HI)
    await discounted.create(HI)

    assert local.total_usage().cost == pytest.approx(2 * (100 * 1.0 + 10 * 2.0) / 1e6)
    assert (local.total_usage().prompt_tokens, local.total_usage().completion_tokens) == (200, 20)
    assert discounted.total_usage().cost == pytest.approx(110 / 1e6)


async def test_each_call_is_logged_as_an_event(
    server: ScriptedOpenAIServer, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    server.enqueue(TextReply("ok", prompt_tokens=30, completion_tokens=4))
    with caplog.at_level(logging.INFO, logger="agentplex.events"):
        result = await make_client("gpt-4o").create(HI)
    [record] = caplog.records
    assert record.event == {  # type: ignore[attr-defined]
        "type": "LLMCall",
        "model": "gpt-4o",
        "prompt_tokens": 30,
        "completion_tokens": 4,
        "cost": result.usage.cost,
    }


def test_every_priced_model_is_a_known_model() -> None:
    assert set(OPENAI_PRICES) <= set(OPENAI_MODELS)


def test_prices_cannot_be_negative() -> None:
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Price(input=-1.0, output=1.0)
