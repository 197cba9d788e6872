"""The workloads, in the order the issue lists them."""

from __future__ import annotations

from .._workload import Workload
from . import cache, imports, openai_client, round_robin, state, tools

WORKLOADS: tuple[Workload, ...] = (
    imports.WORKLOAD,
    round_robin.WORKLOAD,
    tools.WORKLOAD,
    cache.WORKLOAD,
    openai_client.WORKLOAD,
    state.WORKLOAD,
)
"""Every workload, by the issue's numbering."""

__all__ = ["WORKLOADS"]
