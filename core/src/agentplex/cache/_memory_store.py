"""A cache store in process memory, bounded with least-recently-used eviction."""

from __future__ import annotations

from collections import OrderedDict
from typing import Self, TypeVar

from pydantic import BaseModel, Field

from ..components import Component
from ._store import CacheStore

T = TypeVar("T")


class InMemoryStoreConfig(BaseModel):
    max_size: int = Field(default=1024, ge=1)


class InMemoryStore(CacheStore[T], Component[InMemoryStoreConfig]):
    """Keeps up to ``max_size`` entries; storing one more evicts the least recently used.

    Values are kept as given (not copied). A dump holds the settings, not the entries.
    """

    component_provider = "in_memory"
    component_config_schema = InMemoryStoreConfig

    def __init__(self, max_size: int = 1024) -> None:
        if max_size < 1:
            raise ValueError(f"max_size must be at least 1, got {max_size}")
        self._max_size = max_size
        self._entries: OrderedDict[str, T] = OrderedDict()

    @property
    def max_size(self) -> int:
        return self._max_size

    async def get(self, key: str, default: T | None = None) -> T | None:
        try:
            value = self._entries[key]
        except KeyError:
            return default
        self._entries.move_to_end(key)
        return value

    async def set(self, key: str, value: T) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        if len(self._entries) > self._max_size:
            self._entries.popitem(last=False)

    def _to_config(self) -> InMemoryStoreConfig:
        return InMemoryStoreConfig(max_size=self._max_size)

    @classmethod
    def _from_config(cls, config: InMemoryStoreConfig) -> Self:
        return cls(max_size=config.max_size)
