"""The workbench contracts: one interface over a set of tools and their lifecycle."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, Mapping
from types import TracebackType
from typing import Any, Self

from .._cancellation import CancellationToken
from ..components import ComponentBase
from ._result import ToolResult
from ._schema import ToolSchema

Arguments = Mapping[str, Any] | str | None
"""Tool-call arguments: a mapping, the JSON text a model sent, or None for none."""


class Workbench(ComponentBase, ABC):
    """Lists tools, calls them by name, and manages their lifecycle and state.

    ``call_tool`` reports tool-side problems (unknown tool, bad arguments, a tool
    that raises) as ``ToolResult(is_error=True)`` rather than raising, so an agent
    can hand the text back to the model. Use it as an async context manager to
    start and stop it.
    """

    component_type = "workbench"

    @abstractmethod
    async def list_tools(self) -> list[ToolSchema]:
        """The schemas of the tools available, as the model should see them."""

    @abstractmethod
    async def call_tool(
        self,
        name: str,
        arguments: Arguments = None,
        cancellation_token: CancellationToken | None = None,
        call_id: str | None = None,
    ) -> ToolResult:
        """Call tool ``name``; cancellation raises ``asyncio.CancelledError``."""

    @abstractmethod
    async def start(self) -> None:
        """Acquire resources; calls are accepted from now on."""

    @abstractmethod
    async def stop(self) -> None:
        """Release resources; further calls fail until :meth:`start`."""

    @abstractmethod
    async def reset(self) -> None:
        """Return to the initial, started state (tool state included)."""

    @abstractmethod
    async def save_state(self) -> Mapping[str, Any]:
        """JSON-friendly state that :meth:`load_state` restores."""

    @abstractmethod
    async def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore state saved by :meth:`save_state`."""

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


class StreamWorkbench(Workbench, ABC):
    """A workbench that can stream a tool's intermediate results."""

    @abstractmethod
    def call_tool_stream(
        self,
        name: str,
        arguments: Arguments = None,
        cancellation_token: CancellationToken | None = None,
        call_id: str | None = None,
    ) -> AsyncGenerator[Any | ToolResult, None]:
        """Yield the tool's intermediate items, then exactly one final :class:`ToolResult`."""
