"""A scripted chat completion client, for testing agents and teams without a model."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Self

from pydantic import BaseModel, Field

from .._cancellation import CancellationToken
from .._errors import AgentplexError, ComponentError
from .._function_call import FunctionCall
from ..components import Component
from ._client import ChatCompletionClient, ToolChoice
from ._messages import (
    AssistantMessage,
    FunctionExecutionResultMessage,
    LLMMessage,
    SystemMessage,
    UserMessage,
)
from ._model_info import ModelFamily, ModelInfo, validate_model_info
from ._results import CreateResult, FinishReason, RequestUsage
from ._tool_schemas import tool_schemas

if TYPE_CHECKING:
    from ..tools import Tool, ToolSchema

ReplayResponse = str | CreateResult | list[FunctionCall]
"""One scripted answer: text, a complete result, or the tool calls the model asks for."""

DEFAULT_CONTEXT_WINDOW: Final = 128_000
"""Context window assumed when ``model_info`` has no ``context_window``."""
IMAGE_TOKENS: Final = 85
"""Tokens an image counts for in a prompt."""

REPLAY_MODEL_INFO: Final[ModelInfo] = {
    "vision": True,
    "function_calling": True,
    "json_output": True,
    "structured_output": True,
    "family": ModelFamily.UNKNOWN,
    "multiple_system_messages": True,
}
"""What a replay client claims by default: everything, so agents use all their features."""

_WORDS = re.compile(r"\S+\s*|\s+")


class ReplayExhaustedError(AgentplexError):
    """A :class:`ReplayChatCompletionClient` was called after its last scripted response."""


@dataclass(frozen=True)
class ReplayCall:
    """One call a :class:`ReplayChatCompletionClient` received, for assertions."""

    messages: list[LLMMessage]
    tools: list[ToolSchema]
    tool_choice: ToolChoice
    json_output: bool | type[BaseModel] | None
    extra_create_args: dict[str, Any]
    stream: bool


class ReplayChatCompletionClientConfig(BaseModel):
    responses: list[str | CreateResult | list[FunctionCall]]
    model_info: dict[str, Any] | None = None
    latency: float = Field(default=0.0, ge=0)
    stream_chunk_size: int | None = Field(default=None, ge=1)
    record_calls: bool = True


class ReplayChatCompletionClient(ChatCompletionClient, Component[ReplayChatCompletionClientConfig]):
    """Answers each call with the next scripted response, in order.

    A text response becomes ``CreateResult(finish_reason="stop")``, a list of
    :class:`FunctionCall` one with ``finish_reason="function_calls"``, and a
    :class:`CreateResult` is returned as written. ``create_stream`` yields the text in
    chunks (``stream_chunk_size`` characters each, or words with their trailing
    whitespace when None) and then the result.

    Usage is counted with ``token_counter`` (text -> tokens; default: whitespace-separated
    words): the prompt's messages and tool schemas, and the reply. A scripted
    ``CreateResult`` whose usage is not all zeros keeps its own.

    :meth:`count_tokens` counts images as 85 tokens each, and :meth:`remaining_tokens`
    uses ``model_info["context_window"]``, or 128,000 when it is absent.

    ``latency`` seconds pass before each answer; cancelling the call's token during
    that time raises :class:`asyncio.CancelledError` at once, and the response is
    not consumed. Every call is recorded in :attr:`calls`. Calling after the last
    response raises :class:`ReplayExhaustedError`.
    """

    component_provider = "replay"
    component_config_schema = ReplayChatCompletionClientConfig

    def __init__(
        self,
        responses: Sequence[ReplayResponse],
        *,
        model_info: Mapping[str, Any] | None = None,
        latency: float = 0.0,
        stream_chunk_size: int | None = None,
        token_counter: Callable[[str], int] | None = None,
        record_calls: bool = True,
    ) -> None:
        if isinstance(responses, str):
            raise TypeError("responses must be a list of responses; wrap a single one: [text]")
        if latency < 0:
            raise ValueError(f"latency must be at least 0 seconds, got {latency}")
        if stream_chunk_size is not None and stream_chunk_size < 1:
            raise ValueError(f"stream_chunk_size must be at least 1, got {stream_chunk_size}")
        self._responses = [_checked(index, response) for index, response in enumerate(responses)]
        self._model_info_given = model_info is not None
        self._model_info = (
            REPLAY_MODEL_INFO.copy() if model_info is None else validate_model_info(model_info)
        )
        self._latency = latency
        self._stream_chunk_size = stream_chunk_size
        self._token_counter = token_counter
        self._index = 0
        self._usage = RequestUsage()
        self._record_calls = record_calls
        self._last_prompt: tuple[LLMMessage, LLMMessage, int, int] | None = None
        self.calls: list[ReplayCall] = []
        """Every call received, in order (including ones that failed or were cancelled).

        Each holds its prompt, so a long run keeps every prompt alive; pass
        ``record_calls=False`` to keep only the latest call.
        """

    async def create(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = (),
        tool_choice: ToolChoice = "auto",
        json_output: bool | type[BaseModel] | None = None,
        extra_create_args: Mapping[str, Any] | None = None,
        cancellation_token: CancellationToken | None = None,
    ) -> CreateResult:
        call = self._record(messages, tools, tool_choice, json_output, extra_create_args, False)
        await self._wait(cancellation_token)
        return self._respond(call)

    async def create_stream(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = (),
        tool_choice: ToolChoice = "auto",
        json_output: bool | type[BaseModel] | None = None,
        extra_create_args: Mapping[str, Any] | None = None,
        cancellation_token: CancellationToken | None = None,
    ) -> AsyncGenerator[str | CreateResult, None]:
        call = self._record(messages, tools, tool_choice, json_output, extra_create_args, True)
        await self._wait(cancellation_token)
        result = self._respond(call)
        if isinstance(result.content, str):
            for chunk in self._chunks(result.content):
                if cancellation_token is not None and cancellation_token.is_cancelled():
                    raise asyncio.CancelledError
                yield chunk
        yield result

    def reset(self) -> None:
        """Rewind the script to its first response and forget recorded calls and usage."""
        self._index = 0
        self._usage = RequestUsage()
        self._last_prompt = None
        self.calls.clear()

    def actual_usage(self) -> RequestUsage:
        return self._usage

    def total_usage(self) -> RequestUsage:
        return self._usage

    def count_tokens(
        self, messages: Sequence[LLMMessage], *, tools: Sequence[Tool | ToolSchema] = ()
    ) -> int:
        tokens = sum(self._message_tokens(message) for message in messages)
        return tokens + sum(self._count(json.dumps(schema)) for schema in tool_schemas(tools))

    def remaining_tokens(
        self, messages: Sequence[LLMMessage], *, tools: Sequence[Tool | ToolSchema] = ()
    ) -> int:
        """Context window minus :meth:`count_tokens` (negative when the prompt is too long)."""
        window = self.model_info.get("context_window", DEFAULT_CONTEXT_WINDOW)
        return window - self.count_tokens(messages, tools=tools)

    @property
    def model_info(self) -> ModelInfo:
        return self._model_info

    def _record(
        self,
        messages: Sequence[LLMMessage],
        tools: Sequence[Tool | ToolSchema],
        tool_choice: ToolChoice,
        json_output: bool | type[BaseModel] | None,
        extra_create_args: Mapping[str, Any] | None,
        stream: bool,
    ) -> ReplayCall:
        call = ReplayCall(
            messages=messages if isinstance(messages, list) else list(messages),
            tools=tool_schemas(tools),
            tool_choice=tool_choice,
            json_output=json_output,
            extra_create_args=dict(extra_create_args or {}),
            stream=stream,
        )
        if self._record_calls:
            self.calls.append(call)
        else:
            self.calls[:] = [call]
        return call

    async def _wait(self, token: CancellationToken | None) -> None:
        if token is not None and token.is_cancelled():
            raise asyncio.CancelledError
        if self._latency > 0:
            sleep = asyncio.ensure_future(asyncio.sleep(self._latency))
            if token is not None:
                token.link_future(sleep)
            await sleep

    def _respond(self, call: ReplayCall) -> CreateResult:
        if self._index >= len(self._responses):
            raise ReplayExhaustedError(
                f"ReplayChatCompletionClient has no response left for call {len(self.calls)}: "
                f"{len(self._responses)} were scripted and all were used; last message "
                f"received: {_describe(call.messages)}"
            )
        response = self._responses[self._index]
        self._index += 1
        result = self._result(response, call)
        self._usage += result.usage
        return result

    def _result(self, response: ReplayResponse, call: ReplayCall) -> CreateResult:
        if isinstance(response, CreateResult) and response.usage != RequestUsage():
            return response.model_copy()
        content = response.content if isinstance(response, CreateResult) else response
        usage = RequestUsage(
            prompt_tokens=self._prompt_tokens(call.messages, call.tools),
            completion_tokens=self._content_tokens(content),
        )
        if isinstance(response, CreateResult):
            return response.model_copy(update={"usage": usage})
        reason: FinishReason = "stop" if isinstance(content, str) else "function_calls"
        return CreateResult(finish_reason=reason, content=content, usage=usage)

    def _prompt_tokens(self, messages: Sequence[LLMMessage], tools: list[ToolSchema]) -> int:
        """:meth:`count_tokens`, counting only the new tail when a prompt extends the last.

        A prompt extends the previous one when it starts with the same message
        object and holds the previous last message object at the same place, as
        an agent's growing history does; then only the messages after it are counted.
        """
        tool_tokens = sum(self._count(json.dumps(schema)) for schema in tools)
        last = self._last_prompt
        if (
            last is not None
            and messages
            and len(messages) >= last[2]
            and messages[0] is last[0]
            and messages[last[2] - 1] is last[1]
        ):
            tokens = last[3] + sum(self._message_tokens(m) for m in messages[last[2] :])
        else:
            tokens = sum(self._message_tokens(message) for message in messages)
        if messages:
            self._last_prompt = (messages[0], messages[-1], len(messages), tokens)
        return tokens + tool_tokens

    def _chunks(self, text: str) -> list[str]:
        size = self._stream_chunk_size
        if size is None:
            return _WORDS.findall(text)
        return [text[start : start + size] for start in range(0, len(text), size)]

    def _count(self, text: str) -> int:
        return self._token_counter(text) if self._token_counter else len(text.split())

    def _content_tokens(self, content: str | list[FunctionCall]) -> int:
        if isinstance(content, str):
            return self._count(content)
        return sum(self._count(call.name) + self._count(call.arguments) for call in content)

    def _message_tokens(self, message: LLMMessage) -> int:
        if isinstance(message, SystemMessage):
            return self._count(message.content)
        if isinstance(message, UserMessage):
            if isinstance(message.content, str):
                return self._count(message.content)
            return sum(
                self._count(part) if isinstance(part, str) else IMAGE_TOKENS
                for part in message.content
            )
        if isinstance(message, AssistantMessage):
            return self._content_tokens(message.content)
        return sum(self._count(result.content) for result in message.content)

    def _to_config(self) -> ReplayChatCompletionClientConfig:
        if self._token_counter is not None:
            raise ComponentError(
                "ReplayChatCompletionClient with a custom token_counter cannot be dumped: "
                "a function is not part of a component config"
            )
        return ReplayChatCompletionClientConfig(
            responses=list(self._responses),
            model_info=dict(self._model_info) if self._model_info_given else None,
            latency=self._latency,
            stream_chunk_size=self._stream_chunk_size,
            record_calls=self._record_calls,
        )

    @classmethod
    def _from_config(cls, config: ReplayChatCompletionClientConfig) -> Self:
        return cls(
            config.responses,
            model_info=config.model_info,
            latency=config.latency,
            stream_chunk_size=config.stream_chunk_size,
            record_calls=config.record_calls,
        )


def _checked(index: int, response: object) -> ReplayResponse:
    if isinstance(response, str | CreateResult):
        return response
    if isinstance(response, list | tuple) and all(isinstance(c, FunctionCall) for c in response):
        if not response:
            raise ValueError(f"responses[{index}] is an empty list of function calls")
        return list(response)
    raise TypeError(
        f"responses[{index}] is a {type(response).__name__}; expected a str, a CreateResult "
        "or a list of FunctionCall"
    )


def _describe(messages: Sequence[LLMMessage]) -> str:
    if not messages:
        return "(no messages)"
    last = messages[-1]
    if isinstance(last, FunctionExecutionResultMessage):
        text = "; ".join(f"{result.name}: {result.content}" for result in last.content)
    elif isinstance(last.content, str):
        text = last.content
    else:
        text = " ".join(str(part) if isinstance(part, str) else repr(part) for part in last.content)
    if len(text) > 200:
        text = text[:200] + "..."
    return f"{last.type} {text!r}"
