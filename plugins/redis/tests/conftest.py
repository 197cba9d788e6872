"""A real redis-server for the session (skipped, with an install hint, where it is missing)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from redis.asyncio import Redis

from agentplex_redis.testing import RedisServer, require_redis_server


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    with RedisServer(require_redis_server()) as server:
        yield server


@pytest.fixture
async def redis_client(redis_server: RedisServer) -> AsyncIterator[Redis]:
    """A client of the session's server; the database is emptied after the test."""
    client = Redis(host=redis_server.host, port=redis_server.port)
    yield client
    await client.flushdb()
    await client.aclose()
