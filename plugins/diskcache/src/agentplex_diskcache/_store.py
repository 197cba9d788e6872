"""DiskCacheStore: cache entries kept in a ``diskcache.Cache`` directory."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Self, TypeVar

import diskcache
from pydantic import BaseModel

from agentplex.cache import CacheStore, decode_value, encode_value
from agentplex.components import Component

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger(__name__)

_MISSING = object()
_STORE_FAILURES = (diskcache.Timeout, sqlite3.Error, OSError)
"""Failures of the store itself (locked or broken database, disk), as opposed to a bad entry."""


class DiskCacheStoreConfig(BaseModel):
    directory: str
    """The cache directory; the settings saved in it (size limit, eviction policy) apply."""


class DiskCacheStore(CacheStore[T], Component[DiskCacheStoreConfig]):
    """Keeps cache entries in ``cache``, a ``diskcache.Cache`` (SQLite plus files).

    Values are stored as JSON text (:func:`~agentplex.cache.encode_value`), so
    anything JSON-safe round-trips, and another process or version can read them.
    Several stores, threads and processes may share one directory: diskcache
    serialises writes through SQLite.

    A damaged entry (not JSON, not text, unreadable) is logged as a warning and
    read as a miss. Failures of the store itself (a database locked past the
    cache's ``timeout``, a broken database, a disk error) are raised.

    diskcache is synchronous. With the cache's default settings a read is one
    SQLite ``SELECT`` (about 60 µs measured on a small VM, where handing a call to
    a thread costs about 450 µs), so ``get`` runs inline. A write waits for SQLite's
    write lock, which another process may hold, and syncs to disk (about 0.8 ms),
    so ``set`` runs in this store's worker thread; so does ``get`` when the cache
    records statistics or uses an LRU/LFU eviction policy, since reads then write.

    The dump holds the directory, not the entries. :meth:`close` closes the
    connections this store opened.
    """

    component_provider = "diskcache"
    component_config_schema = DiskCacheStoreConfig

    def __init__(self, cache: diskcache.Cache) -> None:
        if not isinstance(cache, diskcache.Cache):
            raise TypeError(
                f"DiskCacheStore needs a diskcache.Cache, got {type(cache).__name__}; "
                "create one with diskcache.Cache(directory)"
            )
        self._cache = cache
        self._worker: ThreadPoolExecutor | None = None

    @property
    def cache(self) -> diskcache.Cache:
        """The underlying ``diskcache.Cache``."""
        return self._cache

    @property
    def directory(self) -> str:
        """The cache directory."""
        directory: str = self._cache.directory
        return directory

    async def get(self, key: str, default: T | None = None) -> T | None:
        try:
            if self._reads_write():
                raw = await self._in_worker(self._read, key)
            else:
                raw = self._read(key)
            if raw is _MISSING:
                return default
            value: T = _decode(raw)
        except _STORE_FAILURES:
            raise
        except Exception as exc:  # unpickling a damaged row can raise almost anything
            logger.warning(
                "damaged entry %s in disk cache %s is treated as a miss: %s: %s",
                key,
                self.directory,
                type(exc).__name__,
                exc,
            )
            return default
        return value

    async def set(self, key: str, value: T) -> None:
        """Store ``value`` (JSON-safe data; ``TypeError`` otherwise) under ``key``."""
        text = encode_value(value)
        await self._in_worker(self._cache.set, key, text)

    async def close(self) -> None:
        """Close the database connections this store opened; the store reopens them on use."""
        if self._worker is not None:
            worker, self._worker = self._worker, None
            await asyncio.get_running_loop().run_in_executor(worker, self._cache.close)
            worker.shutdown()
        self._cache.close()

    def _reads_write(self) -> bool:
        """True when a ``get`` updates the database (statistics, LRU or LFU eviction)."""
        policy = diskcache.EVICTION_POLICY[self._cache.eviction_policy]
        return bool(self._cache.statistics) or policy["get"] is not None

    def _read(self, key: str) -> Any:
        return self._cache.get(key, default=_MISSING)

    async def _in_worker(self, func: Callable[..., R], *args: Any) -> R:
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="diskcache")
        return await asyncio.get_running_loop().run_in_executor(self._worker, func, *args)

    def _to_config(self) -> DiskCacheStoreConfig:
        return DiskCacheStoreConfig(directory=self.directory)

    @classmethod
    def _from_config(cls, config: DiskCacheStoreConfig) -> Self:
        return cls(diskcache.Cache(config.directory))


def _decode(raw: object) -> Any:
    if not isinstance(raw, str | bytes):
        raise ValueError(f"expected JSON text, found a {type(raw).__name__}")
    return decode_value(raw)
