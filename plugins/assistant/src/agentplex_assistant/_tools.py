"""The tools of an assistant: the hosted ones by name, and function tools the agent runs."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, get_args

from agentplex import CancellationToken, FunctionCall
from agentplex.models import FunctionExecutionResult
from agentplex.tools import FunctionTool, StaticWorkbench, Tool, Workbench

if TYPE_CHECKING:
    from openai.types.beta import AssistantToolParam
    from openai.types.shared_params import FunctionDefinition

HostedTool: TypeAlias = Literal["code_interpreter", "file_search"]
"""A tool the Assistants API runs itself."""

AssistantTool: TypeAlias = HostedTool | Tool | Callable[..., Any]
"""What ``tools=`` takes: a hosted tool's name, a :class:`Tool`, or a (sync or async)
function, which becomes a :class:`FunctionTool` described by its docstring."""

HOSTED_TOOLS: tuple[HostedTool, ...] = get_args(HostedTool)


class AssistantToolset:
    """The hosted tools and the function tools of one agent, in the order given."""

    def __init__(self, tools: Iterable[AssistantTool] | None) -> None:
        self.hosted: list[HostedTool] = []
        self.functions: list[Tool] = []
        self.given: list[HostedTool | Tool] = []
        """Every tool, functions as :class:`Tool` objects, in the order given."""
        for index, tool in enumerate(tools or ()):
            if isinstance(tool, str):
                self._add_hosted(tool, index)
            else:
                function = _as_tool(tool, index)
                self.functions.append(function)
                self.given.append(function)
        # Refuses two function tools with one name; answers every call problem as a result.
        self._workbench = StaticWorkbench(self.functions)

    def _add_hosted(self, name: str, index: int) -> None:
        if name not in HOSTED_TOOLS:
            raise ValueError(
                f"tools[{index}] is {name!r}; the hosted tools are {', '.join(HOSTED_TOOLS)} "
                "(pass other tools as Tool objects or functions)"
            )
        hosted: HostedTool = "code_interpreter" if name == "code_interpreter" else "file_search"
        if hosted in self.hosted:
            raise ValueError(f"tools[{index}]: {hosted!r} is listed twice")
        self.hosted.append(hosted)
        self.given.append(hosted)

    def api_params(self) -> list[AssistantToolParam]:
        """The ``tools`` of an assistant create request."""
        params: list[AssistantToolParam] = []
        for tool in self.given:
            if tool == "code_interpreter":
                params.append({"type": "code_interpreter"})
            elif tool == "file_search":
                params.append({"type": "file_search"})
            elif not isinstance(tool, str):
                params.append(_function_param(tool))
        return params

    async def run(
        self, calls: Sequence[FunctionCall], cancellation_token: CancellationToken
    ) -> list[FunctionExecutionResult]:
        """Run ``calls`` concurrently; results in the order of the calls.

        An unknown tool, arguments that are not valid JSON or do not fit the schema, and a
        tool that raises each become an error result. Cancellation cancels every call
        and raises ``CancelledError``.
        """
        tasks = [
            asyncio.ensure_future(_call(self._workbench, call, cancellation_token))
            for call in calls
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
    workbench: Workbench, call: FunctionCall, cancellation_token: CancellationToken
) -> FunctionExecutionResult:
    result = await workbench.call_tool(call.name, call.arguments, cancellation_token, call.id)
    return FunctionExecutionResult(
        content=result.to_text(), name=call.name, call_id=call.id, is_error=result.is_error
    )


def _as_tool(tool: object, index: int) -> Tool:
    if isinstance(tool, Workbench):
        raise TypeError(f"tools[{index}] is a workbench; pass its tools one by one")
    if isinstance(tool, Tool):
        return tool
    if callable(tool):
        name = getattr(tool, "__name__", None)
        return FunctionTool(tool, description=inspect.getdoc(tool) or name, name=name)
    raise TypeError(
        f"tools[{index}] is a {type(tool).__name__}; expected 'code_interpreter', "
        "'file_search', a Tool or a function"
    )


def _function_param(tool: Tool) -> AssistantToolParam:
    schema = tool.schema
    function: FunctionDefinition = {"name": schema["name"]}
    if "description" in schema:
        function["description"] = schema["description"]
    if "parameters" in schema:
        function["parameters"] = dict(schema["parameters"])
    if schema.get("strict"):
        function["strict"] = True
    return {"type": "function", "function": function}
