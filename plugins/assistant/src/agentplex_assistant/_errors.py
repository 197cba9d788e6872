"""Errors the assistant agent raises on purpose."""

from __future__ import annotations

from agentplex import AgentplexError


class AssistantRunError(AgentplexError):
    """A run ended without an answer: ``failed``, ``cancelled``, ``expired`` or ``incomplete``.

    ``code`` is the run's ``last_error.code`` (or ``incomplete_details.reason``) and
    ``detail`` its ``last_error.message``, when the API gave them.
    """

    def __init__(
        self,
        message: str,
        *,
        run_id: str,
        thread_id: str,
        status: str,
        code: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message)
        self.run_id = run_id
        self.thread_id = thread_id
        self.status = status
        self.code = code
        self.detail = detail


class FileIndexingError(AgentplexError):
    """Uploaded files could not be added to the vector store used by ``file_search``."""
