"""What a workload is: two implementations of one shape, and the rows it reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Params = dict[str, Any]
"""JSON-safe settings handed to a workload run (sizes, the server's URL, paths)."""
Metrics = dict[str, float]
"""Figures one run of one side produced, by key."""
Side = Literal["agentplex", "autogen"]
SIDES: tuple[Side, ...] = ("agentplex", "autogen")


@dataclass(frozen=True)
class Target:
    """A goal from the issue: ``agentplex/AutoGen`` (``"ratio"``) or agentplex's own figure."""

    limit: float
    of: Literal["ratio", "agentplex"] = "ratio"

    def met(self, agentplex: float | None, ratio: float | None) -> bool | None:
        value = ratio if self.of == "ratio" else agentplex
        return None if value is None else value <= self.limit

    def __str__(self) -> str:
        return f"≤ {self.limit:g}" + (" of AutoGen" if self.of == "ratio" else "×")


@dataclass(frozen=True)
class Row:
    """One line of the results table: a metric key and how to show it."""

    key: str
    label: str
    unit: str
    target: Target | None = None
    higher_is_better: bool = False


@dataclass(frozen=True)
class Workload:
    """A named workload: its params for a full or a quick run, its table rows for
    given params, and one runner per side.

    Each runner takes the params and returns flat metrics; it runs in a fresh
    interpreter of its side (see ``_worker``), so it imports its framework itself.
    """

    name: str
    title: str
    reps: int
    rows: Callable[[Params], tuple[Row, ...]]
    params: Callable[[bool], Params]
    agentplex: Callable[[Params], Metrics]
    autogen: Callable[[Params], Metrics]

    def runner(self, side: Side) -> Callable[[Params], Metrics]:
        return self.agentplex if side == "agentplex" else self.autogen
