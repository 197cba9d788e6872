"""Calling the SDK: without its Assistants deprecation warnings, tied to a cancellation token."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, TypeVar

from openai import NotFoundError

from agentplex import CancellationToken

if TYPE_CHECKING:
    from openai import AsyncOpenAI
    from openai.types.beta.threads import Message

T = TypeVar("T")

# openai 3.x marks every Assistants API method deprecated; the agent exists to use them.
_SDK_DEPRECATIONS = ("deprecated$", "The Assistants API is deprecated")


def quietly(start: Callable[[], T]) -> T:
    """``start()`` (which starts an SDK call) without the SDK's Assistants deprecation warnings.

    The warnings are issued when a method is called, not when its result is awaited,
    so the filter is in place only for that synchronous moment.
    """
    with warnings.catch_warnings():
        for message in _SDK_DEPRECATIONS:
            warnings.filterwarnings("ignore", message=message, category=DeprecationWarning)
        return start()


async def linked(token: CancellationToken | None, awaitable: Awaitable[T]) -> T:
    """Await ``awaitable``; cancelling ``token`` cancels it and raises ``CancelledError``."""
    future = asyncio.ensure_future(awaitable)
    if token is not None:
        token.link_future(future)
    return await future


async def call(start: Callable[[], Awaitable[T]], token: CancellationToken | None = None) -> T:
    """Start an SDK request with :func:`quietly` and await it :func:`linked` to ``token``."""
    return await linked(token, quietly(start))


async def each(
    starts: Sequence[Callable[[], Awaitable[T]]],
    token: CancellationToken | None,
    limit: int = 8,
) -> list[T | Exception]:
    """Run SDK calls, ``limit`` at a time; each outcome is its result or its error.

    Cancellation (through ``token`` or of the caller) is raised, not returned.
    """
    slots = asyncio.Semaphore(limit)

    async def one(start: Callable[[], Awaitable[T]]) -> T | Exception:
        async with slots:
            try:
                return await call(start, token)
            except Exception as exc:
                return exc

    return list(await asyncio.gather(*(one(start) for start in starts)))


async def skip_missing(pending: Awaitable[object]) -> None:
    """Await a delete; an object that is already gone counts as deleted."""
    with suppress(NotFoundError):
        await pending


def raise_first(outcomes: Iterable[object]) -> None:
    """Raise the first error among :func:`each`'s outcomes; "not found" counts as done."""
    for outcome in outcomes:
        if isinstance(outcome, Exception) and not isinstance(outcome, NotFoundError):
            raise outcome


async def thread_messages(
    client: AsyncOpenAI,
    thread_id: str,
    token: CancellationToken | None,
    *,
    run_id: str | None = None,
) -> list[Message]:
    """Every message of a thread (or of one run on it), oldest first, across all pages."""
    messages = client.beta.threads.messages
    if run_id is None:
        pages = quietly(lambda: messages.list(thread_id, order="asc", limit=100))
    else:
        pages = quietly(lambda: messages.list(thread_id, order="asc", limit=100, run_id=run_id))

    async def collect() -> list[Message]:
        return [message async for message in pages]

    return await linked(token, collect())
