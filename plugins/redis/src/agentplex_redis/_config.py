"""The config of a RedisStore, and the redis client it describes."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, Field, SecretStr, model_validator
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.connection import Connection, SSLConnection, UnixDomainSocketConnection

from agentplex import ComponentError
from agentplex.components import MASK, secret_value


class RedisStoreConfig(BaseModel):
    """Where the redis server is, and how keys are named and expire.

    Give the server as ``url`` (``redis://host:port/db``, ``rediss://`` for TLS,
    ``unix:///path.sock?db=0``) or as ``host``/``port``/``db``/``ssl`` or
    ``unix_socket_path``, not both. Keep the password in ``password``, which a dump
    masks, rather than in the url. A dump always uses the separate fields.
    """

    url: str | None = None
    host: str = "localhost"
    port: int = Field(default=6379, ge=1, le=65535)
    db: int = Field(default=0, ge=0)
    ssl: bool = False
    unix_socket_path: str | None = None
    username: str | None = None
    password: SecretStr | None = None
    prefix: str = "agentplex:"
    ttl: float | None = Field(default=None, gt=0)
    """Seconds an entry lives; None: until redis evicts it."""
    max_connections: int = Field(default=50, ge=1)
    """Connections the loaded client opens at most; further commands wait for one."""

    @model_validator(mode="after")
    def _url_or_parts(self) -> Self:
        if self.url is not None:
            self._refuse_with("url", ("host", "port", "db", "ssl", "unix_socket_path"))
        elif self.unix_socket_path is not None:
            self._refuse_with("unix_socket_path", ("host", "port", "ssl"))
        return self

    def _refuse_with(self, given: str, others: tuple[str, ...]) -> None:
        fields = type(self).model_fields
        clash = [name for name in others if getattr(self, name) != fields[name].default]
        if clash:
            raise ValueError(f"give either {given} or {', '.join(clash)}, not both")


def connection_config(client: Redis) -> dict[str, Any]:
    """The server fields of a :class:`RedisStoreConfig` for ``client``."""
    pool = client.connection_pool
    options = pool.connection_kwargs
    password = options.get("password")
    fields: dict[str, Any] = {
        "max_connections": pool.max_connections,
        "db": options.get("db", 0),
        "username": options.get("username"),
        "password": SecretStr(password) if password else None,
    }
    if "path" in options:
        fields["unix_socket_path"] = options["path"]
    else:
        fields["host"] = options.get("host", "localhost")
        fields["port"] = options.get("port", 6379)
        fields["ssl"] = issubclass(pool.connection_class, SSLConnection)
    return fields


def connect(config: RedisStoreConfig) -> Redis:
    """A client (not yet connected) for the server ``config`` names.

    Its pool is a ``BlockingConnectionPool``: past ``max_connections`` concurrent
    commands, the next one waits for a free connection instead of failing.
    """
    if config.password is not None and config.password.get_secret_value() == MASK:
        raise ComponentError(
            "the redis password in this RedisStore config was masked when it was dumped; "
            "dump with include_secrets=True, or set the password in the config"
        )
    credentials: dict[str, Any] = {}
    if config.username is not None:
        credentials["username"] = config.username
    if config.password is not None:
        credentials["password"] = secret_value(config.password)
    pool: BlockingConnectionPool
    if config.url is not None:
        try:
            pool = BlockingConnectionPool.from_url(
                config.url, max_connections=config.max_connections, **credentials
            )
        except ValueError as exc:
            raise ComponentError(f"invalid redis url in RedisStore config: {exc}") from None
    elif config.unix_socket_path is not None:
        pool = BlockingConnectionPool(
            connection_class=UnixDomainSocketConnection,
            max_connections=config.max_connections,
            path=config.unix_socket_path,
            db=config.db,
            **credentials,
        )
    else:
        pool = BlockingConnectionPool(
            connection_class=SSLConnection if config.ssl else Connection,
            max_connections=config.max_connections,
            host=config.host,
            port=config.port,
            db=config.db,
            **credentials,
        )
    return Redis.from_pool(pool)
