"""FunctionTool: a tool made from any typed Python function, sync or async."""

from __future__ import annotations

import asyncio
import builtins
import inspect
from collections.abc import Callable, Sequence
from typing import Any, Self

from pydantic import BaseModel

from .._cancellation import CancellationToken
from .._errors import ComponentError
from ..components import Component, require_trusted
from ._base import BaseTool
from ._errors import ToolDefinitionError
from ._imports import Import, import_statements
from ._signature import plan_call
from ._source import function_source, last_function_name


class FunctionToolConfig(BaseModel):
    """A dumped :class:`FunctionTool`: the function's source and what it needs."""

    source_code: str
    name: str
    description: str
    global_imports: list[Import] = []
    strict: bool = False


class FunctionTool(BaseTool[BaseModel, Any], Component[FunctionToolConfig]):
    """Wrap ``func`` as a tool; its typed signature becomes the arguments schema.

    Parameters may have defaults, be ``Optional``, lists, dicts, enums,
    ``Literal``s or pydantic models, and carry a description as
    ``Annotated[x, "text"]`` or ``Annotated[x, Field(description="text")]``.
    A parameter annotated ``CancellationToken`` (or named ``cancellation_token``)
    receives the call's token and is left out of the schema. The description
    defaults to the docstring. Sync functions run in a worker thread
    (``asyncio.to_thread``) so the event loop keeps going; cancelling the token
    cancels the call at once.

    ``global_imports`` lists what the function's source needs when a dumped tool
    is loaded again (``"math"``, ``ImportFromModule("typing", ("Annotated",))``).
    Loading a dump executes its source, so it needs ``trusted=True``.

    Example::

        async def add(a: int, b: Annotated[int, "the second number"] = 1) -> int:
            '''Add two numbers.'''
            return a + b

        tool = FunctionTool(add)  # name "add", description "Add two numbers."
    """

    component_provider = "function"
    component_config_schema = FunctionToolConfig

    def __init__(
        self,
        func: Callable[..., Any],
        description: str | None = None,
        name: str | None = None,
        global_imports: Sequence[Import] = (),
        strict: bool = False,
    ) -> None:
        tool_name = name or getattr(func, "__name__", None)
        if not tool_name:
            raise ToolDefinitionError(f"{func!r} has no __name__; pass name= to FunctionTool")
        if tool_name == "<lambda>":
            raise ToolDefinitionError("a lambda has no usable name; pass name= to FunctionTool")
        if inspect.isasyncgenfunction(func):
            raise ToolDefinitionError(
                f"function '{tool_name}' is an async generator; derive from BaseStreamTool "
                "to stream results"
            )
        description = description if description is not None else inspect.getdoc(func)
        if not description:
            raise ToolDefinitionError(
                f"FunctionTool '{tool_name}' needs a description: pass description= or give "
                "the function a docstring"
            )
        import_statements(global_imports)  # refuse malformed imports now, not at load
        self._func = func
        self._global_imports = list(global_imports)
        self._is_async = inspect.iscoroutinefunction(func) or inspect.iscoroutinefunction(
            getattr(func, "__call__", None)  # noqa: B004 (async callable objects)
        )
        self._plan = plan_call(func, tool_name)
        self._source: str | None = None
        super().__init__(
            self._plan.args_model, self._plan.return_type, tool_name, description, strict
        )

    @property
    def func(self) -> Callable[..., Any]:
        """The wrapped function."""
        return self._func

    async def run(self, args: BaseModel, cancellation_token: CancellationToken) -> Any:
        positional, keywords = self._plan.arguments(args, cancellation_token)
        if self._is_async:
            future = asyncio.ensure_future(self._func(*positional, **keywords))
        else:
            future = asyncio.ensure_future(asyncio.to_thread(self._func, *positional, **keywords))
        cancellation_token.link_future(future)
        return await future

    def _to_config(self) -> FunctionToolConfig:
        source = self._source or function_source(self._func, self.name)
        return FunctionToolConfig(
            source_code=source,
            name=self.name,
            description=self.description,
            global_imports=self._global_imports,
            strict=self._strict,
        )

    @classmethod
    def _from_config(cls, config: FunctionToolConfig) -> Self:
        what = f"FunctionTool '{config.name}'"
        require_trusted(what)
        namespace: dict[str, Any] = {"__builtins__": builtins, "__name__": "agentplex_tool"}
        try:
            statements = import_statements(config.global_imports)
        except ToolDefinitionError as exc:
            raise ComponentError(f"{what}: {exc}") from None
        for statement in statements:
            try:
                exec(statement, namespace)
            except Exception as exc:
                raise ComponentError(f"{what}: '{statement}' failed: {exc}") from exc
        func_name = last_function_name(config.source_code, what)
        try:
            exec(compile(config.source_code, f"<{what}>", "exec"), namespace)
        except Exception as exc:
            raise ComponentError(f"{what}: its source failed to run: {exc}") from exc
        try:
            tool = cls(
                namespace[func_name],
                description=config.description,
                name=config.name,
                global_imports=config.global_imports,
                strict=config.strict,
            )
        except ToolDefinitionError as exc:
            raise ComponentError(f"{what}: {exc}") from exc
        tool._source = config.source_code
        return tool
