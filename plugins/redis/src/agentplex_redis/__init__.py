"""A redis cache store for agentplex, on ``redis.asyncio``.

Registered as the cache store provider ``redis``. Test helpers (a throwaway
``redis-server``) are in :mod:`agentplex_redis.testing`.
"""

from ._config import RedisStoreConfig
from ._store import RedisStore

__all__ = ["RedisStore", "RedisStoreConfig"]
