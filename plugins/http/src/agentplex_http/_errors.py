"""The error an HTTP tool raises when a request fails."""

from __future__ import annotations

import httpx

from agentplex.tools import ToolError

EXCERPT_LENGTH = 500
"""Characters of a response body quoted in an error message."""
URL_LENGTH = 200
"""Characters of a URL quoted in an error message."""


class HttpToolError(ToolError):
    """An HTTP request failed: a non-2xx status, a timeout, a connection error,
    an unreadable upload file, or a body that is not what ``return_type`` expects.

    ``status`` is the HTTP status when a response arrived (else None) and ``body``
    the start of the response body (at most 500 characters).
    """

    def __init__(self, message: str, *, status: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def excerpt(text: str) -> str:
    """``text`` cut to :data:`EXCERPT_LENGTH` characters, saying how long it was."""
    text = text.strip()
    if not text:
        return "(empty body)"
    if len(text) <= EXCERPT_LENGTH:
        return text
    return f"{text[:EXCERPT_LENGTH]}... ({len(text)} characters)"


def describe(request: httpx.Request) -> str:
    """``METHOD URL`` for messages, a long URL (a big query) cut short."""
    url = str(request.url)
    if len(url) > URL_LENGTH:
        url = f"{url[:URL_LENGTH]}..."
    return f"{request.method} {url}"
