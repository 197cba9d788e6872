"""One view over an agent's tools and workbenches: list them, call them by name."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from .._cancellation import CancellationToken
from .._function_call import FunctionCall
from ..messages import ToolCallSummaryMessage
from ..models import FunctionExecutionResult
from ..tools import FunctionTool, StaticWorkbench, Tool, ToolSchema, Workbench

ToolLike = Tool | Callable[..., Any]
"""A tool, or a plain (sync or async) function to wrap in a :class:`FunctionTool`."""


@dataclass(frozen=True)
class ToolListing:
    """The tools the model is offered for one call, and which workbench owns each."""

    schemas: list[ToolSchema]
    owners: dict[str, Workbench]


class Toolbox:
    """An agent's tools (wrapped in a :class:`StaticWorkbench`) and its workbenches.

    Tool names must be unique across all of them and must not clash with
    ``reserved`` names (the agent's handoffs). Tools given directly are checked
    at construction; a workbench's tools each time they are listed, since a
    workbench may change them.
    """

    def __init__(
        self,
        tools: Sequence[ToolLike],
        workbenches: Sequence[Workbench],
        reserved: Collection[str],
        agent: str,
    ) -> None:
        self._agent = agent
        self._reserved = set(reserved)
        self.tools = [_as_tool(tool, index) for index, tool in enumerate(tools)]
        self.workbenches = list(workbenches)
        for index, workbench in enumerate(self.workbenches):
            if not isinstance(workbench, Workbench):
                raise TypeError(
                    f"workbench[{index}] is a {type(workbench).__name__}, not a Workbench"
                )
        self._sources: list[tuple[str, Workbench]] = [
            (f"workbench[{index}]", workbench) for index, workbench in enumerate(self.workbenches)
        ]
        if self.tools:
            seen: dict[str, str] = {}
            for index, tool in enumerate(self.tools):
                self._claim(seen, tool.name, f"tools[{index}]")
            self._sources.insert(0, ("tools", StaticWorkbench(self.tools)))

    def __bool__(self) -> bool:
        return bool(self._sources)

    async def listing(self) -> ToolListing:
        """Every tool's schema; a clear error when two sources offer the same name."""
        schemas: list[ToolSchema] = []
        owners: dict[str, Workbench] = {}
        seen: dict[str, str] = {}
        for where, workbench in self._sources:
            for schema in await workbench.list_tools():
                self._claim(seen, schema["name"], where)
                schemas.append(schema)
                owners[schema["name"]] = workbench
        return ToolListing(schemas=schemas, owners=owners)

    async def run(
        self,
        calls: Sequence[FunctionCall],
        listing: ToolListing,
        cancellation_token: CancellationToken,
    ) -> list[FunctionExecutionResult]:
        """Run ``calls`` concurrently; results in the order of the calls.

        Tool-side problems (unknown tool, bad arguments, a tool that raises)
        become error results. Cancellation cancels every call and raises.
        """
        tasks = [
            asyncio.ensure_future(self._call(call, listing, cancellation_token)) for call in calls
        ]
        try:
            results = await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        if cancellation_token.is_cancelled():
            raise asyncio.CancelledError
        return results

    async def _call(
        self, call: FunctionCall, listing: ToolListing, cancellation_token: CancellationToken
    ) -> FunctionExecutionResult:
        workbench = listing.owners.get(call.name)
        if workbench is None:
            available = ", ".join(listing.owners) or "none"
            return _error(call, f"unknown tool '{call.name}'; available tools: {available}")
        try:
            result = await workbench.call_tool(
                call.name, call.arguments, cancellation_token, call_id=call.id
            )
        except Exception as exc:
            return _error(call, f"workbench failed to call '{call.name}': {exc}")
        return FunctionExecutionResult(
            content=result.to_text(), name=call.name, call_id=call.id, is_error=result.is_error
        )

    def _claim(self, seen: dict[str, str], name: str, where: str) -> None:
        if name in self._reserved:
            raise ValueError(
                f"agent '{self._agent}': tool '{name}' from {where} has the name of a handoff"
            )
        if name in seen:
            raise ValueError(
                f"agent '{self._agent}': two tools are named '{name}' (from {seen[name]} and "
                f"{where}); tool names must be unique across tools and workbenches"
            )
        seen[name] = where


def check_summary_format(text: str) -> None:
    """Refuse a ``tool_call_summary_format`` that cannot be formatted."""
    try:
        text.format(tool_name="t", arguments="{}", result="r", is_error=False)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(
            f"tool_call_summary_format {text!r} is invalid ({type(exc).__name__}: {exc}); it may "
            "use {tool_name}, {arguments}, {result} and {is_error}"
        ) from None


def summarize(
    calls: Sequence[FunctionCall],
    results: Sequence[FunctionExecutionResult],
    summary_format: str,
    source: str,
) -> ToolCallSummaryMessage:
    """One line per call, formatted with ``summary_format``."""
    lines = [
        summary_format.format(
            tool_name=call.name,
            arguments=call.arguments,
            result=result.content,
            is_error=result.is_error,
        )
        for call, result in zip(calls, results, strict=True)
    ]
    return ToolCallSummaryMessage(
        content="\n".join(lines), tool_calls=list(calls), results=list(results), source=source
    )


def _as_tool(tool: object, index: int) -> Tool:
    if isinstance(tool, Workbench):
        raise TypeError(f"tools[{index}] is a workbench; pass workbenches with workbench=")
    if isinstance(tool, Tool):
        return tool
    if callable(tool):
        name = getattr(tool, "__name__", None)
        return FunctionTool(tool, description=inspect.getdoc(tool) or name, name=name)
    raise TypeError(f"tools[{index}] is a {type(tool).__name__}; expected a Tool or a function")


def _error(call: FunctionCall, text: str) -> FunctionExecutionResult:
    return FunctionExecutionResult(content=text, name=call.name, call_id=call.id, is_error=True)
