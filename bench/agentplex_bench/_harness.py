"""Repetitions in worker processes, medians with min–max, ratios, and the table."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ._workload import Metrics, Params, Row, Side, Workload


@dataclass(frozen=True)
class Stats:
    """The median of a figure over the repetitions, and its range."""

    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, values: list[float]) -> Stats:
        return cls(statistics.median(values), min(values), max(values), len(values))

    def show(self) -> str:
        text = _number(self.median)
        if self.runs > 1:
            text += f" ({_number(self.low)}–{_number(self.high)})"
        return text


Results = dict[str, dict[Side, Stats]]
"""metric key -> side -> stats."""


def run_worker(root: Path, python: Path, workload: Workload, side: Side, params: Params) -> Metrics:
    """One repetition of one side, in a fresh ``python`` started in ``root``."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = Path(tmp) / "metrics.json"
        args = [str(python), "-m", f"{__package__}._worker", workload.name, side]
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        done = subprocess.run(
            [*args, json.dumps(params), str(out)],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"{workload.name} on {side} failed ({done.returncode}):\n"
                f"{done.stdout[-4000:]}{done.stderr[-4000:]}"
            )
        metrics: Metrics = json.loads(out.read_text())
        return metrics


def measure(
    root: Path,
    workload: Workload,
    pythons: dict[Side, Path],
    params: dict[Side, Params],
    reps: int,
) -> Results:
    """``reps`` repetitions per side, alternating which side goes first."""
    samples: dict[str, dict[Side, list[float]]] = {}
    sides = list(pythons)
    for rep in range(reps):
        order = sides if rep % 2 == 0 else sides[::-1]
        for side in order:
            start = time.perf_counter()
            metrics = run_worker(root, pythons[side], workload, side, params[side])
            elapsed = time.perf_counter() - start
            done = f"{workload.name} {side} run {rep + 1}/{reps}"
            print(f"  {done}: {elapsed:.1f} s", file=sys.stderr)
            for key, value in metrics.items():
                samples.setdefault(key, {}).setdefault(side, []).append(value)
    return {
        key: {side: Stats.of(values) for side, values in by_side.items()}
        for key, by_side in samples.items()
    }


def ratio(results: Results, key: str) -> float | None:
    """``agentplex / AutoGen`` of the medians, when both sides have the figure."""
    sides = results.get(key, {})
    if "agentplex" not in sides or "autogen" not in sides or sides["autogen"].median == 0:
        return None
    return sides["agentplex"].median / sides["autogen"].median


def table(sections: list[tuple[Workload, tuple[Row, ...]]], results: Results) -> str:
    """The results as a Markdown table: each workload's title, then its rows."""
    lines = [
        "| figure | unit | agentplex | AutoGen 0.7.5 | agentplex/AutoGen | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for workload, all_rows in sections:
        rows = [row for row in all_rows if row.key in results]
        if rows:
            lines.append(f"| **{workload.title}** | | | | | | |")
        lines.extend(_line(row, results) for row in rows)
    return "\n".join(lines)


def _line(row: Row, results: Results) -> str:
    sides = results[row.key]
    cells = [sides[side].show() if side in sides else "—" for side in ("agentplex", "autogen")]
    value = ratio(results, row.key)
    shown = "—" if value is None else f"{value:.2f}"
    if value is not None and row.higher_is_better:
        shown += " (higher is better)"
    target = met = ""
    if row.target is not None:
        agentplex = sides["agentplex"].median if "agentplex" in sides else None
        target = str(row.target)
        verdict = row.target.met(agentplex, value)
        met = {True: "yes", False: "**no**", None: "—"}[verdict]
    return f"| {row.label} | {row.unit} | {cells[0]} | {cells[1]} | {shown} | {target} | {met} |"


def _number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if abs(value) >= 0.1 else f"{value:.3g}"


def to_json(results: Results) -> dict[str, dict[str, dict[str, float]]]:
    """The results as plain data, for ``--json``."""
    return {
        key: {
            side: {"median": s.median, "min": s.low, "max": s.high, "runs": s.runs}
            for side, s in by_side.items()
        }
        for key, by_side in results.items()
    }
