"""The hooks agentplex calls: the ``calculator`` tool and workbench providers."""

from __future__ import annotations

from agentplex import hookimpl
from agentplex.hookspecs import Register


@hookimpl
def register_tools(register: Register) -> None:
    register("calculator", "agentplex_calculator:CalculatorTool")


@hookimpl
def register_workbenches(register: Register) -> None:
    register("calculator", "agentplex_calculator:CalculatorWorkbench")
