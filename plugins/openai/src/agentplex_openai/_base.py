"""The chat completion logic shared by the OpenAI and Azure OpenAI clients."""

from __future__ import annotations

import asyncio
import logging
from abc import abstractmethod
from collections.abc import AsyncGenerator, Mapping, Sequence
from contextlib import aclosing
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from agentplex import EVENT_LOGGER_NAME, TRACE_LOGGER_NAME, CancellationToken, Image
from agentplex.models import (
    ChatCompletionClient,
    CreateResult,
    LLMMessage,
    ModelInfo,
    RequestUsage,
    ToolChoice,
    UserMessage,
    resolve_model_info,
)
from agentplex.tools import Tool, ToolSchema

from ._config import BaseOpenAIClientConfig, check_create_args
from ._errors import UnsupportedCapabilityError
from ._messages import to_openai_messages
from ._model_info import OPENAI_MODELS
from ._results import result_from_completion
from ._stream import StreamAssembler, read_chunks
from ._structured import check_structured, response_format
from ._tokens import count_prompt_tokens, text_counter
from ._tools import tool_params
from ._usage import OPENAI_PRICES, Price, find_price, request_usage

if TYPE_CHECKING:
    from openai import AsyncOpenAI, AsyncStream
    from openai.types.chat import ChatCompletionChunk

_events = logging.getLogger(EVENT_LOGGER_NAME)
_trace = logging.getLogger(TRACE_LOGGER_NAME)

JsonOutput = bool | type[BaseModel] | None


class BaseOpenAIChatCompletionClient(ChatCompletionClient):
    """A ``ChatCompletionClient`` on the official ``openai`` SDK's async client.

    Subclasses build the SDK client in :meth:`_make_sdk_client`; it is created on
    first use, so constructing a client imports no more than it needs.
    """

    def __init__(
        self,
        *,
        model: str,
        timeout: float | None,
        max_retries: int,
        model_info: Mapping[str, Any] | None,
        default_headers: Mapping[str, str] | None,
        prices: Mapping[str, Price] | None,
        create_args: Mapping[str, Any],
    ) -> None:
        if timeout is not None and timeout <= 0:
            raise ValueError(f"timeout must be > 0 seconds, got {timeout!r}")
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {max_retries!r}")
        self._model = model
        self._timeout = timeout
        self._max_retries = max_retries
        self._model_info_given = dict(model_info) if model_info is not None else None
        self._model_info = resolve_model_info(model, OPENAI_MODELS, model_info).copy()
        self._default_headers = dict(default_headers) if default_headers is not None else None
        self._prices_given = dict(prices) if prices is not None else None
        self._price = find_price(model, {**OPENAI_PRICES, **(prices or {})})
        self._create_args = check_create_args(create_args, where="create arguments")
        self._sdk: AsyncOpenAI | None = None
        self._usage = RequestUsage()

    @abstractmethod
    def _make_sdk_client(self) -> AsyncOpenAI:
        """A new SDK client; options from :meth:`_sdk_options` apply to every request."""

    def _sdk_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"max_retries": self._max_retries}
        if self._timeout is not None:
            options["timeout"] = self._timeout
        if self._default_headers is not None:
            options["default_headers"] = self._default_headers
        return options

    def _sdk_client(self) -> AsyncOpenAI:
        if self._sdk is None:
            self._sdk = self._make_sdk_client()
        return self._sdk

    def _base_config(self) -> dict[str, Any]:
        """The fields of :class:`BaseOpenAIClientConfig`, create arguments included."""
        return {
            "model": self._model,
            "timeout": self._timeout,
            "max_retries": self._max_retries,
            "model_info": self._model_info_given,
            "default_headers": self._default_headers,
            "prices": self._prices_given,
            **self._create_args,
        }

    @staticmethod
    def _base_arguments(config: BaseOpenAIClientConfig) -> dict[str, Any]:
        """Constructor arguments from the shared part of a config."""
        return {
            "model": config.model,
            "timeout": config.timeout,
            "max_retries": config.max_retries,
            "model_info": config.model_info,
            "default_headers": config.default_headers,
            "prices": config.prices,
            **config.create_args,
        }

    @property
    def model_info(self) -> ModelInfo:
        return self._model_info

    async def create(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = (),
        tool_choice: ToolChoice = "auto",
        json_output: JsonOutput = None,
        extra_create_args: Mapping[str, Any] | None = None,
        cancellation_token: CancellationToken | None = None,
    ) -> CreateResult:
        """Send one chat completion request and return the first choice.

        The SDK's errors (``openai.RateLimitError``, ``openai.APITimeoutError``,
        ... all ``openai.APIError``, carrying ``status_code`` and ``message``)
        surface as they are, after the SDK's retries of 429 and 5xx answers
        (``max_retries``). Cancelling ``cancellation_token`` aborts the request
        with ``asyncio.CancelledError``.
        """
        params = self._params(messages, tools, tool_choice, json_output, extra_create_args)
        sdk = self._sdk_client()
        task = asyncio.ensure_future(sdk.chat.completions.create(**params))
        if cancellation_token is not None:
            cancellation_token.link_future(task)
        completion = await task
        usage = request_usage(completion.usage, self._price)
        result = result_from_completion(completion, usage, model=self._model)
        self._finish(result, json_output)
        return result

    async def create_stream(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = (),
        tool_choice: ToolChoice = "auto",
        json_output: JsonOutput = None,
        extra_create_args: Mapping[str, Any] | None = None,
        cancellation_token: CancellationToken | None = None,
    ) -> AsyncGenerator[str | CreateResult, None]:
        """Like :meth:`create`, yielding text chunks, then the whole ``CreateResult``.

        Usage is requested with ``stream_options.include_usage``. A stream that
        ends without a finish reason raises :class:`IncompleteStreamError`.
        """
        params = self._params(messages, tools, tool_choice, json_output, extra_create_args)
        params.update(stream=True, stream_options={"include_usage": True})
        sdk = self._sdk_client()
        assembler = StreamAssembler(self._model)

        async def open_stream() -> AsyncStream[ChatCompletionChunk]:
            stream = await sdk.chat.completions.create(**params)
            return cast("AsyncStream[ChatCompletionChunk]", stream)

        async with aclosing(read_chunks(open_stream, cancellation_token)) as chunks:
            async for chunk in chunks:
                if text := assembler.add(chunk):
                    yield text
        result = assembler.result(self._price)
        if not assembler.usage_reported:
            _trace.warning("the stream from model '%s' reported no token usage", self._model)
        self._finish(result, json_output)
        yield result

    def _params(
        self,
        messages: Sequence[LLMMessage],
        tools: Sequence[Tool | ToolSchema],
        tool_choice: ToolChoice,
        json_output: JsonOutput,
        extra_create_args: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        """The request params; every check that can fail runs here, before any HTTP."""
        _check_capabilities(self._model, self._model_info, messages, tools, json_output)
        params = {
            **self._create_args,
            **check_create_args(extra_create_args or {}, where="extra_create_args"),
        }
        if (format_ := response_format(json_output)) is not None:
            if "response_format" in params:
                raise ValueError(
                    "json_output and a 'response_format' create argument were both given; "
                    "pass one of them"
                )
            params["response_format"] = format_
        params.update(tool_params(tools, tool_choice))
        params["messages"] = self._messages(messages)
        params["model"] = self._model
        return params

    def _messages(self, messages: Sequence[LLMMessage]) -> list[dict[str, Any]]:
        merge = not self._model_info.get("multiple_system_messages", False)
        return to_openai_messages(messages, merge_system=merge)

    def _finish(self, result: CreateResult, json_output: JsonOutput) -> None:
        self._usage = self._usage + result.usage
        if _events.isEnabledFor(logging.INFO):
            event = {
                "type": "LLMCall",
                "model": self._model,
                "prompt_tokens": result.usage.prompt_tokens,
                "completion_tokens": result.usage.completion_tokens,
                "cost": result.usage.cost,
            }
            _events.info("model call", extra={"event": event})
        if isinstance(json_output, type) and isinstance(result.content, str):
            truncated = result.finish_reason == "length"
            check_structured(
                json_output, result.content, model_name=self._model, truncated=truncated
            )

    def actual_usage(self) -> RequestUsage:
        return self._usage

    def total_usage(self) -> RequestUsage:
        return self._usage

    def count_tokens(
        self, messages: Sequence[LLMMessage], *, tools: Sequence[Tool | ToolSchema] = ()
    ) -> int:
        """Exact text tokens for OpenAI's model families, an estimate for other models.

        See ``agentplex_openai._tokens`` for what is counted and how.
        """
        tool_defs = tool_params(tools, "auto").get("tools", [])
        counter = text_counter(self._model_info["family"])
        return count_prompt_tokens(self._messages(messages), tool_defs, counter)

    def remaining_tokens(
        self, messages: Sequence[LLMMessage], *, tools: Sequence[Tool | ToolSchema] = ()
    ) -> int:
        window = self._model_info.get("context_window")
        if window is None:
            raise ValueError(
                f"the context window of model '{self._model}' is unknown; pass "
                "model_info={..., 'context_window': N}"
            )
        return window - self.count_tokens(messages, tools=tools)

    async def close(self) -> None:
        """Close the SDK client's connections; a later call opens new ones."""
        if self._sdk is not None:
            sdk, self._sdk = self._sdk, None
            await sdk.close()


def _check_capabilities(
    model: str,
    info: ModelInfo,
    messages: Sequence[LLMMessage],
    tools: Sequence[Tool | ToolSchema],
    json_output: JsonOutput,
) -> None:
    def refuse(what: str, key: str) -> UnsupportedCapabilityError:
        return UnsupportedCapabilityError(
            f"model '{model}' does not support {what}: model_info['{key}'] is False "
            "(pass model_info=... if the model can)"
        )

    if tools and not info["function_calling"]:
        raise refuse("tools", "function_calling")
    if json_output is True and not info["json_output"]:
        raise refuse("JSON mode (json_output=True)", "json_output")
    if isinstance(json_output, type) and not info["structured_output"]:
        raise refuse(f"structured output (json_output={json_output.__name__})", "structured_output")
    if not info["vision"]:
        for index, message in enumerate(messages):
            if isinstance(message, UserMessage) and _has_image(message):
                raise refuse(f"images (messages[{index}])", "vision")


def _has_image(message: UserMessage) -> bool:
    return not isinstance(message.content, str) and any(
        isinstance(part, Image) for part in message.content
    )
