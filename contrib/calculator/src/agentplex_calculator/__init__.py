"""A calculator toolset for agentplex: safe arithmetic, unit conversion and statistics.

Registers the tool provider ``calculator`` (:class:`CalculatorTool`) and the
workbench provider ``calculator`` (:class:`CalculatorWorkbench`, all the tools).
"""

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
