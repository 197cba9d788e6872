"""The contract of the key-value stores that caches keep their entries in."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Generic, TypeVar

from ..components import ComponentBase

T = TypeVar("T")


class CacheStore(ComponentBase, ABC, Generic[T]):
    """An async key-value store holding cache entries.

    Values are JSON-safe data: dicts with string keys, lists, strings, numbers,
    booleans and None. That lets a store keep them anywhere (in memory, on disk, in
    redis); a store that holds text or bytes converts with
    :func:`~agentplex.cache.encode_value` and :func:`~agentplex.cache.decode_value`.
    Callers must treat whatever ``get`` returns as untrusted (it may have been written
    by another version, or damaged) and validate it before use.
    """

    component_type = "cache_store"

    @abstractmethod
    async def get(self, key: str, default: T | None = None) -> T | None:
        """The value stored under ``key``, or ``default`` when there is none."""

    @abstractmethod
    async def set(self, key: str, value: T) -> None:
        """Store ``value`` under ``key``, replacing any earlier value."""
