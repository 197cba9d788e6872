"""Cooperative cancellation shared by agents, tools and model clients."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

F = TypeVar("F", bound="asyncio.Future[Any] | Future[Any]")


class CancellationToken:
    """Set once with :meth:`cancel`; linked futures are cancelled at that moment."""

    def __init__(self) -> None:
        self._cancelled = False
        self._callbacks: dict[int, Callable[[], object]] = {}
        self._next_key = 0
        self._lock = threading.Lock()

    def cancel(self) -> None:
        """Cancel: run every callback and cancel every linked future, once."""
        with self._lock:
            if self._cancelled:
                return
            self._cancelled = True
            callbacks, self._callbacks = self._callbacks, {}
        for callback in callbacks.values():
            callback()

    def is_cancelled(self) -> bool:
        return self._cancelled

    def add_callback(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` on cancellation (at once if already cancelled)."""
        self._add(callback)

    def link_future(self, future: F) -> F:
        """Cancel ``future`` when this token is cancelled; returns ``future``.

        The link is dropped when the future finishes, so a long-lived token
        does not accumulate one entry per call.
        """
        if isinstance(future, asyncio.Future):
            key = self._add(lambda: _cancel_async(future))
        else:
            key = self._add(future.cancel)
        if key is not None:
            future.add_done_callback(lambda _: self._remove(key))
        return future

    def _add(self, callback: Callable[[], object]) -> int | None:
        with self._lock:
            if not self._cancelled:
                key = self._next_key
                self._next_key += 1
                self._callbacks[key] = callback
                return key
        callback()
        return None

    def _remove(self, key: int) -> None:
        with self._lock:
            self._callbacks.pop(key, None)


def _cancel_async(future: asyncio.Future[Any]) -> None:
    loop = future.get_loop()
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        future.cancel()
    elif not loop.is_closed():
        loop.call_soon_threadsafe(future.cancel)
