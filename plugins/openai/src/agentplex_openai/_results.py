"""A ``CreateResult`` from a chat completion or from the parts of a streamed one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from agentplex import FunctionCall
from agentplex.models import (
    ChatCompletionTokenLogprob,
    CreateResult,
    RequestUsage,
    normalize_finish_reason,
)

from ._errors import ModelResponseError

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletion
    from openai.types.chat import ChatCompletionTokenLogprob as SDKLogprob

_REASONING_FIELDS = ("reasoning_content", "reasoning")


def reasoning_text(extra: Mapping[str, Any] | None) -> str | None:
    """Reasoning that OpenAI-compatible servers return next to the content, if any."""
    for field in _REASONING_FIELDS:
        value = (extra or {}).get(field)
        if isinstance(value, str) and value:
            return value
    return None


def convert_logprobs(logprobs: Iterable[SDKLogprob]) -> list[ChatCompletionTokenLogprob]:
    return [ChatCompletionTokenLogprob.model_validate(item.model_dump()) for item in logprobs]


def build_result(
    *,
    content: str | None,
    reasoning: str | None,
    calls: list[FunctionCall],
    finish_reason: str | None,
    usage: RequestUsage,
    logprobs: list[ChatCompletionTokenLogprob] | None = None,
) -> CreateResult:
    """Tool calls win over text; text written next to tool calls joins the thought."""
    if calls:
        thought = "\n".join(part for part in (reasoning, content) if part) or None
        # Some servers answer tool calls with finish_reason "stop".
        finish = "tool_calls" if finish_reason in (None, "stop") else finish_reason
        return CreateResult(
            finish_reason=normalize_finish_reason(finish),
            content=calls,
            thought=thought,
            usage=usage,
            logprobs=logprobs,
        )
    return CreateResult(
        finish_reason=normalize_finish_reason(finish_reason),
        content=content or "",
        thought=reasoning,
        usage=usage,
        logprobs=logprobs,
    )


def result_from_completion(
    completion: ChatCompletion, usage: RequestUsage, *, model: str
) -> CreateResult:
    """The first choice of a non-streamed completion."""
    if not completion.choices:
        raise ModelResponseError(f"the answer of model '{model}' has no choices")
    choice = completion.choices[0]
    message = choice.message
    calls: list[FunctionCall] = []
    for call in message.tool_calls or []:
        if call.type != "function":
            raise ModelResponseError(
                f"model '{model}' asked for a {call.type!r} tool call; only function calls "
                "are supported"
            )
        calls.append(
            FunctionCall(id=call.id, name=call.function.name, arguments=call.function.arguments)
        )
    logprobs = choice.logprobs.content if choice.logprobs is not None else None
    return build_result(
        content=message.content if message.content is not None else message.refusal,
        reasoning=reasoning_text(message.model_extra),
        calls=calls,
        finish_reason=choice.finish_reason,
        usage=usage,
        logprobs=convert_logprobs(logprobs) if logprobs is not None else None,
    )
