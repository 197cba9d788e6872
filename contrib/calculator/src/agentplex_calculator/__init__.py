"""A calculator toolset for agentplex: safe arithmetic, unit conversion and statistics.

Registers the tool provider ``calculator`` (:class:`CalculatorTool`) and the
workbench provider ``calculator`` (:class:`CalculatorWorkbench`, all the tools).

The names below load their modules on first access, so discovering the plugin stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentplex import lazy_exports

if TYPE_CHECKING:
    from ._expression import CONSTANTS, FUNCTIONS, CalculatorError, evaluate
    from ._functions import UNITS, NumberSummary, convert_units, describe_numbers
    from ._tools import (
        DEFAULT_PRECISION,
        CalculateArgs,
        CalculatorTool,
        CalculatorToolConfig,
        calculator_tools,
    )
    from ._workbench import CalculatorWorkbench, CalculatorWorkbenchConfig

_LAZY = {
    "CONSTANTS": "._expression",
    "DEFAULT_PRECISION": "._tools",
    "FUNCTIONS": "._expression",
    "UNITS": "._functions",
    "CalculateArgs": "._tools",
    "CalculatorError": "._expression",
    "CalculatorTool": "._tools",
    "CalculatorToolConfig": "._tools",
    "CalculatorWorkbench": "._workbench",
    "CalculatorWorkbenchConfig": "._workbench",
    "NumberSummary": "._functions",
    "calculator_tools": "._tools",
    "convert_units": "._functions",
    "describe_numbers": "._functions",
    "evaluate": "._expression",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "CONSTANTS",
    "DEFAULT_PRECISION",
    "FUNCTIONS",
    "UNITS",
    "CalculateArgs",
    "CalculatorError",
    "CalculatorTool",
    "CalculatorToolConfig",
    "CalculatorWorkbench",
    "CalculatorWorkbenchConfig",
    "NumberSummary",
    "calculator_tools",
    "convert_units",
    "describe_numbers",
    "evaluate",
]
