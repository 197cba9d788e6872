"""RedisStore: cache entries kept in redis, through ``redis.asyncio``."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Self, TypeVar

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from agentplex.cache import CacheStore, decode_value, encode_value
from agentplex.components import Component

from ._config import RedisStoreConfig, connect, connection_config

T = TypeVar("T")

logger = logging.getLogger(__name__)


class RedisStore(CacheStore[T], Component[RedisStoreConfig]):
    """Keeps cache entries in redis under ``prefix + key``, for ``ttl`` seconds when set.

    ``redis_client`` is a ``redis.asyncio.Redis`` (either ``decode_responses``
    setting works). Values are stored as JSON text
    (:func:`~agentplex.cache.encode_value`), the same encoding the other stores
    use, so anything JSON-safe round-trips. Stores with different prefixes share a
    database without seeing each other's entries.

    A damaged entry (not JSON, not UTF-8, or a key holding another redis type) is
    logged as a warning and read as a miss; the next ``set`` replaces it. Failures
    of the server or the connection are raised (``redis.exceptions.RedisError``);
    :class:`~agentplex.cache.ChatCompletionCache` logs those and calls the model.

    redis-py's plain ``ConnectionPool`` fails a command with ``MaxConnectionsError``
    when all its connections are busy (recent versions open 100 at most); build the
    client on a ``BlockingConnectionPool`` to make commands wait instead, as a store
    loaded from a config does.

    The dump holds the connection settings (password masked unless
    ``include_secrets=True``), the prefix and the ttl, not the entries.
    :meth:`close` closes the client.
    """

    component_provider = "redis"
    component_config_schema = RedisStoreConfig

    def __init__(
        self,
        redis_client: Redis,
        prefix: str = "agentplex:",
        ttl: float | timedelta | None = None,
    ) -> None:
        if not isinstance(redis_client, Redis):
            raise TypeError(
                "RedisStore needs the async client, redis.asyncio.Redis; got "
                f"{type(redis_client).__module__}.{type(redis_client).__name__}"
            )
        seconds = ttl.total_seconds() if isinstance(ttl, timedelta) else ttl
        if seconds is not None and not seconds > 0:
            raise ValueError(f"ttl must be more than 0 seconds, got {ttl!r}")
        self._client = redis_client
        self._prefix = prefix
        self._ttl = seconds
        self._ttl_ms = None if seconds is None else max(1, round(seconds * 1000))

    @property
    def client(self) -> Redis:
        return self._client

    @property
    def prefix(self) -> str:
        return self._prefix

    @property
    def ttl(self) -> float | None:
        """Seconds an entry lives (None: no expiry)."""
        return self._ttl

    async def get(self, key: str, default: T | None = None) -> T | None:
        name = self._prefix + key
        try:
            raw = await self._client.get(name)
        except ResponseError as exc:
            if not str(exc).startswith("WRONGTYPE"):
                raise
            _damaged(name, exc)
            return default
        if raw is None:
            return default
        try:
            value: T = decode_value(raw)
        except ValueError as exc:
            _damaged(name, exc)
            return default
        return value

    async def set(self, key: str, value: T) -> None:
        """Store ``value`` (JSON-safe data; ``TypeError`` otherwise) under ``prefix + key``."""
        await self._client.set(self._prefix + key, encode_value(value), px=self._ttl_ms)

    async def close(self) -> None:
        """Close the redis client and its connections."""
        await self._client.aclose()

    def _to_config(self) -> RedisStoreConfig:
        return RedisStoreConfig(
            **connection_config(self._client), prefix=self._prefix, ttl=self._ttl
        )

    @classmethod
    def _from_config(cls, config: RedisStoreConfig) -> Self:
        return cls(connect(config), prefix=config.prefix, ttl=config.ttl)


def _damaged(name: str, exc: Exception) -> None:
    logger.warning(
        "damaged redis entry %r is treated as a miss: %s: %s", name, type(exc).__name__, exc
    )
