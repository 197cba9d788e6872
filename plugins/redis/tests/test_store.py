"""RedisStore against a real redis-server: values, TTL, prefixes, damaged entries,
ChatCompletionCache create and create_stream, dump/load."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import pytest
import redis
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from agentplex import ComponentError
from agentplex.cache import CacheStore, ChatCompletionCache
from agentplex.components import MASK
from agentplex.models import CreateResult, LLMMessage, ReplayChatCompletionClient, UserMessage
from agentplex.plugins import providers
from agentplex_redis import RedisStore, RedisStoreConfig
from agentplex_redis.testing import RedisServer

ASK: list[LLMMessage] = [UserMessage(content="What is the capital of France?")]


@pytest.fixture
def store(redis_client: Redis) -> RedisStore[Any]:
    return RedisStore(redis_client)


async def test_values_round_trip_as_json(store: RedisStore[Any], redis_client: Redis) -> None:
    value = {"text": "héllo ✓", "n": 3, "x": 1.5, "ok": True, "none": None, "list": [1, {}]}
    await store.set("k", value)
    assert await store.get("k") == value
    raw = await redis_client.get("agentplex:k")
    assert isinstance(raw, bytes)
    assert raw.startswith(b'{"text":"h\xc3\xa9llo')  # compact JSON text, UTF-8
    assert await store.get("missing") is None
    assert await store.get("missing", [0]) == [0]


async def test_a_client_that_decodes_responses_works_too(redis_server: RedisServer) -> None:
    client = Redis(host=redis_server.host, port=redis_server.port, decode_responses=True)
    store: RedisStore[Any] = RedisStore(client, prefix="decoded:")
    await store.set("k", ["a", 1])
    assert await store.get("k") == ["a", 1]
    await client.delete("decoded:k")
    await store.close()


async def test_a_value_that_is_not_json_safe_is_refused(store: RedisStore[Any]) -> None:
    with pytest.raises(TypeError):
        await store.set("k", {1, 2})
    assert await store.get("k") is None


def test_bad_arguments_are_refused(redis_server: RedisServer) -> None:
    with pytest.raises(TypeError, match=r"redis\.asyncio\.Redis.*redis\.client\.Redis"):
        RedisStore(redis.Redis(port=redis_server.port))  # type: ignore[arg-type]
    client = Redis(port=redis_server.port)
    with pytest.raises(ValueError, match="ttl must be more than 0"):
        RedisStore(client, ttl=0)
    with pytest.raises(ValueError, match="ttl must be more than 0"):
        RedisStore(client, ttl=timedelta(seconds=-1))


@pytest.mark.parametrize("ttl", [0.3, timedelta(milliseconds=300)])
async def test_entries_expire_after_the_ttl(redis_client: Redis, ttl: float | timedelta) -> None:
    store: RedisStore[Any] = RedisStore(redis_client, ttl=ttl)
    assert store.ttl == pytest.approx(0.3)
    await store.set("k", "v")
    assert 0 < await redis_client.pttl("agentplex:k") <= 300
    assert await store.get("k") == "v"
    await asyncio.sleep(0.45)
    assert await store.get("k") is None


async def test_without_a_ttl_entries_do_not_expire(
    store: RedisStore[Any], redis_client: Redis
) -> None:
    await store.set("k", "v")
    assert await redis_client.pttl("agentplex:k") == -1  # no expiry


async def test_prefixes_keep_stores_apart(redis_client: Redis) -> None:
    first: RedisStore[Any] = RedisStore(redis_client, prefix="first:")
    second: RedisStore[Any] = RedisStore(redis_client, prefix="second:")
    await first.set("k", "one")
    await second.set("k", "two")
    assert await first.get("k") == "one"
    assert await second.get("k") == "two"
    assert await first.get("other") is None
    assert sorted(await redis_client.keys("*")) == [b"first:k", b"second:k"]


@pytest.mark.parametrize("garbage", [b"\xff\xfe\x00garbage", b"{not json"], ids=["bytes", "text"])
async def test_a_damaged_value_is_a_miss(
    store: RedisStore[Any],
    redis_client: Redis,
    garbage: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await redis_client.set("agentplex:k", garbage)
    with caplog.at_level(logging.WARNING, logger="agentplex_redis"):
        assert await store.get("k", "default") == "default"
    assert "damaged redis entry 'agentplex:k'" in caplog.text
    await store.set("k", "repaired")
    assert await store.get("k") == "repaired"


async def test_a_key_of_another_type_is_a_miss(store: RedisStore[Any], redis_client: Redis) -> None:
    await redis_client.rpush("agentplex:k", "a", "b")
    assert await store.get("k") is None
    await store.set("k", {"ok": True})
    assert await store.get("k") == {"ok": True}


async def test_concurrent_sets_and_gets(redis_server: RedisServer) -> None:
    # A loaded store's client waits for a free connection instead of failing.
    config = {"url": redis_server.url, "prefix": "many:", "max_connections": 4}
    store: RedisStore[Any] = RedisStore.load_component({"provider": "redis", "config": config})

    async def write_then_read(index: int) -> Any:
        await store.set(f"key-{index}", {"index": index})
        return await store.get(f"key-{index}")

    results = await asyncio.gather(*(write_then_read(index) for index in range(200)))
    assert results == [{"index": index} for index in range(200)]
    assert len(await store.client.keys("many:*")) == 200
    await store.client.flushdb()
    await store.close()


async def test_chat_completion_cache_create(store: RedisStore[Any]) -> None:
    replay = ReplayChatCompletionClient(["Paris."])
    first = await ChatCompletionCache(replay, store).create(ASK)
    cached = await ChatCompletionCache(replay, store).create(ASK)
    assert len(replay.calls) == 1
    assert not first.cached
    assert cached.cached
    assert cached.content == "Paris."
    assert cached.usage == first.usage


async def test_chat_completion_cache_create_stream(store: RedisStore[Any]) -> None:
    replay = ReplayChatCompletionClient(["The capital is Paris."])
    cache = ChatCompletionCache(replay, store)
    streamed = [item async for item in cache.create_stream(ASK)]
    replayed = [item async for item in cache.create_stream(ASK)]
    assert len(replay.calls) == 1
    chunks = [item for item in streamed if isinstance(item, str)]
    assert len(chunks) > 1
    assert [item for item in replayed if isinstance(item, str)] == chunks
    final = replayed[-1]
    assert isinstance(final, CreateResult)
    assert final.cached
    assert final.content == "The capital is Paris."
    assert (await cache.create(ASK)).content == "The capital is Paris."
    assert len(replay.calls) == 1


async def test_an_unreachable_server_raises_and_the_cache_calls_the_model(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = Redis(port=1, retry=Retry(NoBackoff(), 0))  # nothing listens on port 1
    store: RedisStore[Any] = RedisStore(client)
    with pytest.raises(redis.ConnectionError):
        await store.get("k")
    replay = ReplayChatCompletionClient(["one", "two"])
    cache = ChatCompletionCache(replay, store)
    with caplog.at_level(logging.WARNING):
        assert (await cache.create(ASK)).content == "one"
        assert (await cache.create(ASK)).content == "two"
    assert "failed to read entry" in caplog.text
    assert "failed to write entry" in caplog.text
    await store.close()


def test_registered_as_the_redis_provider() -> None:
    assert providers("cache_store")["redis"] is RedisStore


async def test_dump_and_load(redis_server: RedisServer, store: RedisStore[Any]) -> None:
    await store.set("k", {"v": 1})
    spec = RedisStore(store.client, prefix="agentplex:", ttl=60).dump_component()
    assert spec.provider == "redis"
    assert spec.component_type == "cache_store"
    assert spec.config["host"] == redis_server.host
    assert spec.config["port"] == redis_server.port
    assert spec.config["db"] == 0
    assert spec.config["prefix"] == "agentplex:"
    assert spec.config["ttl"] == 60
    assert spec.config["password"] is None
    loaded: CacheStore[Any] = CacheStore.load_component(spec.model_dump(mode="json"))
    assert isinstance(loaded, RedisStore)
    assert loaded.ttl == 60
    assert await loaded.get("k") == {"v": 1}
    await loaded.close()


async def test_a_password_is_masked_and_restored(redis_server: RedisServer) -> None:
    admin = Redis(port=redis_server.port)
    await admin.acl_setuser(
        "tester", enabled=True, passwords=["+s3cret"], keys=["~*"], commands=["+@all"]
    )
    try:
        client = Redis(port=redis_server.port, username="tester", password="s3cret")
        store: RedisStore[Any] = RedisStore(client, prefix="auth:")
        await store.set("k", "private")
        masked = store.dump_component()
        assert masked.config["password"] == MASK
        assert masked.config["username"] == "tester"
        with pytest.raises(ComponentError, match=r"password .* was masked"):
            RedisStore.load_component(masked)
        full = store.dump_component(include_secrets=True)
        assert full.config["password"] == "s3cret"
        loaded: RedisStore[Any] = RedisStore.load_component(full)
        assert await loaded.get("k") == "private"
        await loaded.close()
        await store.close()
    finally:
        await admin.acl_deluser("tester")
        await admin.delete("auth:k")
        await admin.aclose()


async def test_load_from_a_url(redis_server: RedisServer, store: RedisStore[Any]) -> None:
    await store.set("k", "v")
    loaded: RedisStore[Any] = RedisStore.load_component(
        {"provider": "redis", "config": {"url": redis_server.url, "prefix": "agentplex:"}}
    )
    assert await loaded.get("k") == "v"
    assert loaded.dump_component().config["port"] == redis_server.port
    await loaded.close()


def test_config_refuses_a_url_with_separate_server_fields() -> None:
    with pytest.raises(ValueError, match="either url or host, port"):
        RedisStoreConfig(url="redis://example:6379/0", host="other", port=1)
    with pytest.raises(ValueError, match="either unix_socket_path or host"):
        RedisStoreConfig(unix_socket_path="/tmp/redis.sock", host="other")
    with pytest.raises(ComponentError, match="invalid redis url"):
        RedisStore.load_component({"provider": "redis", "config": {"url": "http://nope"}})


def test_tls_and_unix_socket_clients_dump_their_kind() -> None:
    tls = RedisStore[Any](Redis(host="redis.example", port=6380, ssl=True)).dump_component()
    assert tls.config["ssl"] is True
    assert tls.config["host"] == "redis.example"
    unix = RedisStore[Any](Redis(unix_socket_path="/run/redis.sock", db=2)).dump_component()
    assert unix.config["unix_socket_path"] == "/run/redis.sock"
    assert unix.config["db"] == 2
    reloaded: RedisStore[Any] = RedisStore.load_component(unix)
    assert reloaded.client.connection_pool.connection_kwargs["path"] == "/run/redis.sock"


async def test_chat_completion_cache_dump_and_load_keeps_the_store(
    store: RedisStore[Any],
) -> None:
    replay = ReplayChatCompletionClient(["Paris."])
    cache = ChatCompletionCache(replay, store)
    await cache.create(ASK)
    loaded = ChatCompletionCache.load_component(cache.dump_component())
    assert isinstance(loaded.store, RedisStore)
    assert isinstance(loaded.client, ReplayChatCompletionClient)
    result = await loaded.create(ASK)
    assert result.cached
    assert result.content == "Paris."
    assert loaded.client.calls == []
    await loaded.store.close()
