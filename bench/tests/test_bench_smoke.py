"""The benchmark suite runs end to end at tiny sizes and reports every figure.

Only the agentplex side runs (no AutoGen venv is needed) and no timing is
checked: the figures of a run this small mean nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

EXPECTED = {
    *(
        f"import.{what}_{unit}"
        for what in ("sdk", "full", "lazy", "overhead")
        for unit in ("ms", "cpu_ms", "rss_mb")
    ),
    "plugins.scan0_ms",
    "plugins.scan20_ms",
    "plugins.load20_ms",
    *(f"rr.{mode}.{n}_us" for mode in ("run", "run_stream") for n in (10, 40)),
    "rr.run.growth",
    "rr.run_stream.growth",
    "tools.text_turn_us",
    "tools.tool_turn_us",
    "tools.round_trip_us",
    "tools.run_json_sync_per_s",
    "tools.run_json_async_per_s",
    *(
        f"cache.{store}.{history}.{kind}_us"
        for store in ("memory", "disk")
        for history in (1, 50)
        for kind in ("hit", "miss")
    ),
    *(
        f"openai.{mode}.{figure}"
        for mode in ("plain", "stream")
        for figure in ("raw_us", "client_us", "raw_per_s", "client_per_s", "overhead")
    ),
    "openai.concurrent.raw_per_s",
    "openai.concurrent.client_per_s",
    "openai.concurrent.overhead",
    "state.save_ms",
    "state.load_ms",
    "state.size_kb",
}


@pytest.mark.slow
def test_quick_run_reports_every_figure_of_the_agentplex_side(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    command = [sys.executable, "-m", "bench.agentplex_bench", "--quick", "--sides", "agentplex"]
    done = subprocess.run(
        [*command, "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    results = json.loads(out.read_text())["results"]
    assert set(results) == EXPECTED
    for key, sides in results.items():
        assert list(sides) == ["agentplex"], key
        assert sides["agentplex"]["runs"] == 1, key
    assert "| figure |" in done.stdout
    assert "µs per message, run, 40 messages" in done.stdout


def test_unknown_workload_is_refused_with_the_known_names() -> None:
    command = [sys.executable, "-m", "bench.agentplex_bench", "--only", "nope"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "nope" in done.stderr
    assert "round_robin" in done.stderr
