"""The script shared by the test thread and the server thread: reply queue and request log."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from ._script import Reply


@dataclass
class RecordedRequest:
    """One HTTP request as the server received it.

    ``json`` is the parsed body (``None`` when there is none or it is not JSON),
    ``headers`` have lowercased names, ``deployment`` is set on Azure paths and
    ``disconnected`` becomes true when the client went away before the answer ended.
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any
    deployment: str | None = None
    disconnected: bool = False


@dataclass
class Script:
    """Thread-safe reply queue and request log."""

    default: Reply | None = None
    expect_api_key: str | None = None
    _replies: deque[Reply] = field(default_factory=deque)
    _requests: list[RecordedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def enqueue(self, replies: tuple[Reply, ...]) -> None:
        with self._lock:
            self._replies.extend(replies)

    def next_reply(self) -> Reply | None:
        """The next queued reply, else the default one."""
        with self._lock:
            return self._replies.popleft() if self._replies else self.default

    def record(self, request: RecordedRequest) -> int:
        """Log ``request``; returns its 1-based number."""
        with self._lock:
            self._requests.append(request)
            return len(self._requests)

    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def pending(self) -> int:
        with self._lock:
            return len(self._replies)

    def reset(self) -> None:
        with self._lock:
            self._replies.clear()
            self._requests.clear()
