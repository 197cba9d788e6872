"""The contract every memory implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from pydantic import BaseModel

from .._cancellation import CancellationToken
from ..components import ComponentBase
from ..model_context import ChatCompletionContext
from ._content import MemoryContent


class MemoryQueryResult(BaseModel):
    """The memories a query found, most relevant or oldest first as the memory defines."""

    results: list[MemoryContent]


class UpdateContextResult(BaseModel):
    """The memories :meth:`Memory.update_context` put into a model context."""

    memories: MemoryQueryResult


class Memory(ComponentBase, ABC):
    """A store of :class:`MemoryContent` an agent consults before it asks its model."""

    component_type = "memory"

    @abstractmethod
    async def update_context(self, model_context: ChatCompletionContext) -> UpdateContextResult:
        """Add what is relevant to ``model_context`` (typically as a system message)."""

    @abstractmethod
    async def query(
        self,
        query: str | MemoryContent,
        cancellation_token: CancellationToken | None = None,
        **kwargs: Any,
    ) -> MemoryQueryResult:
        """The memories relevant to ``query``; ``kwargs`` are implementation options."""

    @abstractmethod
    async def add(
        self, content: MemoryContent, cancellation_token: CancellationToken | None = None
    ) -> None:
        """Store ``content``."""

    @abstractmethod
    async def clear(self) -> None:
        """Forget everything stored."""

    async def close(self) -> None:
        """Release connections and other resources."""
