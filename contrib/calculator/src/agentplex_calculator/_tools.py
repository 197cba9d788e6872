"""The calculator tool, and the full set of tools the plugin offers."""

from __future__ import annotations

from typing import Final, Self

from pydantic import BaseModel, ConfigDict, Field

from agentplex import CancellationToken
from agentplex.components import Component
from agentplex.tools import BaseTool, FunctionTool, Tool

from ._expression import Number, evaluate
from ._functions import convert_units, describe_numbers

DEFAULT_PRECISION: Final = 12
"""Significant digits a float result is rounded to (hides 0.1 + 0.2 = 0.30000000000000004)."""


class CalculateArgs(BaseModel):
    expression: str = Field(
        description="Arithmetic in Python syntax, e.g. (2 + 3) * sqrt(16) / 7 or 2 ** 10"
    )


class CalculatorToolConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    precision: int = Field(default=DEFAULT_PRECISION, ge=1, le=17)


class CalculatorTool(BaseTool[CalculateArgs, Number], Component[CalculatorToolConfig]):
    """Evaluates an arithmetic expression; see :func:`agentplex_calculator.evaluate`.

    Float results are rounded to ``precision`` significant digits. An expression
    that is not arithmetic raises :class:`CalculatorError`, which a workbench
    hands back to the model as an error result.
    """

    component_provider = "calculator"
    component_config_schema = CalculatorToolConfig

    def __init__(self, precision: int = DEFAULT_PRECISION) -> None:
        super().__init__(
            CalculateArgs,
            float,
            "calculator",
            "Evaluate an arithmetic expression: + - * / // % **, parentheses, "
            "abs ceil cos exp floor log log10 max min round sin sqrt tan, pi e tau.",
        )
        self._config = CalculatorToolConfig(precision=precision)

    async def run(self, args: CalculateArgs, cancellation_token: CancellationToken) -> Number:
        value = evaluate(args.expression)
        if isinstance(value, float):
            return float(f"{value:.{self._config.precision}g}")
        return value

    def _to_config(self) -> CalculatorToolConfig:
        return self._config.model_copy()

    @classmethod
    def _from_config(cls, config: CalculatorToolConfig) -> Self:
        return cls(precision=config.precision)


def calculator_tools(precision: int = DEFAULT_PRECISION) -> list[Tool]:
    """The calculator, ``convert_units`` and ``describe_numbers``, in that order."""
    return [CalculatorTool(precision), FunctionTool(convert_units), FunctionTool(describe_numbers)]
