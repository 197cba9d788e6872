"""The replies a test scripts for `ScriptedOpenAIServer`, one per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, kw_only=True)
class CompletionReply:
    """Fields shared by the replies that answer with a chat completion.

    ``chunks`` fixes how ``content`` is split when streamed (default: 4-character
    pieces; reasoning and tool arguments are always split that way). ``model``
    replaces the request's model in the answer. ``delay`` is waited before the
    answer starts, ``chunk_delay`` between streamed chunks. ``omit_finish_reason``
    ends the answer without a finish reason (``null`` when not streamed), to test
    that a client rejects a truncated answer.
    """

    content: str | None = None
    reasoning_content: str | None = None
    chunks: list[str] | None = None
    finish_reason: str = "stop"
    prompt_tokens: int = 10
    completion_tokens: int = 5
    cached_tokens: int = 0
    delay: float = 0.0
    chunk_delay: float = 0.0
    omit_finish_reason: bool = False
    model: str | None = None

    def __post_init__(self) -> None:
        _check_not_negative(self, "prompt_tokens", "completion_tokens", "cached_tokens")
        _check_not_negative(self, "delay", "chunk_delay")
        if self.chunks is not None and "".join(self.chunks) != (self.content or ""):
            raise ValueError(
                f"{type(self).__name__}: chunks {self.chunks!r} do not join to"
                f" content {self.content!r}"
            )


@dataclass(frozen=True)
class TextReply(CompletionReply):
    """An assistant message; streamed as a role delta, reasoning deltas, content deltas."""

    content: str | None = "Hello from the scripted server."


@dataclass(frozen=True)
class ToolCallReply(CompletionReply):
    """An assistant message asking for tool calls: ``calls`` is ``[(name, arguments)]``.

    Dict arguments are sent as JSON; string arguments are sent verbatim, so a
    test can send malformed JSON. Call ids are ``call_<request>_<position>``.
    """

    calls: list[tuple[str, dict[str, Any] | str]]
    finish_reason: str = field(default="tool_calls", kw_only=True)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.calls:
            raise ValueError("ToolCallReply needs at least one call")


@dataclass(frozen=True)
class ErrorReply:
    """An OpenAI error body ``{"error": {...}}`` with this HTTP status.

    ``type`` defaults from the status as OpenAI sends it (``requests`` for 429,
    ``server_error`` for 5xx, ``invalid_request_error`` otherwise).
    ``retry_after`` adds a ``retry-after`` header, in seconds.
    """

    status: int
    message: str = "scripted error"
    type: str | None = None
    param: str | None = None
    code: str | None = None
    retry_after: float | None = None
    delay: float = 0.0

    def __post_init__(self) -> None:
        if not 400 <= self.status <= 599:
            raise ValueError(f"ErrorReply: status must be 4xx or 5xx, got {self.status}")
        _check_not_negative(self, "delay")
        if self.retry_after is not None:
            _check_not_negative(self, "retry_after")

    @property
    def error_type(self) -> str:
        """The ``type`` sent in the error body."""
        if self.type is not None:
            return self.type
        if self.status == 429:
            return "requests"
        return "server_error" if self.status >= 500 else "invalid_request_error"


Reply = TextReply | ToolCallReply | ErrorReply
"""Anything `ScriptedOpenAIServer.enqueue` accepts."""


def _check_not_negative(reply: object, *names: str) -> None:
    for name in names:
        value = getattr(reply, name)
        if value < 0:
            raise ValueError(f"{type(reply).__name__}: {name} must be >= 0, got {value!r}")
