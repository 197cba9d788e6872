"""Run one side of one workload once, in this interpreter, and write its metrics.

Usage: ``python -m bench.agentplex_bench._worker WORKLOAD SIDE PARAMS_JSON OUT_JSON``.
Imports only the standard library and the workload module, so it runs as well in
the project's venv (agentplex) as in the AutoGen venv.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import cast

from ._workload import SIDES, Workload


def main(argv: list[str]) -> None:
    name, side, params, out = argv
    if side not in SIDES:
        raise SystemExit(f"side must be one of {SIDES}, got {side!r}")
    module = importlib.import_module(f"{__package__}.workloads.{name}")
    workload = cast(Workload, module.WORKLOAD)
    metrics = workload.runner(side)(json.loads(params))
    Path(out).write_text(json.dumps(metrics))


if __name__ == "__main__":
    main(sys.argv[1:])
