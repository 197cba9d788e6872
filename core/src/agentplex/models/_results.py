"""What a chat completion call returns."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, field_validator

from .._function_call import FunctionCall

FinishReason = Literal["stop", "length", "function_calls", "content_filter", "unknown"]

_FINISH_ALIASES: dict[str, FinishReason] = {
    "stop": "stop",
    "length": "length",
    "function_calls": "function_calls",
    "tool_calls": "function_calls",
    "function_call": "function_calls",
    "content_filter": "content_filter",
    "end_turn": "stop",
    "max_tokens": "length",
}


class RequestUsage(BaseModel):
    """Tokens used by one or more calls, and their cost when the client knows prices."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0
    """Prompt tokens the provider served from its prompt cache."""
    cost: float | None = None
    """Cost in US dollars, when the client has a price for the model."""

    def __add__(self, other: RequestUsage) -> RequestUsage:
        cost = (
            None
            if self.cost is None and other.cost is None
            else ((self.cost or 0.0) + (other.cost or 0.0))
        )
        return RequestUsage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cached_prompt_tokens=self.cached_prompt_tokens + other.cached_prompt_tokens,
            cost=cost,
        )


class TopLogprob(BaseModel):
    logprob: float
    bytes: list[int] | None = None


class ChatCompletionTokenLogprob(BaseModel):
    token: str
    logprob: float
    top_logprobs: list[TopLogprob] | None = None
    bytes: list[int] | None = None


class CreateResult(BaseModel):
    """A model's answer: text or tool calls, with usage and whether it came from a cache."""

    finish_reason: FinishReason
    content: str | list[FunctionCall]
    usage: RequestUsage
    cached: bool = False
    logprobs: list[ChatCompletionTokenLogprob] | None = None
    thought: str | None = None
    """Reasoning text the provider returned separately from the answer."""

    @field_validator("finish_reason", mode="before")
    @classmethod
    def _normalise(cls, value: Any) -> FinishReason:
        return normalize_finish_reason(value)


def normalize_finish_reason(value: object) -> FinishReason:
    """Map provider spellings (``tool_calls``, ``max_tokens``, None, ...) onto ours."""
    if isinstance(value, str):
        return _FINISH_ALIASES.get(value, "unknown")
    return "unknown"
