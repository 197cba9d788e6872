"""Helpers for the tests that run the real SmolLM2 model (one thread)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import AsyncIterable

from agentplex import CancellationToken
from agentplex.models import CreateResult, LLMMessage, SystemMessage, UserMessage

Part = str | CreateResult

QUESTION: list[LLMMessage] = [
    SystemMessage(content="You are a helpful assistant. Answer in one short sentence."),
    UserMessage(content="What is the capital of France?", source="user"),
]
LONG_TASK: list[LLMMessage] = [
    UserMessage(content="Write a very long story about a cat, with many chapters.", source="user")
]


async def drain(
    stream: AsyncIterable[Part],
    received: list[Part] | None = None,
    *,
    cancel: CancellationToken | None = None,
) -> list[Part]:
    """Read ``stream`` into ``received``; cancel ``cancel`` after the first part."""
    parts = [] if received is None else received
    async for part in stream:
        parts.append(part)
        if cancel is not None:
            cancel.cancel()
    return parts


def os_threads() -> int:
    """Threads of this process, native ones included."""
    return len(os.listdir("/proc/self/task"))


def python_threads() -> set[str]:
    """Python threads other than the event loops' ``to_thread`` workers."""
    return {t.name for t in threading.enumerate() if not t.name.startswith("asyncio_")}


def settled_threads(quiet: float = 0.2, timeout: float = 5.0) -> int:
    """The number of threads once it has not changed for ``quiet`` seconds (threads of a
    stopped server take a moment to end)."""
    deadline = time.monotonic() + timeout
    count, since = os_threads(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.02)
        if os_threads() != count:
            count, since = os_threads(), time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return count
