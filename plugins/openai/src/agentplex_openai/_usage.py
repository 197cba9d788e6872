"""Token usage reported by the API, and its cost from a price table."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from pydantic import BaseModel, ConfigDict, Field

from agentplex.models import RequestUsage

if TYPE_CHECKING:
    from openai.types import CompletionUsage

_PER_TOKENS: Final = 1_000_000
_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")


class Price(BaseModel):
    """What a model costs, in US dollars per million tokens.

    ``cached_input`` applies to prompt tokens served from the provider's prompt
    cache; when it is None they cost ``input``.
    """

    model_config = ConfigDict(frozen=True)

    input: float = Field(ge=0)
    output: float = Field(ge=0)
    cached_input: float | None = Field(default=None, ge=0)


OPENAI_PRICES: Final = MappingProxyType(
    {
        "gpt-5": Price(input=1.25, cached_input=0.125, output=10.0),
        "gpt-5-mini": Price(input=0.25, cached_input=0.025, output=2.0),
        "gpt-5-nano": Price(input=0.05, cached_input=0.005, output=0.4),
        "gpt-4.1": Price(input=2.0, cached_input=0.5, output=8.0),
        "gpt-4.1-mini": Price(input=0.4, cached_input=0.1, output=1.6),
        "gpt-4.1-nano": Price(input=0.1, cached_input=0.025, output=0.4),
        "gpt-4o": Price(input=2.5, cached_input=1.25, output=10.0),
        "gpt-4o-mini": Price(input=0.15, cached_input=0.075, output=0.6),
        "o1": Price(input=15.0, cached_input=7.5, output=60.0),
        "o1-mini": Price(input=1.1, cached_input=0.55, output=4.4),
        "o3": Price(input=2.0, cached_input=0.5, output=8.0),
        "o3-mini": Price(input=1.1, cached_input=0.55, output=4.4),
        "o4-mini": Price(input=1.1, cached_input=0.275, output=4.4),
        "gpt-4-turbo": Price(input=10.0, output=30.0),
        "gpt-4": Price(input=30.0, output=60.0),
        "gpt-3.5-turbo": Price(input=0.5, output=1.5),
    }
)
"""OpenAI's list prices (standard tier) for its chat models; extend them with ``prices=``."""


def find_price(model: str, prices: Mapping[str, Price]) -> Price | None:
    """The price of ``model``, or of the model a dated snapshot name belongs to.

    Only an exact name or ``<name>-YYYY-MM-DD`` matches, so an unlisted variant
    has no cost rather than a wrong one.
    """
    if model in prices:
        return prices[model]
    return prices.get(_SNAPSHOT.sub("", model))


def request_usage(usage: CompletionUsage | None, price: Price | None) -> RequestUsage:
    """``RequestUsage`` from the API's usage object, with the cost when ``price`` is known.

    A server that reports no usage gives zero tokens and an unknown cost.
    """
    if usage is None:
        return RequestUsage()
    details = usage.prompt_tokens_details
    cached = (details.cached_tokens or 0) if details is not None else 0
    return RequestUsage(
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        cached_prompt_tokens=cached,
        cost=cost(price, usage.prompt_tokens, cached, usage.completion_tokens),
    )


def cost(price: Price | None, prompt: int, cached: int, completion: int) -> float | None:
    """US dollars for these token counts (``cached`` is part of ``prompt``)."""
    if price is None:
        return None
    cached_rate = price.input if price.cached_input is None else price.cached_input
    dollars = (prompt - cached) * price.input + cached * cached_rate + completion * price.output
    return dollars / _PER_TOKENS
