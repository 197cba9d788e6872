"""Cache stores and ChatCompletionCache: hits, misses, streams, damage, usage, dump/load."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest
from pydantic import BaseModel

from agentplex import CancellationToken
from agentplex.cache import (
    CacheStore,
    ChatCompletionCache,
    InMemoryStore,
    decode_value,
    encode_value,
)
from agentplex.cache._keys import ChatCacheKeys
from agentplex.models import (
    ChatCompletionClient,
    CreateResult,
    LLMMessage,
    ReplayChatCompletionClient,
    ReplayChatCompletionClientConfig,
    SystemMessage,
    UserMessage,
)
from agentplex.tools import ToolSchema

ASK: list[LLMMessage] = [SystemMessage(content="be brief"), UserMessage(content="hello there")]
SCHEMA: ToolSchema = {
    "name": "add",
    "description": "Add.",
    "parameters": {"type": "object", "properties": {}},
}


class Answer(BaseModel):
    value: int


class OtherAnswer(BaseModel):
    text: str


class DictStore(CacheStore[Any]):
    """A store whose entries a test can see and damage."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}

    async def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    async def set(self, key: str, value: Any) -> None:
        self.data[key] = value


class BrokenStore(CacheStore[Any]):
    async def get(self, key: str, default: Any = None) -> Any:
        raise ConnectionError("store is down")

    async def set(self, key: str, value: Any) -> None:
        raise ConnectionError("store is read-only")


class ModelReplayConfig(ReplayChatCompletionClientConfig):
    model: str


class ModelReplay(ReplayChatCompletionClient):
    """A replay client whose config names a model, like real clients' configs do."""

    def __init__(self, model: str, responses: list[str]) -> None:
        super().__init__(responses)
        self.model = model
        self.closed = False

    def _to_config(self) -> ModelReplayConfig:
        return ModelReplayConfig(model=self.model, **super()._to_config().model_dump())

    async def close(self) -> None:
        self.closed = True


def cached(responses: list[str], store: CacheStore[Any] | None = None) -> ChatCompletionCache:
    return ChatCompletionCache(ReplayChatCompletionClient(responses), store)


def inner_calls(cache: ChatCompletionCache) -> int:
    assert isinstance(cache.client, ReplayChatCompletionClient)
    return len(cache.client.calls)


async def collect(stream: AsyncIterator[str | CreateResult]) -> list[str | CreateResult]:
    return [item async for item in stream]


async def test_create_miss_then_hit() -> None:
    cache = cached(["first answer", "second answer"])

    miss = await cache.create(ASK)
    hit = await cache.create(ASK)

    assert (miss.content, miss.cached) == ("first answer", False)
    assert (hit.content, hit.cached) == ("first answer", True)
    assert hit.usage == miss.usage
    assert inner_calls(cache) == 1


async def test_stream_miss_then_hit_replays_the_chunks() -> None:
    cache = cached(["one two three"])

    miss = await collect(cache.create_stream(ASK))
    hit = await collect(cache.create_stream(ASK))

    assert miss[:-1] == hit[:-1] == ["one ", "two ", "three"]
    first, second = miss[-1], hit[-1]
    assert isinstance(first, CreateResult)
    assert isinstance(second, CreateResult)
    assert not first.cached
    assert second.cached
    assert second.content == first.content
    assert inner_calls(cache) == 1


async def test_create_and_stream_share_entries() -> None:
    cache = cached(["made by create", "made by stream"])
    await cache.create(ASK)
    streamed = await collect(cache.create_stream(ASK))
    assert streamed[0] == "made by create"
    assert isinstance(streamed[-1], CreateResult)
    assert streamed[-1].cached

    other: list[LLMMessage] = [UserMessage(content="other")]
    await collect(cache.create_stream(other))
    assert (await cache.create(other)).content == "made by stream"
    assert inner_calls(cache) == 2


VARIANTS: dict[str, dict[str, Any]] = {
    "messages": {"messages": [UserMessage(content="hello there!")]},
    "source": {
        "messages": [
            SystemMessage(content="be brief"),
            UserMessage(content="hello there", source="eve"),
        ]
    },
    "tools": {"tools": [SCHEMA]},
    "tool_choice": {"tool_choice": "required"},
    "json_mode": {"json_output": True},
    "json_off": {"json_output": False},
    "structured": {"json_output": Answer},
    "extra_args": {"extra_create_args": {"temperature": 0.5}},
}


@pytest.mark.parametrize("change", VARIANTS.values(), ids=VARIANTS.keys())
async def test_key_changes_with_what_shapes_the_answer(change: dict[str, Any]) -> None:
    cache = cached(["baseline", "variant"])
    request: dict[str, Any] = {"messages": ASK, "extra_create_args": {"temperature": 0.0}}

    await cache.create(**request)
    variant = await cache.create(**{**request, **change})
    again = await cache.create(**request)

    assert (variant.content, variant.cached) == ("variant", False)
    assert (again.content, again.cached) == ("baseline", True)


async def test_structured_types_with_different_schemas_do_not_share() -> None:
    cache = cached(["answer", "other"])
    await cache.create(ASK, json_output=Answer)
    assert (await cache.create(ASK, json_output=OtherAnswer)).content == "other"
    assert (await cache.create(ASK, json_output=Answer)).cached


async def test_key_ignores_the_order_of_extra_args() -> None:
    cache = cached(["only"])
    await cache.create(ASK, extra_create_args={"temperature": 0, "seed": 1})
    assert (await cache.create(ASK, extra_create_args={"seed": 1, "temperature": 0})).cached


async def test_clients_for_different_models_do_not_share_entries() -> None:
    store = DictStore()
    small = ChatCompletionCache(ModelReplay("small-model", ["small says"]), store)
    large = ChatCompletionCache(ModelReplay("large-model", ["large says"]), store)
    assert (await small.create(ASK)).content == "small says"
    assert (await large.create(ASK)).content == "large says"
    assert len(store.data) == 2


async def test_unserialisable_extra_args_are_a_clear_error() -> None:
    cache = cached(["x"])
    with pytest.raises(TypeError, match="extra_create_args"):
        await cache.create(ASK, extra_create_args={"callback": object()})


def _valid_result() -> dict[str, Any]:
    return {"finish_reason": "stop", "content": "old", "usage": {}}


CORRUPT: dict[str, Any] = {
    "not a dict": "garbage",
    "number": 42,
    "no result": {"kind": "create"},
    "unknown kind": {"kind": "batch", "result": _valid_result()},
    "bad result": {"kind": "create", "result": {"content": 1}},
    "bad chunks": {"kind": "stream", "chunks": "one two", "result": _valid_result()},
    "chunk not text": {"kind": "stream", "chunks": ["a", 1], "result": _valid_result()},
}


@pytest.mark.parametrize("damage", CORRUPT.values(), ids=CORRUPT.keys())
@pytest.mark.parametrize("streaming", [False, True], ids=["create", "stream"])
async def test_corrupt_entry_is_a_miss_and_is_overwritten(
    damage: Any, streaming: bool, caplog: pytest.LogCaptureFixture
) -> None:
    store = DictStore()
    cache = cached(["first", "fresh"], store)
    await cache.create(ASK)
    [key] = store.data
    store.data[key] = damage

    with caplog.at_level(logging.WARNING, logger="agentplex"):
        if streaming:
            result = (await collect(cache.create_stream(ASK)))[-1]
        else:
            result = await cache.create(ASK)

    assert isinstance(result, CreateResult)
    assert (result.content, result.cached) == ("fresh", False)
    assert f"unreadable cache entry {key}" in caplog.text
    assert store.data[key]["result"]["content"] == "fresh"
    assert (await cache.create(ASK)).cached


async def test_failing_store_never_fails_the_call(caplog: pytest.LogCaptureFixture) -> None:
    cache = cached(["one", "two", "three"], BrokenStore())
    with caplog.at_level(logging.WARNING, logger="agentplex"):
        first = await cache.create(ASK)
        streamed = await collect(cache.create_stream(ASK))

    assert first.content == "one"
    assert isinstance(streamed[-1], CreateResult)
    assert streamed[-1].content == "two"
    assert "BrokenStore failed to read" in caplog.text
    assert "ConnectionError: store is down" in caplog.text
    assert "BrokenStore failed to write" in caplog.text


async def test_usage_counts_hits_only_in_total() -> None:
    cache = cached(["an answer of five words"])
    miss = await cache.create(ASK)
    await cache.create(ASK)
    await collect(cache.create_stream(ASK))

    assert cache.actual_usage() == miss.usage
    assert cache.total_usage() == miss.usage + miss.usage + miss.usage
    assert miss.usage.completion_tokens == 5


async def test_unfinished_stream_is_not_cached() -> None:
    cache = cached(["one two three", "again"])
    stream = cache.create_stream(ASK)
    assert await anext(stream) == "one "
    await stream.aclose()
    assert (await cache.create(ASK)).content == "again"


async def test_cancelled_token_stops_even_a_hit() -> None:
    cache = cached(["x"])
    await cache.create(ASK)
    token = CancellationToken()
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await cache.create(ASK, cancellation_token=token)
    with pytest.raises(asyncio.CancelledError):
        await collect(cache.create_stream(ASK, cancellation_token=token))


async def test_other_methods_delegate_to_the_client() -> None:
    inner = ModelReplay("m", ["x"])
    async with ChatCompletionCache(inner) as cache:
        assert cache.model_info == inner.model_info
        assert cache.count_tokens(ASK) == inner.count_tokens(ASK)
        assert cache.remaining_tokens(ASK, tools=[SCHEMA]) == inner.remaining_tokens(
            ASK, tools=[SCHEMA]
        )
        assert isinstance(cache.store, InMemoryStore)
    assert inner.closed


async def test_in_memory_store_evicts_least_recently_used() -> None:
    store: InMemoryStore[int] = InMemoryStore(max_size=2)
    await store.set("a", 1)
    await store.set("b", 2)
    assert await store.get("a") == 1
    await store.set("c", 3)

    assert await store.get("b") is None
    assert await store.get("b", -1) == -1
    assert (await store.get("a"), await store.get("c")) == (1, 3)
    await store.set("a", 10)
    await store.set("d", 4)
    assert (await store.get("a"), await store.get("c")) == (10, None)


def test_in_memory_store_needs_room() -> None:
    with pytest.raises(ValueError, match="max_size must be at least 1"):
        InMemoryStore(max_size=0)


async def test_component_round_trip_with_nested_client_and_store() -> None:
    cache = ChatCompletionCache(ReplayChatCompletionClient(["a", "b"]), InMemoryStore(max_size=7))

    spec = cache.dump_component()
    assert spec.provider == "chat_completion_cache"
    assert spec.component_type == "model_client"
    assert spec.config["client"]["provider"] == "replay"
    assert spec.config["store"]["provider"] == "in_memory"
    loaded = ChatCompletionClient.load_component(spec.model_dump_json())

    assert isinstance(loaded, ChatCompletionCache)
    assert isinstance(loaded.client, ReplayChatCompletionClient)
    assert isinstance(loaded.store, InMemoryStore)
    assert loaded.store.max_size == 7
    assert loaded.dump_component() == spec
    assert (await loaded.create(ASK)).content == "a"
    assert (await loaded.create(ASK)).cached


def test_store_loads_as_a_cache_store() -> None:
    spec = {"provider": "in_memory", "config": {"max_size": 3}}
    store: CacheStore[Any] = CacheStore.load_component(spec)
    assert isinstance(store, InMemoryStore)
    assert store.max_size == 3
    assert store.dump_component().component_type == "cache_store"


@pytest.mark.parametrize(
    "value", [{"kind": "create", "result": {"content": "héllo", "n": [1, 2.5, None, True]}}, "x"]
)
def test_codec_round_trip(value: Mapping[str, Any] | str) -> None:
    text = encode_value(value)
    assert decode_value(text) == value
    assert decode_value(text.encode()) == value


def test_codec_errors() -> None:
    with pytest.raises(TypeError):
        encode_value({"when": object()})
    with pytest.raises(ValueError, match="Expecting value"):
        decode_value("not json")
    with pytest.raises(ValueError, match="utf-8"):
        decode_value(b"\xff\xfe\x00")


_KEY_SCRIPT = """
from agentplex.cache._keys import ChatCacheKeys
from agentplex.models import SystemMessage, UserMessage
keys = ChatCacheKeys({"provider": "replay", "model": "m"})
messages = [SystemMessage(content="be brief"), UserMessage(content="hello there")]
print(keys.key(messages, [], "auto", None, {"temperature": 0.5, "seed": 1}))
"""


def test_key_is_the_same_in_another_process() -> None:
    keys = ChatCacheKeys({"provider": "replay", "model": "m"})
    here = keys.key(ASK, [], "auto", None, {"seed": 1, "temperature": 0.5})
    there = subprocess.run(
        [sys.executable, "-c", _KEY_SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    ).stdout.strip()
    assert there == here


async def test_changing_a_message_in_place_changes_the_key() -> None:
    cache = cached(["first", "second"])
    message = UserMessage(content="hello")
    assert (await cache.create([message])).content == "first"
    message.content = "goodbye"
    result = await cache.create([message])
    assert (result.content, result.cached) == ("second", False)
