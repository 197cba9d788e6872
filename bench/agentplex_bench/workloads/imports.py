"""Workload 1: cold import of the core plus the OpenAI client, and plugin discovery.

Every figure comes from a fresh interpreter of the side being measured (the
worker's own ``sys.executable``): "cold" means a new process, not a cold disk
(bytecode and the OS file cache are warm after the first of the repeated
spawns, whose median is reported; discovery is run once untimed first, since
the dummy plugins are freshly installed). Wall time, CPU time (user + system)
and peak RSS come from ``os.wait4`` of that one process.

- ``sdk``: ``import openai`` alone; ``full``: the agents, teams and conditions
  packages, the OpenAI client class, and ``openai`` (a client cannot send a
  request without the SDK, so both sides pay for it); ``overhead`` is
  ``full - sdk``, what the framework adds on top of the SDK (interpreter start-up
  cancels out). ``lazy`` is ``full`` without the explicit ``import openai``: what
  a program that never sends a request pays.
- Plugin discovery: 20 tiny distributions, each providing a cache store, are
  installed with ``--target`` into a directory put on ``PYTHONPATH``. agentplex
  finds them through entry points and loads each by its short provider name;
  AutoGen has no discovery, so its comparable is loading the same 20 components
  by their provider import path. ``load20`` is, on both sides, the time from
  "framework imported" to "20 third-party components built".
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from typing import NamedTuple

from .._workload import Metrics, Params, Row, Target, Workload

_SDK = "import openai"
_AGENTPLEX_LAZY = """\
import agentplex.agents
import agentplex.conditions
import agentplex.teams
from agentplex_openai import OpenAIChatCompletionClient
"""
_AUTOGEN_LAZY = """\
import autogen_agentchat.agents
import autogen_agentchat.conditions
import autogen_agentchat.teams
from autogen_ext.models.openai import OpenAIChatCompletionClient
"""
_AGENTPLEX_DISCOVERY = """\
import json, sys, time
from agentplex.cache import CacheStore
from agentplex.plugins import providers
count = int(sys.argv[1])
start = time.perf_counter()
table = providers("cache_store")
scanned = time.perf_counter()
stores = [
    CacheStore.load_component(
        {"provider": f"bench_dummy_{i:02d}", "component_type": "cache_store", "config": {}}
    )
    for i in range(count)
]
done = time.perf_counter()
print(json.dumps({"scan": scanned - start, "load": done - start, "built": len(stores)}))
"""
_AUTOGEN_DISCOVERY = """\
import json, sys, time
from autogen_core import CacheStore
count = int(sys.argv[1])
start = time.perf_counter()
stores = [
    CacheStore.load_component(
        {
            "provider": f"bench_dummy_{i:02d}.store.DummyStore",
            "component_type": "cache_store",
            "config": {},
        }
    )
    for i in range(count)
]
done = time.perf_counter()
print(json.dumps({"scan": 0.0, "load": done - start, "built": len(stores)}))
"""


class _Spawned(NamedTuple):
    wall: float
    """Seconds from start to exit."""
    cpu: float
    """Seconds of CPU (user + system) the process used."""
    rss: float
    """Peak resident set size, MiB."""
    output: str


def _spawn(args: list[str], pythonpath: str | None = None) -> _Spawned:
    """Run ``python *args`` in a fresh process and measure it."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env
    )
    assert proc.stdout is not None
    output = proc.stdout.read().decode()
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"python {' '.join(args)} failed ({proc.returncode}):\n{output}")
    return _Spawned(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def _imports(lazy: str, spawns: int) -> Metrics:
    full = lazy + _SDK + "\n"
    scripts = {"sdk": _SDK, "full": full, "lazy": lazy}
    runs: dict[str, list[_Spawned]] = {name: [] for name in scripts}
    for _ in range(spawns):
        for name, code in scripts.items():
            runs[name].append(_spawn(["-c", code]))
    metrics: Metrics = {}
    for name, spawned in runs.items():
        metrics[f"import.{name}_ms"] = statistics.median(run.wall for run in spawned) * 1e3
        metrics[f"import.{name}_cpu_ms"] = statistics.median(run.cpu for run in spawned) * 1e3
        metrics[f"import.{name}_rss_mb"] = statistics.median(run.rss for run in spawned)
    for figure in ("ms", "cpu_ms", "rss_mb"):
        extra = metrics[f"import.full_{figure}"] - metrics[f"import.sdk_{figure}"]
        metrics[f"import.overhead_{figure}"] = extra
    return metrics


def _discovery(
    code: str, plugins_dir: str, count: int, spawns: int, warm: bool
) -> list[dict[str, float]]:
    if warm:
        _spawn(["-c", code, str(count)], plugins_dir)
    runs = []
    for _ in range(spawns):
        runs.append(json.loads(_spawn(["-c", code, str(count)], plugins_dir).output))
        if runs[-1]["built"] != count:
            raise RuntimeError(f"built {runs[-1]['built']} of {count} dummy components")
    return runs


def _agentplex(params: Params) -> Metrics:
    spawns, count, warm = params["spawns"], params["plugins"], params["warm"]
    metrics = _imports(_AGENTPLEX_LAZY, spawns)
    bare = _discovery(_AGENTPLEX_DISCOVERY, "", 0, spawns, warm)
    loaded = _discovery(_AGENTPLEX_DISCOVERY, params["plugins_dir"], count, spawns, warm)
    metrics["plugins.scan0_ms"] = statistics.median(run["scan"] for run in bare) * 1e3
    metrics["plugins.scan20_ms"] = statistics.median(run["scan"] for run in loaded) * 1e3
    metrics["plugins.load20_ms"] = statistics.median(run["load"] for run in loaded) * 1e3
    return metrics


def _autogen(params: Params) -> Metrics:
    spawns, count, warm = params["spawns"], params["plugins"], params["warm"]
    metrics = _imports(_AUTOGEN_LAZY, spawns)
    loaded = _discovery(_AUTOGEN_DISCOVERY, params["plugins_dir"], count, spawns, warm)
    metrics["plugins.load20_ms"] = statistics.median(run["load"] for run in loaded) * 1e3
    return metrics


def _params(quick: bool) -> Params:
    return {"spawns": 1 if quick else 2, "warm": not quick, "plugins": 20}


_ROWS = (
    Row("import.sdk_ms", "import openai alone", "ms"),
    Row("import.full_ms", "import core + OpenAI client + openai", "ms"),
    Row("import.lazy_ms", "same, without importing openai", "ms"),
    Row("import.overhead_ms", "import overhead beyond the openai SDK", "ms", Target(0.3)),
    Row("import.sdk_cpu_ms", "CPU time, import openai alone", "ms"),
    Row("import.overhead_cpu_ms", "CPU time beyond the openai SDK", "ms", Target(0.3)),
    Row("import.sdk_rss_mb", "peak RSS, import openai alone", "MiB"),
    Row("import.full_rss_mb", "peak RSS, core + OpenAI client", "MiB"),
    Row("import.overhead_rss_mb", "peak RSS beyond the openai SDK", "MiB"),
    Row("plugins.scan0_ms", "plugin discovery, no dummy plugins", "ms"),
    Row("plugins.scan20_ms", "plugin discovery, 20 dummy plugins", "ms"),
    Row("plugins.load20_ms", "find + build 20 third-party components", "ms"),
)


WORKLOAD = Workload(
    name="imports",
    title="1. Cold import and plugin discovery",
    reps=3,
    rows=lambda _params: _ROWS,
    params=_params,
    agentplex=_agentplex,
    autogen=_autogen,
)
