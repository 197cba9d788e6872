"""Render a run of an agent or a team for a person."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import TextIO, TypeVar

from ..messages import (
    BaseAgentEvent,
    BaseChatMessage,
    ModelClientStreamingChunkEvent,
    Response,
    TaskResult,
)
from ..models import RequestUsage
from ._render import make_renderer

R = TypeVar("R", TaskResult, Response)


async def Console(
    stream: AsyncIterator[BaseAgentEvent | BaseChatMessage | R],
    *,
    output: TextIO | None = None,
    use_rich: bool | None = None,
    output_stats: bool = True,
) -> R:
    """Print each message of ``stream`` as it comes and return the run's result.

    Accepts ``team.run_stream(...)``, ``agent.run_stream(...)`` and
    ``agent.on_messages_stream(...)``. Streamed tokens are printed as they
    arrive; at the end, the stop reason, token usage (and cost where the model
    client knows it) and the duration. Uses rich on a terminal when it is
    installed, plain text otherwise (``use_rich`` forces either).
    """
    renderer = make_renderer(output, use_rich)
    started = time.perf_counter()
    usage = RequestUsage()
    streamed_ids: set[str] = set()
    result: R | None = None
    renderer.waiting("working…")
    async for item in stream:
        if isinstance(item, TaskResult | Response):
            result = item
            if isinstance(item, Response):
                usage = _add(usage, item.chat_message)
                renderer.message(item.chat_message, item.chat_message.id in streamed_ids)
            continue
        if isinstance(item, ModelClientStreamingChunkEvent):
            if item.full_message_id:
                streamed_ids.add(item.full_message_id)
            renderer.chunk(item)
            continue
        usage = _add(usage, item)
        renderer.message(item, item.id in streamed_ids)
        renderer.waiting("waiting for the next message…")
    renderer.waiting(None)
    if result is None:
        raise RuntimeError("the stream ended without a TaskResult or Response")
    if output_stats:
        renderer.summary(_summary(result, usage, time.perf_counter() - started))
    return result


def _add(usage: RequestUsage, message: BaseAgentEvent | BaseChatMessage) -> RequestUsage:
    return usage if message.models_usage is None else usage + message.models_usage


def _summary(result: TaskResult | Response, usage: RequestUsage, seconds: float) -> list[str]:
    lines = []
    if isinstance(result, TaskResult):
        lines.append(f"Messages: {len(result.messages)}")
        lines.append(f"Stop reason: {result.stop_reason or 'none'}")
    tokens = f"Tokens: {usage.prompt_tokens} prompt, {usage.completion_tokens} completion"
    if usage.cached_prompt_tokens:
        tokens += f" ({usage.cached_prompt_tokens} prompt tokens cached)"
    lines.append(tokens)
    if usage.cost is not None:
        lines.append(f"Cost: ${usage.cost:.6f}")
    lines.append(f"Duration: {seconds:.2f} s")
    return lines
