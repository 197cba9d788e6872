"""Workload 5: the OpenAI client's overhead over the raw ``openai.AsyncOpenAI``.

A scripted OpenAI-compatible server (``agentplex_openai.testing``) runs on
127.0.0.1 in a process of its own and answers every request with "ok". On each
side, the framework's ``OpenAIChatCompletionClient`` and a raw
``openai.AsyncOpenAI`` (same SDK version on both sides) send the same one-message
request, one at a time, in alternating blocks of 20 so both see the same machine
load (up to 400 each, or until 6 s have passed): plain, and streamed with
``stream_options.include_usage``. Latency is the median per request;
``client/raw`` is the client's median over the raw SDK's.
Then batches of 50 concurrent requests (``asyncio.gather``), alternating
client and raw: requests per second, and raw requests/s over the client's.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .._workload import Metrics, Params, Row, Target, Workload

MODEL = "gpt-4o"
PROMPT = "Say ok."
MODES = ("plain", "stream")
CONCURRENCY = 50
OVERHEAD_TARGET = Target(1.05, of="agentplex")

Call = Callable[[], Awaitable[None]]


def _raw_calls(sdk: Any) -> dict[str, Call]:
    messages = [{"role": "user", "content": PROMPT}]

    async def plain() -> None:
        await sdk.chat.completions.create(model=MODEL, messages=messages)

    async def stream() -> None:
        chunks = await sdk.chat.completions.create(
            model=MODEL, messages=messages, stream=True, stream_options={"include_usage": True}
        )
        async for _ in chunks:
            pass

    return {"plain": plain, "stream": stream}


async def _latencies(call: Call, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        await call()
        times.append(time.perf_counter() - start)
    return times


async def _batch(call: Call) -> float:
    start = time.perf_counter()
    await asyncio.gather(*(call() for _ in range(CONCURRENCY)))
    return time.perf_counter() - start


async def _compare(raw: dict[str, Call], client: dict[str, Call], params: Params) -> Metrics:
    metrics: Metrics = {}
    block = params["block"]
    for mode in MODES:
        await _latencies(raw[mode], params["warmup"])
        await _latencies(client[mode], params["warmup"])
        times: dict[str, list[float]] = {"raw": [], "client": []}
        deadline = time.perf_counter() + params["seconds"]
        while len(times["raw"]) < params["requests"] and time.perf_counter() < deadline:
            times["raw"] += await _latencies(raw[mode], block)
            times["client"] += await _latencies(client[mode], block)
        for who, values in times.items():
            metrics[f"openai.{mode}.{who}_us"] = statistics.median(values) * 1e6
            metrics[f"openai.{mode}.{who}_per_s"] = len(values) / sum(values)
        metrics[f"openai.{mode}.overhead"] = (
            metrics[f"openai.{mode}.client_us"] / metrics[f"openai.{mode}.raw_us"]
        )
    totals = {"raw": 0.0, "client": 0.0}
    await _batch(raw["plain"])
    await _batch(client["plain"])
    for _ in range(params["batches"]):
        totals["raw"] += await _batch(raw["plain"])
        totals["client"] += await _batch(client["plain"])
    for who, total in totals.items():
        metrics[f"openai.concurrent.{who}_per_s"] = CONCURRENCY * params["batches"] / total
    metrics["openai.concurrent.overhead"] = totals["client"] / totals["raw"]
    return metrics


async def _agentplex_run(params: Params) -> Metrics:
    import openai

    from agentplex.models import UserMessage
    from agentplex_openai import OpenAIChatCompletionClient

    sdk = openai.AsyncOpenAI(base_url=params["base_url"], api_key="sk-bench")
    client = OpenAIChatCompletionClient(MODEL, api_key="sk-bench", base_url=params["base_url"])
    messages = [UserMessage(content=PROMPT, source="user")]

    async def plain() -> None:
        await client.create(messages)

    async def stream() -> None:
        async for _ in client.create_stream(messages):
            pass

    try:
        return await _compare(_raw_calls(sdk), {"plain": plain, "stream": stream}, params)
    finally:
        await client.close()
        await sdk.close()


async def _autogen_run(params: Params) -> Metrics:
    import openai
    from autogen_core.models import UserMessage  # type: ignore[import-not-found]
    from autogen_ext.models.openai import (  # type: ignore[import-not-found]
        OpenAIChatCompletionClient,
    )

    sdk = openai.AsyncOpenAI(base_url=params["base_url"], api_key="sk-bench")
    base_url = params["base_url"]
    client = OpenAIChatCompletionClient(model=MODEL, api_key="sk-bench", base_url=base_url)
    messages = [UserMessage(content=PROMPT, source="user")]
    usage = {"stream_options": {"include_usage": True}}

    async def plain() -> None:
        await client.create(messages)

    async def stream() -> None:
        async for _ in client.create_stream(messages, extra_create_args=usage):
            pass

    try:
        return await _compare(_raw_calls(sdk), {"plain": plain, "stream": stream}, params)
    finally:
        await client.close()
        await sdk.close()


def _agentplex(params: Params) -> Metrics:
    return asyncio.run(_agentplex_run(params))


def _autogen(params: Params) -> Metrics:
    return asyncio.run(_autogen_run(params))


def _params(quick: bool) -> Params:
    if quick:
        return {"requests": 10, "seconds": 5, "block": 5, "warmup": 2, "batches": 1}
    return {"requests": 400, "seconds": 6, "block": 20, "warmup": 10, "batches": 6}


def _rows(params: Params) -> tuple[Row, ...]:
    rows = []
    for mode in (*MODES, "concurrent"):
        what = f"{CONCURRENCY} concurrent" if mode == "concurrent" else mode
        if mode != "concurrent":
            rows.append(Row(f"openai.{mode}.raw_us", f"{what}: raw AsyncOpenAI latency", "µs"))
            rows.append(Row(f"openai.{mode}.client_us", f"{what}: client latency", "µs"))
        for who in ("raw", "client"):
            label = f"{what}: {who} requests/s"
            rows.append(Row(f"openai.{mode}.{who}_per_s", label, "req/s", higher_is_better=True))
        label = f"{what}: client/raw time"
        rows.append(Row(f"openai.{mode}.overhead", label, "×", OVERHEAD_TARGET))
    return tuple(rows)


WORKLOAD = Workload(
    name="openai_client",
    title="5. OpenAI client against a local server",
    reps=3,
    rows=_rows,
    params=_params,
    agentplex=_agentplex,
    autogen=_autogen,
)
