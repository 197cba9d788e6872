"""A redis cache store for agentplex, on ``redis.asyncio``.

Registered as the cache store provider ``redis``. Test helpers (a throwaway
``redis-server``) are in :mod:`agentplex_redis.testing`.

Importing this package is cheap: ``redis`` is imported when a name below is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentplex import lazy_exports

if TYPE_CHECKING:
    from ._config import RedisStoreConfig
    from ._store import RedisStore

_LAZY = {
    "RedisStore": "._store",
    "RedisStoreConfig": "._config",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "RedisStore",
    "RedisStoreConfig",
]
