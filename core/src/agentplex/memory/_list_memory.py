"""A memory that keeps its contents in a list and returns them all."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from .._cancellation import CancellationToken
from ..components import Component
from ..model_context import ChatCompletionContext
from ..models import SystemMessage
from ._base import Memory, MemoryQueryResult, UpdateContextResult
from ._content import MemoryContent


class ListMemoryConfig(BaseModel):
    """Config of :class:`ListMemory`."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    memory_contents: list[MemoryContent] = Field(default_factory=list)

    @field_serializer("memory_contents")
    def _as_json(self, contents: list[MemoryContent]) -> list[dict[str, Any]]:
        # JSON mode even in a python dump, so bytes and images come out as base64.
        return [content.model_dump(mode="json") for content in contents]


class ListMemory(Memory, Component[ListMemoryConfig]):
    """Keeps memories in the order they were added; every query returns all of them.

    :meth:`update_context` adds one :class:`SystemMessage` listing the memories
    (``"Relevant memory content (in chronological order):\\n1. ..."``), or
    nothing when there are none. Images and binary content appear as short
    descriptions (see :meth:`MemoryContent.to_text`).
    """

    component_provider = "list"
    component_config_schema = ListMemoryConfig

    def __init__(
        self, name: str | None = None, memory_contents: Iterable[MemoryContent] | None = None
    ) -> None:
        self._name = name or "default_list_memory"
        self._contents = [_checked(item) for item in memory_contents or ()]

    @property
    def name(self) -> str:
        return self._name

    @property
    def content(self) -> list[MemoryContent]:
        """The memories, oldest first (a copy)."""
        return list(self._contents)

    @content.setter
    def content(self, value: Iterable[MemoryContent]) -> None:
        self._contents = [_checked(item) for item in value]

    async def update_context(self, model_context: ChatCompletionContext) -> UpdateContextResult:
        if self._contents:
            lines = [f"{i}. {item.to_text()}" for i, item in enumerate(self._contents, 1)]
            text = "Relevant memory content (in chronological order):\n" + "\n".join(lines)
            await model_context.add_message(SystemMessage(content=text))
        return UpdateContextResult(memories=MemoryQueryResult(results=list(self._contents)))

    async def query(
        self,
        query: str | MemoryContent = "",
        cancellation_token: CancellationToken | None = None,
        **kwargs: Any,
    ) -> MemoryQueryResult:
        """Every memory, oldest first, whatever the query."""
        return MemoryQueryResult(results=list(self._contents))

    async def add(
        self, content: MemoryContent, cancellation_token: CancellationToken | None = None
    ) -> None:
        self._contents.append(_checked(content))

    async def clear(self) -> None:
        self._contents = []

    def _to_config(self) -> ListMemoryConfig:
        return ListMemoryConfig(name=self._name, memory_contents=self._contents)

    @classmethod
    def _from_config(cls, config: ListMemoryConfig) -> Self:
        return cls(name=config.name, memory_contents=config.memory_contents)


def _checked(item: object) -> MemoryContent:
    if not isinstance(item, MemoryContent):
        raise TypeError(f"a memory holds MemoryContent items, got {type(item).__name__}")
    return item
