"""Workload 2: a two-agent round-robin team on a scripted, zero-latency model.

Both sides: two ``AssistantAgent``\\ s (default settings) on their framework's
``ReplayChatCompletionClient`` scripted with short texts (ours with
``record_calls=False``: AutoGen's keeps no record of calls), in a
``RoundRobinGroupChat`` stopped by ``MaxMessageTermination(n + 1)`` (the task
counts as one). The figure is the run's wall time divided by the ``n`` agent
messages, with ``run`` and with ``run_stream`` (every item consumed). Growth is
the per-message cost at the largest ``n`` over that at the smallest: 1.0 means
the cost per message does not depend on the conversation's length.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from .._workload import Metrics, Params, Row, Target, Workload

MODES = ("run", "run_stream")


def _script(agent: int, n: int) -> list[str]:
    return [f"message {turn} from agent {agent}" for turn in range(n // 2 + 1)]


async def _timed(team: Any, mode: str, n: int) -> float:
    start = time.perf_counter()
    if mode == "run":
        result = await team.run(task="start")
    else:
        async for item in team.run_stream(task="start"):
            result = item
    elapsed = time.perf_counter() - start
    if len(result.messages) != n + 1:
        raise RuntimeError(f"expected {n + 1} messages, the run produced {len(result.messages)}")
    return elapsed


def agentplex_team(n: int) -> Any:
    """A fresh agentplex team that stops after ``n`` agent messages."""
    from agentplex.agents import AssistantAgent
    from agentplex.conditions import MaxMessageTermination
    from agentplex.models import ReplayChatCompletionClient
    from agentplex.teams import RoundRobinGroupChat

    # AutoGen's replay client keeps no record of calls; ours does unless told not to.
    agents = [
        AssistantAgent(f"agent{i}", ReplayChatCompletionClient(_script(i, n), record_calls=False))
        for i in range(2)
    ]
    return RoundRobinGroupChat(agents, termination_condition=MaxMessageTermination(n + 1))


def autogen_team(n: int) -> Any:
    """A fresh AutoGen team that stops after ``n`` agent messages."""
    from autogen_agentchat.agents import AssistantAgent  # type: ignore[import-not-found]
    from autogen_agentchat.conditions import (  # type: ignore[import-not-found]
        MaxMessageTermination,
    )
    from autogen_agentchat.teams import RoundRobinGroupChat  # type: ignore[import-not-found]
    from autogen_ext.models.replay import (  # type: ignore[import-not-found]
        ReplayChatCompletionClient,
    )

    agents = [
        AssistantAgent(f"agent{i}", ReplayChatCompletionClient(_script(i, n))) for i in range(2)
    ]
    return RoundRobinGroupChat(agents, termination_condition=MaxMessageTermination(n + 1))


async def _measure(params: Params, make_team: Any) -> Metrics:
    sizes: list[int] = params["sizes"]
    await _timed(make_team(params["warmup"]), "run", params["warmup"])
    metrics: Metrics = {}
    for n in sizes:
        for mode in MODES:
            elapsed = await _timed(make_team(n), mode, n)
            metrics[f"rr.{mode}.{n}_us"] = elapsed / n * 1e6
    for mode in MODES:
        first, last = (metrics[f"rr.{mode}.{n}_us"] for n in (sizes[0], sizes[-1]))
        metrics[f"rr.{mode}.growth"] = last / first
    return metrics


def _agentplex(params: Params) -> Metrics:
    return asyncio.run(_measure(params, agentplex_team))


def _autogen(params: Params) -> Metrics:
    return asyncio.run(_measure(params, autogen_team))


FULL_SIZES = (100, 1000, 5000)
QUICK_SIZES = (10, 40)


def _params(quick: bool) -> Params:
    return {"sizes": list(QUICK_SIZES if quick else FULL_SIZES), "warmup": 10 if quick else 50}


def _rows(params: Params) -> tuple[Row, ...]:
    sizes: list[int] = params["sizes"]
    rows = []
    for mode in MODES:
        for n in sizes:
            label = f"µs per message, {mode}, {n:,} messages"
            rows.append(Row(f"rr.{mode}.{n}_us", label, "µs", Target(0.2)))
        label = f"growth of µs per message {sizes[0]:,} → {sizes[-1]:,}, {mode}"
        rows.append(Row(f"rr.{mode}.growth", label, "×", Target(1.2, of="agentplex")))
    return tuple(rows)


WORKLOAD = Workload(
    name="round_robin",
    title="2. Two-agent round-robin team, scripted model",
    reps=2,
    rows=_rows,
    params=_params,
    agentplex=_agentplex,
    autogen=_autogen,
)
