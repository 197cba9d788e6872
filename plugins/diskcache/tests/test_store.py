"""DiskCacheStore on a real diskcache directory: values, ChatCompletionCache, concurrency,
other processes, damaged entries, dump/load."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import sys
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import diskcache
import pytest

from agentplex.cache import CacheStore, ChatCompletionCache
from agentplex.models import (
    CreateResult,
    LLMMessage,
    ReplayChatCompletionClient,
    UserMessage,
)
from agentplex.plugins import providers
from agentplex_diskcache import DiskCacheStore

ASK: list[LLMMessage] = [UserMessage(content="What is the capital of France?")]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[DiskCacheStore[Any]]:
    store: DiskCacheStore[Any] = DiskCacheStore(diskcache.Cache(str(tmp_path / "cache")))
    yield store
    await store.close()


async def test_values_round_trip_as_json(store: DiskCacheStore[Any]) -> None:
    value = {"text": "héllo ✓", "n": 3, "x": 1.5, "ok": True, "none": None, "list": [1, "a", {}]}
    await store.set("k", value)
    assert await store.get("k") == value
    assert isinstance(store.cache.get("k"), str)  # stored as JSON text
    assert await store.get("missing") is None
    assert await store.get("missing", {"d": 1}) == {"d": 1}


async def test_set_replaces_the_earlier_value(store: DiskCacheStore[Any]) -> None:
    await store.set("k", [1])
    await store.set("k", [2])
    assert await store.get("k") == [2]


async def test_a_value_that_is_not_json_safe_is_refused(store: DiskCacheStore[Any]) -> None:
    with pytest.raises(TypeError):
        await store.set("k", {"when": object()})
    assert await store.get("k") is None


def test_only_a_diskcache_cache_is_accepted(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"diskcache\.Cache"):
        DiskCacheStore(str(tmp_path))


async def test_large_values_live_in_files_and_round_trip(store: DiskCacheStore[Any]) -> None:
    value = {"text": "word " * 20_000}  # above diskcache's 32 kB inline limit
    await store.set("big", value)
    assert await store.get("big") == value


async def test_chat_completion_cache_create_round_trips(tmp_path: Path) -> None:
    directory = str(tmp_path / "cache")
    replay = ReplayChatCompletionClient(["Paris."])
    first_store: DiskCacheStore[Any] = DiskCacheStore(diskcache.Cache(directory))
    first = await ChatCompletionCache(replay, first_store).create(ASK)
    await first_store.close()
    # A new store over the same directory (another run of the program) hits.
    store: DiskCacheStore[Any] = DiskCacheStore(diskcache.Cache(directory))
    cached = await ChatCompletionCache(replay, store).create(ASK)
    assert len(replay.calls) == 1
    assert cached.cached
    assert not first.cached
    assert cached.content == "Paris."
    assert cached.usage == first.usage
    await store.close()


async def test_chat_completion_cache_stream_round_trips(store: DiskCacheStore[Any]) -> None:
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
    # create() answers from the entry create_stream() wrote.
    assert (await cache.create(ASK)).content == "The capital is Paris."
    assert len(replay.calls) == 1


async def test_concurrent_sets_and_gets(store: DiskCacheStore[Any]) -> None:
    async def write_then_read(index: int) -> Any:
        await store.set(f"key-{index}", {"index": index, "text": f"value {index}"})
        return await store.get(f"key-{index}")

    results = await asyncio.gather(*(write_then_read(index) for index in range(150)))
    assert results == [{"index": index, "text": f"value {index}"} for index in range(150)]
    reads = await asyncio.gather(*(store.get(f"key-{index}") for index in range(150)))
    assert reads == results


WRITER = textwrap.dedent(
    """
    import asyncio, sys
    import diskcache
    from agentplex_diskcache import DiskCacheStore

    async def main() -> None:
        store = DiskCacheStore(diskcache.Cache(sys.argv[1]))
        for index in range(int(sys.argv[2])):
            await store.set(f"child-{index}", {"index": index, "by": "child"})
        await store.close()

    asyncio.run(main())
    """
)


async def test_two_processes_share_a_directory(store: DiskCacheStore[Any]) -> None:
    count = 100
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", WRITER, store.directory, str(count), stderr=asyncio.subprocess.PIPE
    )
    seen: dict[int, Any] = {}
    own = 0
    while child.returncode is None or len(seen) < count:
        # Write our own entries while the child writes its own, and read what it wrote so far.
        await store.set(f"parent-{own}", {"index": own, "by": "parent"})
        own += 1
        for index in range(count):
            if index not in seen:
                value = await store.get(f"child-{index}")
                if value is not None:
                    seen[index] = value
        if child.returncode is None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(child.wait(), 0.01)
        elif len(seen) < count:
            break
    _, stderr = await child.communicate()
    assert child.returncode == 0, stderr.decode()
    assert seen == {index: {"index": index, "by": "child"} for index in range(count)}
    assert [await store.get(f"parent-{index}") for index in range(own)] == [
        {"index": index, "by": "parent"} for index in range(own)
    ]


@pytest.mark.parametrize(
    "garbage",
    [b"\xff\xfe\x00garbage", "{not json", 42, {"a": "python object, pickled"}],
    ids=["bytes", "not-json", "number", "pickled-dict"],
)
async def test_a_damaged_entry_is_a_miss(
    store: DiskCacheStore[Any], garbage: object, caplog: pytest.LogCaptureFixture
) -> None:
    store.cache.set("k", garbage)
    with caplog.at_level(logging.WARNING, logger="agentplex_diskcache"):
        assert await store.get("k", "default") == "default"
    assert "damaged entry k" in caplog.text


async def test_a_damaged_row_is_a_miss(store: DiskCacheStore[Any]) -> None:
    await store.set("k", {"ok": True})
    # Turn the row into a pickle that cannot be read (mode 4 is diskcache's MODE_PICKLE).
    with sqlite3.connect(Path(store.directory) / "cache.db") as db:
        db.execute("UPDATE Cache SET mode = 4, value = ? WHERE mode = 1", (b"\x80\x05garbage",))
    assert await store.get("k") is None


async def test_a_damaged_value_file_is_a_miss(store: DiskCacheStore[Any]) -> None:
    await store.set("big", {"text": "x" * 50_000})
    damage_value_files(store.directory)
    assert await store.get("big") is None


def damage_value_files(directory: str) -> None:
    """Overwrite the files diskcache keeps large values in with bytes that are not UTF-8."""
    files = list(Path(directory).rglob("*.val"))
    assert files
    for path in files:
        path.write_bytes(b"\xff\xfe\xfd not utf-8")


async def test_chat_completion_cache_overwrites_a_damaged_entry(store: DiskCacheStore[Any]) -> None:
    replay = ReplayChatCompletionClient(["first", "second"])
    cache = ChatCompletionCache(replay, store)
    await cache.create(ASK)
    [key] = list(store.cache.iterkeys())
    store.cache.set(key, b"\x00garbage")
    assert (await cache.create(ASK)).content == "second"
    assert (await cache.create(ASK)).content == "second"
    assert len(replay.calls) == 2


@pytest.mark.parametrize("policy", ["least-recently-used", "least-frequently-used"])
async def test_caches_whose_reads_write_work_too(tmp_path: Path, policy: str) -> None:
    cache = diskcache.Cache(str(tmp_path), eviction_policy=policy, statistics=True)
    store: DiskCacheStore[Any] = DiskCacheStore(cache)
    await asyncio.gather(*(store.set(f"k{index}", [index]) for index in range(20)))
    assert await asyncio.gather(*(store.get(f"k{index}") for index in range(20))) == [
        [index] for index in range(20)
    ]
    assert cache.stats() == (20, 0)  # hits, misses
    await store.close()


async def test_close_then_use_again(store: DiskCacheStore[Any]) -> None:
    await store.set("k", 1)
    await store.close()
    assert await store.get("k") == 1
    await store.set("k", 2)
    assert await store.get("k") == 2


def test_registered_as_the_diskcache_provider() -> None:
    assert providers("cache_store")["diskcache"] is DiskCacheStore


async def test_dump_and_load(store: DiskCacheStore[Any]) -> None:
    await store.set("k", {"v": 1})
    spec = store.dump_component()
    assert spec.provider == "diskcache"
    assert spec.component_type == "cache_store"
    assert spec.config == {"directory": store.directory}
    loaded: CacheStore[Any] = CacheStore.load_component(spec.model_dump(mode="json"))
    assert isinstance(loaded, DiskCacheStore)
    assert await loaded.get("k") == {"v": 1}
    await loaded.close()


async def test_chat_completion_cache_dump_and_load_keeps_the_store(
    store: DiskCacheStore[Any],
) -> None:
    replay = ReplayChatCompletionClient(["Paris."])
    await ChatCompletionCache(replay, store).create(ASK)
    spec = ChatCompletionCache(replay, store).dump_component()
    assert spec.config["store"]["provider"] == "diskcache"
    loaded = ChatCompletionCache.load_component(spec)
    assert isinstance(loaded.store, DiskCacheStore)
    assert isinstance(loaded.client, ReplayChatCompletionClient)
    assert loaded.store.directory == store.directory
    result = await loaded.create(ASK)  # the loaded replay client is fresh; the disk answers
    assert result.cached
    assert result.content == "Paris."
    assert loaded.client.calls == []
    await loaded.store.close()
