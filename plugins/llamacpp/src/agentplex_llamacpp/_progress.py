"""A progress line on a terminal while the model is verified and loaded.

For a person waiting at a terminal, one line grows as the steps pass::

    llama.cpp: verifying SmolLM2-135M-Instruct.Q4_1.gguf… loading… ready in 0.6 s

Nothing is written when the stream is not a terminal (pipes, files, CI logs).
Under a live display that owns the terminal (the Console's rich spinner
replaces stderr by a proxy that prints whole lines), the steps are not flushed
one by one: the line appears once, complete.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

PREFIX = "llama.cpp: "


class Stream(Protocol):
    """What the line is written to (``sys.stderr``, or anything like it)."""

    def write(self, text: str, /) -> int: ...
    def flush(self) -> None: ...
    def isatty(self) -> bool: ...


class ProgressLine:
    """The steps of one slow operation, written on one line of ``stream``."""

    def __init__(self, stream: Stream) -> None:
        self._stream = stream
        self._enabled = _is_terminal(stream)
        self._live = hasattr(stream, "rich_proxied_file")
        self._started = time.perf_counter()
        self._written = False

    @property
    def elapsed(self) -> float:
        """Seconds since the line was opened."""
        return time.perf_counter() - self._started

    def step(self, text: str) -> None:
        """Announce a step that is starting."""
        self._write(f"{text}… ")

    def finish(self, text: str) -> None:
        """End the line."""
        self._write(f"{text}\n")

    def _write(self, text: str) -> None:
        if not self._enabled:
            return
        if not self._written:
            text = PREFIX + text
            self._written = True
        self._stream.write(text)
        if not self._live:
            self._stream.flush()


@contextmanager
def progress_line(stream: Stream | None = None) -> Iterator[ProgressLine]:
    """A :class:`ProgressLine` on ``stream`` (default: stderr), ended with "ready in N s"
    or, when the block raises, "failed"."""
    line = ProgressLine(sys.stderr if stream is None else stream)
    try:
        yield line
    except BaseException:
        line.finish("failed")
        raise
    line.finish(f"ready in {line.elapsed:.1f} s")


def _is_terminal(stream: Stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False
