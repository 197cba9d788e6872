"""agentplex and AutoGen 0.7.5 side by side on the same workloads.

Run ``python -m bench.agentplex_bench`` from the repository root with the
project's venv (``--quick`` for a small run); see ``bench/README.md``.
"""

from ._cli import main

__all__ = ["main"]
