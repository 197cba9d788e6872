"""Workload 4: ChatCompletionCache hits and misses, in-memory and disk stores.

Both sides wrap their framework's ``ReplayChatCompletionClient`` in its
``ChatCompletionCache``, over its in-memory store or its ``diskcache``-backed
store (a fresh directory each time). The prompt is a history of 1 or 50
alternating user and assistant messages. A miss is a request never seen
before (its last message differs), so it includes the scripted model's answer
and storing it; a hit repeats one request already stored. Figures are mean µs
per ``create`` call.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from typing import Any

from .._workload import Metrics, Params, Row, Target, Workload

STORES = ("memory", "disk")
HISTORIES = (1, 50)


def _texts(history: int, last: str) -> list[str]:
    return [f"earlier message {i} of the conversation" for i in range(history - 1)] + [last]


async def _case(
    make_cache: Callable[[Any], Any], histories: Callable[[int, int], list[Any]], params: Params
) -> Metrics:
    metrics: Metrics = {}
    for store in STORES:
        for history in HISTORIES:
            with tempfile.TemporaryDirectory(prefix="bench-cache-") as directory:
                cache, close = make_cache(directory if store == "disk" else None)
                prompts = histories(history, params["misses"] + 1)
                await cache.create(prompts[-1])
                start = time.perf_counter()
                for prompt in prompts[:-1]:
                    await cache.create(prompt)
                miss = time.perf_counter() - start
                hits = params["hits"]
                start = time.perf_counter()
                for _ in range(hits):
                    result = await cache.create(prompts[-1])
                hit = time.perf_counter() - start
                if not result.cached:
                    raise RuntimeError("a repeated request was not answered from the cache")
                close()
            metrics[f"cache.{store}.{history}.miss_us"] = miss / (len(prompts) - 1) * 1e6
            metrics[f"cache.{store}.{history}.hit_us"] = hit / hits * 1e6
    return metrics


async def _agentplex_run(params: Params) -> Metrics:
    import diskcache

    from agentplex.cache import ChatCompletionCache, InMemoryStore
    from agentplex.models import (
        AssistantMessage,
        LLMMessage,
        ReplayChatCompletionClient,
        UserMessage,
    )
    from agentplex_diskcache import DiskCacheStore

    def histories(history: int, count: int) -> list[list[LLMMessage]]:
        def message(i: int, text: str) -> LLMMessage:
            if i % 2:
                return AssistantMessage(content=text, source="assistant")
            return UserMessage(content=text, source="user")

        texts = [_texts(history, f"question {n}") for n in range(count)]
        return [[message(i, text) for i, text in enumerate(prompt)] for prompt in texts]

    def make_cache(directory: str | None) -> tuple[Any, Callable[[], None]]:
        client = ReplayChatCompletionClient(["the answer"] * (params["misses"] + 1))
        if directory is None:
            return ChatCompletionCache(client, InMemoryStore(max_size=10_000)), lambda: None
        disk = diskcache.Cache(directory)
        return ChatCompletionCache(client, DiskCacheStore(disk)), disk.close

    return await _case(make_cache, histories, params)


async def _autogen_run(params: Params) -> Metrics:
    import diskcache
    from autogen_core.models import AssistantMessage, UserMessage  # type: ignore[import-not-found]
    from autogen_ext.cache_store.diskcache import (  # type: ignore[import-not-found]
        DiskCacheStore,
    )
    from autogen_ext.models.cache import ChatCompletionCache  # type: ignore[import-not-found]
    from autogen_ext.models.replay import (  # type: ignore[import-not-found]
        ReplayChatCompletionClient,
    )

    def histories(history: int, count: int) -> list[list[Any]]:
        def message(i: int, text: str) -> Any:
            if i % 2:
                return AssistantMessage(content=text, source="assistant")
            return UserMessage(content=text, source="user")

        texts = [_texts(history, f"question {n}") for n in range(count)]
        return [[message(i, text) for i, text in enumerate(prompt)] for prompt in texts]

    def make_cache(directory: str | None) -> tuple[Any, Callable[[], None]]:
        client = ReplayChatCompletionClient(["the answer"] * (params["misses"] + 1))
        if directory is None:
            return ChatCompletionCache(client), lambda: None
        disk = diskcache.Cache(directory)
        return ChatCompletionCache(client, DiskCacheStore(disk)), disk.close

    return await _case(make_cache, histories, params)


def _agentplex(params: Params) -> Metrics:
    return asyncio.run(_agentplex_run(params))


def _autogen(params: Params) -> Metrics:
    return asyncio.run(_autogen_run(params))


def _params(quick: bool) -> Params:
    return {"hits": 20, "misses": 10} if quick else {"hits": 3000, "misses": 1000}


def _rows(params: Params) -> tuple[Row, ...]:
    rows = []
    for store in STORES:
        for history in HISTORIES:
            where = f"{store} store, history of {history}"
            rows.append(Row(f"cache.{store}.{history}.hit_us", f"hit, {where}", "µs", Target(0.3)))
            rows.append(Row(f"cache.{store}.{history}.miss_us", f"miss, {where}", "µs"))
    return tuple(rows)


WORKLOAD = Workload(
    name="cache",
    title="4. ChatCompletionCache",
    reps=3,
    rows=_rows,
    params=_params,
    agentplex=_agentplex,
    autogen=_autogen,
)
