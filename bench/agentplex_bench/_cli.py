"""``python -m bench.agentplex_bench``: run the workloads on both sides, print the table."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from ._harness import Results, measure, table, to_json
from ._setup import AUTOGEN_REQUIREMENTS, autogen_python, dummy_plugins
from ._workload import SIDES, Params, Row, Side, Workload
from .workloads import WORKLOADS

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / ".bench"


def _parser() -> argparse.ArgumentParser:
    names = [workload.name for workload in WORKLOADS]
    parser = argparse.ArgumentParser(
        prog="python -m bench.agentplex_bench",
        description="Run the same workloads on agentplex and on AutoGen 0.7.5; print ratios.",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, one repetition")
    parser.add_argument("--reps", type=int, help="repetitions per workload (default: its own)")
    parser.add_argument(
        "--sides", default=",".join(SIDES), help="comma list of agentplex,autogen (default: both)"
    )
    parser.add_argument("--only", help=f"comma list of workloads: {','.join(names)}")
    parser.add_argument(
        "--json", type=Path, default=BENCH_DIR / "results.json", help="where to write the results"
    )
    return parser


def _chosen(parser: argparse.ArgumentParser, text: str | None, known: list[str]) -> list[str]:
    if text is None:
        return known
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(names) - set(known))
    if unknown or not names:
        parser.error(f"unknown or empty choice {unknown or text!r}; choose from {known}")
    return [name for name in known if name in names]


@contextmanager
def _server() -> Iterator[str]:
    """The scripted OpenAI server in its own process; yields its base URL."""
    args = [sys.executable, "-m", f"{__package__}._server"]
    proc = subprocess.Popen(
        args, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    try:
        base_url = proc.stdout.readline().strip()
        if not base_url.startswith("http://"):
            raise RuntimeError(f"the scripted OpenAI server did not start (said {base_url!r})")
        yield base_url
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


@contextmanager
def _context(
    chosen: list[Workload], pythons: dict[Side, Path], tmp: Path
) -> Iterator[dict[Side, Params]]:
    """Per-side settings the workloads need: dummy plugin dirs, the server's URL."""
    context: dict[Side, Params] = {side: {} for side in pythons}
    if any(workload.name == "imports" for workload in chosen):
        for side, python in pythons.items():
            target = dummy_plugins(side, python, tmp / f"plugins-{side}", 20)
            context[side]["plugins_dir"] = str(target)
    if any(workload.name == "openai_client" for workload in chosen):
        with _server() as base_url:
            for params in context.values():
                params["base_url"] = base_url
            yield context
    else:
        yield context


def _header(pythons: dict[Side, Path], quick: bool) -> str:
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"Run of {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} on {platform.node()}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load average {load}"
        f"{' (--quick)' if quick else ''}; sides: {', '.join(pythons)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    sides = [side for side in SIDES if side in _chosen(parser, args.sides, list(SIDES))]
    names = _chosen(parser, args.only, [workload.name for workload in WORKLOADS])
    chosen = [workload for workload in WORKLOADS if workload.name in names]
    if args.reps is not None and args.reps < 1:
        parser.error(f"--reps must be at least 1, got {args.reps}")
    BENCH_DIR.mkdir(exist_ok=True)
    pythons: dict[Side, Path] = {"agentplex": Path(sys.executable)}
    if "autogen" in sides:
        pythons["autogen"] = autogen_python(BENCH_DIR)
    pythons = {side: pythons[side] for side in sides}
    header = _header(pythons, args.quick)
    print(header, file=sys.stderr)
    started = time.perf_counter()
    results: Results = {}
    sections: list[tuple[Workload, tuple[Row, ...]]] = []
    with (
        tempfile.TemporaryDirectory(prefix="agentplex-bench-") as tmp,
        _context(chosen, pythons, Path(tmp)) as context,
    ):
        for workload in chosen:
            params = workload.params(args.quick)
            sections.append((workload, workload.rows(params)))
            reps = 1 if args.quick else args.reps or workload.reps
            per_side = {side: params | context[side] for side in pythons}
            print(f"{workload.title} ({reps} runs per side)", file=sys.stderr)
            results |= measure(ROOT, workload, pythons, per_side, reps)
    minutes = (time.perf_counter() - started) / 60
    print(f"{header}; took {minutes:.1f} min\n\n{table(sections, results)}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "header": header,
        "quick": args.quick,
        "autogen": list(AUTOGEN_REQUIREMENTS),
        "minutes": minutes,
        "results": to_json(results),
    }
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0
