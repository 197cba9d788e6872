"""Workbenches over a fixed list of tools."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import AsyncGenerator, Mapping, Sequence
from contextlib import aclosing
from typing import Any, Literal, Self

from pydantic import BaseModel, ValidationError

from .._cancellation import CancellationToken
from .._errors import ComponentError
from .._image import Image
from ..components import Component, ComponentBase, ComponentModel, describe_errors, load_component
from ._base import StreamTool, Tool
from ._errors import ToolArgumentsError, ToolDefinitionError
from ._result import ImageResultContent, ResultContent, TextResultContent, ToolResult
from ._schema import ToolSchema, check_tool_name
from ._workbench import Arguments, StreamWorkbench, Workbench


class ToolOverride(BaseModel):
    """Show a tool to the model under another name and/or description."""

    name: str | None = None
    description: str | None = None


class StaticWorkbenchConfig(BaseModel):
    tools: list[ComponentModel] = []
    tool_overrides: dict[str, ToolOverride] = {}
    """Keyed by the tool's own name."""


class StaticWorkbenchState(BaseModel):
    type: Literal["StaticWorkbenchState"] = "StaticWorkbenchState"
    tools: dict[str, dict[str, Any]] = {}
    """Each tool's ``save_state_json()``, keyed by the tool's own name."""


class StaticWorkbench(Workbench, Component[StaticWorkbenchConfig]):
    """A workbench over a fixed list of tools, ready to use once built.

    ``tool_overrides`` (keyed by a tool's own name) renames or re-describes tools
    as the model sees them; an override that would make two tools share a name,
    or that names no tool, is refused. :meth:`stop` makes calls fail with an
    error result until :meth:`start`; :meth:`reset` restores every tool's state
    to what it was when the workbench was first started or used.
    """

    component_provider = "static"
    component_config_schema = StaticWorkbenchConfig

    def __init__(
        self, tools: Sequence[Tool], tool_overrides: Mapping[str, ToolOverride] | None = None
    ) -> None:
        self._tools = list(tools)
        self._overrides = dict(tool_overrides or {})
        self._by_name = _index(self._tools, self._overrides)
        self._running = True
        self._initial_state: dict[str, Mapping[str, Any]] | None = None
        self._snapshot_lock = asyncio.Lock()
        self._schemas: list[ToolSchema] | None = None

    async def list_tools(self) -> list[ToolSchema]:
        """The tools' schemas under their override names; treat them as read-only.

        Tools and overrides are fixed at construction, so the schemas are built
        once (an agent lists tools before every model call).
        """
        if self._schemas is None:
            self._schemas = self._build_schemas()
        return list(self._schemas)

    def _build_schemas(self) -> list[ToolSchema]:
        schemas = []
        for name, tool in self._by_name.items():
            schema = copy.copy(tool.schema)
            schema["name"] = name
            override = self._overrides.get(tool.name)
            if override is not None and override.description is not None:
                schema["description"] = override.description
            schemas.append(schema)
        return schemas

    async def call_tool(
        self,
        name: str,
        arguments: Arguments = None,
        cancellation_token: CancellationToken | None = None,
        call_id: str | None = None,
    ) -> ToolResult:
        prepared = await self._prepare(name, arguments)
        if isinstance(prepared, ToolResult):
            return prepared
        tool, args = prepared
        token = cancellation_token or CancellationToken()
        try:
            if cancellation_token is None:
                value = await tool.run_json(args, token, call_id=call_id)
            else:
                task = asyncio.ensure_future(tool.run_json(args, token, call_id=call_id))
                value = await cancellation_token.link_future(task)
            return ToolResult(name=name, result=_contents(tool, value))
        except Exception as exc:
            return _failure(name, tool, exc)

    async def start(self) -> None:
        self._running = True
        await self._snapshot()

    async def stop(self) -> None:
        self._running = False

    async def reset(self) -> None:
        if self._initial_state is not None:
            for tool in self._tools:
                await tool.load_state_json(self._initial_state[tool.name])
        self._running = True

    async def save_state(self) -> Mapping[str, Any]:
        states = {tool.name: dict(await tool.save_state_json()) for tool in self._tools}
        return StaticWorkbenchState(tools=states).model_dump()

    async def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore tool states; state for a tool this workbench lacks is an error."""
        try:
            parsed = StaticWorkbenchState.model_validate(state)
        except ValidationError as exc:
            raise ValueError(f"invalid workbench state: {describe_errors(exc)}") from None
        tools = {tool.name: tool for tool in self._tools}
        unknown = sorted(set(parsed.tools) - set(tools))
        if unknown:
            raise ValueError(
                f"workbench state holds state for unknown tools {', '.join(unknown)}; "
                f"tools: {', '.join(tools)}"
            )
        await self._snapshot()
        for name, tool_state in parsed.tools.items():
            await tools[name].load_state_json(tool_state)

    def _to_config(self) -> StaticWorkbenchConfig:
        specs = []
        for tool in self._tools:
            what = f"tool '{tool.name}' ({type(tool).__name__}) cannot be dumped"
            if not isinstance(tool, ComponentBase):
                raise ComponentError(f"{what}: it is not a component")
            try:
                specs.append(tool.dump_component())
            except NotImplementedError as exc:
                raise ComponentError(f"{what}: {exc}") from exc
        return StaticWorkbenchConfig(tools=specs, tool_overrides=self._overrides)

    @classmethod
    def _from_config(cls, config: StaticWorkbenchConfig) -> Self:
        tools: list[Tool] = []
        for index, spec in enumerate(config.tools):
            tool = load_component(spec)
            if not isinstance(tool, Tool):
                raise ComponentError(
                    f"tools[{index}] (provider '{spec.provider}') is a "
                    f"{type(tool).__name__}, not a tool"
                )
            tools.append(tool)
        try:
            return cls(tools, config.tool_overrides)
        except ToolDefinitionError as exc:
            raise ComponentError(f"invalid {cls.__name__} config: {exc}") from None

    async def _prepare(
        self, name: str, arguments: Arguments
    ) -> tuple[Tool, Mapping[str, Any]] | ToolResult:
        """The tool and parsed arguments for a call, or the error result explaining why not."""
        if not self._running:
            return _error(name, f"the workbench is stopped; start() it to call tool '{name}'")
        tool = self._by_name.get(name)
        if tool is None:
            available = ", ".join(self._by_name) or "none"
            return _error(name, f"unknown tool '{name}'; available tools: {available}")
        if self._initial_state is None:
            await self._snapshot()
        if arguments is None:
            return tool, {}
        if isinstance(arguments, str):
            if not arguments.strip():
                return tool, {}
            try:
                arguments = json.loads(arguments)
            except json.JSONDecodeError as exc:
                return _error(name, f"arguments for tool '{name}' are not valid JSON: {exc}")
        if not isinstance(arguments, Mapping):
            kind = type(arguments).__name__
            return _error(name, f"arguments for tool '{name}' must be a JSON object, got {kind}")
        return tool, arguments

    async def _snapshot(self) -> None:
        """Remember the tools' state before the first use, for :meth:`reset`."""
        async with self._snapshot_lock:
            if self._initial_state is None:
                self._initial_state = {
                    tool.name: dict(await tool.save_state_json()) for tool in self._tools
                }


class StaticStreamWorkbench(StaticWorkbench, StreamWorkbench):
    """A :class:`StaticWorkbench` that streams the items of :class:`StreamTool` tools."""

    component_provider = "static_stream"

    def __init__(
        self, tools: Sequence[Tool], tool_overrides: Mapping[str, ToolOverride] | None = None
    ) -> None:
        super().__init__(tools, tool_overrides)
        self._streaming: dict[str, StreamTool] = {
            name: tool for name, tool in self._by_name.items() if isinstance(tool, StreamTool)
        }

    async def call_tool_stream(
        self,
        name: str,
        arguments: Arguments = None,
        cancellation_token: CancellationToken | None = None,
        call_id: str | None = None,
    ) -> AsyncGenerator[Any | ToolResult, None]:
        prepared = await self._prepare(name, arguments)
        if isinstance(prepared, ToolResult):
            yield prepared
            return
        _, args = prepared
        tool = self._streaming.get(name)
        if tool is None:
            yield await self.call_tool(name, args, cancellation_token, call_id)
            return
        token = cancellation_token or CancellationToken()
        last: Any = _NOTHING
        failure: ToolResult | None = None
        async with aclosing(tool.run_json_stream(args, token, call_id=call_id)) as stream:
            while True:
                try:
                    item = await anext(stream)
                except StopAsyncIteration:
                    break
                except Exception as exc:
                    failure = _failure(name, tool, exc)
                    break
                if token.is_cancelled():
                    raise asyncio.CancelledError(f"tool '{name}' was cancelled")
                if last is not _NOTHING:
                    yield last
                last = item
        if failure is not None:
            if last is not _NOTHING:
                yield last  # an intermediate item: the stream never finished
            yield failure
        elif last is _NOTHING:
            yield _error(name, f"tool '{name}' yielded nothing")
        else:
            yield ToolResult(name=name, result=_contents(tool, last))


_NOTHING = object()


def _index(tools: Sequence[Tool], overrides: Mapping[str, ToolOverride]) -> dict[str, Tool]:
    """Tools by the name the model sees; refuses anything ambiguous."""
    own: dict[str, Tool] = {}
    for index, tool in enumerate(tools):
        if not isinstance(tool, Tool):
            raise ToolDefinitionError(f"tools[{index}] is a {type(tool).__name__}, not a Tool")
        if tool.name in own:
            raise ToolDefinitionError(f"two tools are named '{tool.name}'")
        own[tool.name] = tool
    for key in overrides:
        if key not in own:
            raise ToolDefinitionError(
                f"tool override for '{key}': there is no such tool; tools: {', '.join(own)}"
            )
    shown: dict[str, Tool] = {}
    renamed_from: dict[str, str] = {}
    for tool_name, tool in own.items():
        override = overrides.get(tool_name)
        name = tool_name
        if override is not None and override.name is not None:
            name = check_tool_name(override.name, f"override for tool '{tool_name}': the")
            if name != tool_name and name in own:
                raise ToolDefinitionError(
                    f"tool override renames '{tool_name}' to '{name}', which is the name of "
                    "another tool"
                )
            if name in renamed_from:
                raise ToolDefinitionError(
                    f"tool overrides rename both '{renamed_from[name]}' and '{tool_name}' "
                    f"to '{name}'"
                )
            renamed_from[name] = tool_name
        shown[name] = tool
    return shown


def _contents(tool: Tool, value: Any) -> list[ResultContent]:
    """Images stay images (also inside a list); anything else becomes text."""
    if isinstance(value, Image):
        return [ImageResultContent(content=value)]
    if isinstance(value, list | tuple) and any(isinstance(item, Image) for item in value):
        return [
            ImageResultContent(content=item)
            if isinstance(item, Image)
            else TextResultContent(content=tool.return_value_as_string(item))
            for item in value
        ]
    return [TextResultContent(content=tool.return_value_as_string(value))]


def _failure(name: str, tool: Tool, exc: Exception) -> ToolResult:
    if isinstance(exc, ToolArgumentsError) and exc.tool_name == tool.name:
        return _error(name, f"invalid arguments for tool '{name}': {'; '.join(exc.problems)}")
    return _error(name, f"tool '{name}' raised {type(exc).__name__}: {exc}")


def _error(name: str, text: str) -> ToolResult:
    return ToolResult(name=name, result=[TextResultContent(content=text)], is_error=True)
