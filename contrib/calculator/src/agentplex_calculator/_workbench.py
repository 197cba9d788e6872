"""CalculatorWorkbench: the plugin's tools behind one workbench, configurable as a spec."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field

from agentplex import CancellationToken
from agentplex.components import Component
from agentplex.tools import Arguments, StaticWorkbench, ToolResult, ToolSchema, Workbench

from ._tools import DEFAULT_PRECISION, calculator_tools


class CalculatorWorkbenchConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    precision: int = Field(default=DEFAULT_PRECISION, ge=1, le=17)
    tools: list[str] | None = None
    """Names of the tools to offer; None offers all of them."""


class CalculatorWorkbench(Workbench, Component[CalculatorWorkbenchConfig]):
    """``calculator``, ``convert_units`` and ``describe_numbers`` (or the ``tools`` named).

    Tool-side problems (a bad expression, an unknown unit) come back as
    ``ToolResult(is_error=True)`` with the reason, so the model can correct itself.
    """

    component_provider = "calculator"
    component_config_schema = CalculatorWorkbenchConfig

    def __init__(self, precision: int = DEFAULT_PRECISION, tools: list[str] | None = None) -> None:
        available = {tool.name: tool for tool in calculator_tools(precision)}
        chosen = list(available) if tools is None else tools
        unknown = [name for name in chosen if name not in available]
        if unknown:
            raise ValueError(
                f"CalculatorWorkbench has no tool {', '.join(unknown)}; "
                f"tools: {', '.join(available)}"
            )
        self._config = CalculatorWorkbenchConfig(precision=precision, tools=tools)
        self._inner = StaticWorkbench([available[name] for name in chosen])

    async def list_tools(self) -> list[ToolSchema]:
        return await self._inner.list_tools()

    async def call_tool(
        self,
        name: str,
        arguments: Arguments = None,
        cancellation_token: CancellationToken | None = None,
        call_id: str | None = None,
    ) -> ToolResult:
        return await self._inner.call_tool(name, arguments, cancellation_token, call_id)

    async def start(self) -> None:
        await self._inner.start()

    async def stop(self) -> None:
        await self._inner.stop()

    async def reset(self) -> None:
        await self._inner.reset()

    async def save_state(self) -> Mapping[str, Any]:
        return await self._inner.save_state()

    async def load_state(self, state: Mapping[str, Any]) -> None:
        await self._inner.load_state(state)

    def _to_config(self) -> CalculatorWorkbenchConfig:
        return self._config.model_copy(deep=True)

    @classmethod
    def _from_config(cls, config: CalculatorWorkbenchConfig) -> Self:
        return cls(precision=config.precision, tools=config.tools)
