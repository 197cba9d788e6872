"""Workload 6: save_state/load_state of a team after N messages.

The team of workload 2 runs ``n`` messages (untimed). Saving is ``save_state()``
then ``json.dumps`` (what persisting it takes); loading is ``json.loads`` then
``load_state()`` into a fresh team of the same shape. Size is the JSON's bytes.
Each figure is the median of several saves and loads of the same state.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from .._workload import Metrics, Params, Row, Workload
from .round_robin import agentplex_team, autogen_team


def _default(value: object) -> str:
    """AutoGen's saved state holds datetimes; write them as ISO 8601."""
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} in a saved state is not JSON-serialisable")


async def _measure(make_team: Callable[[int], Any], params: Params) -> Metrics:
    n, times = params["messages"], params["times"]
    team = make_team(n)
    await team.run(task="start")
    saves, loads = [], []
    for _ in range(times):
        start = time.perf_counter()
        saved = json.dumps(await team.save_state(), default=_default)
        saves.append(time.perf_counter() - start)
        fresh = make_team(n)
        start = time.perf_counter()
        await fresh.load_state(json.loads(saved))
        loads.append(time.perf_counter() - start)
    again = json.dumps(await fresh.save_state(), default=_default)
    if len(json.loads(again)) != len(json.loads(saved)):
        raise RuntimeError("a loaded state does not save back to the same shape")
    return {
        "state.save_ms": statistics.median(saves) * 1e3,
        "state.load_ms": statistics.median(loads) * 1e3,
        "state.size_kb": len(saved.encode()) / 1024,
    }


def _agentplex(params: Params) -> Metrics:
    return asyncio.run(_measure(agentplex_team, params))


def _autogen(params: Params) -> Metrics:
    return asyncio.run(_measure(autogen_team, params))


def _params(quick: bool) -> Params:
    return {"messages": 20, "times": 1} if quick else {"messages": 1000, "times": 5}


def _rows(params: Params) -> tuple[Row, ...]:
    n = params["messages"]
    return (
        Row("state.save_ms", f"save_state + json.dumps after {n:,} messages", "ms"),
        Row("state.load_ms", f"json.loads + load_state of {n:,} messages", "ms"),
        Row("state.size_kb", f"saved state after {n:,} messages", "KiB"),
    )


WORKLOAD = Workload(
    name="state",
    title="6. Team state",
    reps=3,
    rows=_rows,
    params=_params,
    agentplex=_agentplex,
    autogen=_autogen,
)
