"""Streaming: reading chunks under a cancellation token, and assembling them into one answer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from agentplex import CancellationToken, FunctionCall
from agentplex.models import CreateResult

from ._errors import IncompleteStreamError, ModelResponseError
from ._results import build_result, convert_logprobs, reasoning_text
from ._usage import Price, request_usage

if TYPE_CHECKING:
    from openai import AsyncStream
    from openai.types import CompletionUsage
    from openai.types.chat import ChatCompletionChunk, ChatCompletionTokenLogprob
    from openai.types.chat.chat_completion_chunk import ChoiceDeltaToolCall

_END: Final = object()


async def read_chunks(
    open_stream: Callable[[], Awaitable[AsyncStream[ChatCompletionChunk]]],
    cancellation_token: CancellationToken | None,
) -> AsyncGenerator[ChatCompletionChunk, None]:
    """Yield the chunks of the stream that ``open_stream()`` starts.

    The HTTP exchange runs in one task linked to ``cancellation_token``:
    cancelling the token, or closing this generator early, cancels that task and
    closes the response. A cancelled token surfaces as ``asyncio.CancelledError``,
    also when chunks read before the cancellation are still waiting.
    """
    queue: asyncio.Queue[Any] = asyncio.Queue()
    task = asyncio.ensure_future(_pump(open_stream, queue))
    task.add_done_callback(lambda _: queue.put_nowait(_END))
    if cancellation_token is not None:
        cancellation_token.link_future(task)
    try:
        while (item := await queue.get()) is not _END:
            if cancellation_token is not None and cancellation_token.is_cancelled():
                raise asyncio.CancelledError
            yield item
        await task  # raises the pump's error, or CancelledError when the token cancelled it
    finally:
        if not task.done():
            task.cancel()
            await asyncio.wait([task])
        if not task.cancelled():
            task.exception()  # retrieved here when the caller stopped reading early


async def _pump(
    open_stream: Callable[[], Awaitable[AsyncStream[ChatCompletionChunk]]],
    queue: asyncio.Queue[Any],
) -> None:
    stream = await open_stream()
    try:
        async for chunk in stream:
            queue.put_nowait(chunk)
    finally:
        await stream.close()


@dataclass
class _PartialCall:
    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


class StreamAssembler:
    """Collects the chunks of a streamed answer (first choice) into a ``CreateResult``.

    Tool-call deltas are assembled by their ``index``: the first delta of a call
    carries its id and name, the following ones fragments of its arguments.
    """

    def __init__(self, model: str) -> None:
        self._model = model
        self._content: list[str] = []
        self._reasoning: list[str] = []
        self._calls: dict[int, _PartialCall] = {}
        self._logprobs: list[ChatCompletionTokenLogprob] = []
        self._finish_reason: str | None = None
        self._usage: CompletionUsage | None = None
        self._chunks = 0

    @property
    def usage_reported(self) -> bool:
        return self._usage is not None

    def add(self, chunk: ChatCompletionChunk) -> str | None:
        """Take one chunk; returns the answer text it adds, if any."""
        self._chunks += 1
        if chunk.usage is not None:
            self._usage = chunk.usage
        text = None
        for choice in chunk.choices:
            if choice.index != 0:
                continue
            delta = choice.delta
            if delta.content:
                self._content.append(delta.content)
                text = delta.content
            if reasoning := reasoning_text(delta.model_extra):
                self._reasoning.append(reasoning)
            for call in delta.tool_calls or []:
                self._add_call(call)
            if choice.logprobs is not None and choice.logprobs.content:
                self._logprobs.extend(choice.logprobs.content)
            if choice.finish_reason is not None:
                self._finish_reason = choice.finish_reason
        return text

    def result(self, price: Price | None) -> CreateResult:
        """The whole answer; :class:`IncompleteStreamError` if no finish reason arrived."""
        if self._finish_reason is None:
            raise IncompleteStreamError(
                f"the stream from model '{self._model}' ended after {self._chunks} chunks "
                "without a finish reason; the answer may be truncated"
            )
        return build_result(
            content="".join(self._content) or None,
            reasoning="".join(self._reasoning) or None,
            calls=[self._function_call(index) for index in sorted(self._calls)],
            finish_reason=self._finish_reason,
            usage=request_usage(self._usage, price),
            logprobs=convert_logprobs(self._logprobs) if self._logprobs else None,
        )

    def _add_call(self, delta: ChoiceDeltaToolCall) -> None:
        call = self._calls.setdefault(delta.index, _PartialCall())
        if delta.id:
            call.id = delta.id
        if delta.function is not None:
            call.name += delta.function.name or ""
            if delta.function.arguments:
                call.arguments.append(delta.function.arguments)

    def _function_call(self, index: int) -> FunctionCall:
        call = self._calls[index]
        if not call.id or not call.name:
            raise ModelResponseError(
                f"the stream from model '{self._model}' sent tool call {index} without "
                f"{'an id' if not call.id else 'a name'}"
            )
        return FunctionCall(id=call.id, name=call.name, arguments="".join(call.arguments))
