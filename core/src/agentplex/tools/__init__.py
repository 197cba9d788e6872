"""Tools a model can call, and workbenches that manage a set of them.

Build a tool from a function with :class:`FunctionTool`, or derive from
:class:`BaseTool` / :class:`BaseStreamTool`. A :class:`StaticWorkbench` (or
:class:`StaticStreamWorkbench`) lists tools for a model and calls them by name,
answering every tool-side problem with ``ToolResult(is_error=True)``.
"""

from ._base import BaseStreamTool, BaseTool, StreamTool, Tool
from ._errors import ToolArgumentsError, ToolDefinitionError, ToolError
from ._function_tool import FunctionTool, FunctionToolConfig
from ._imports import Alias, Import, ImportFromModule
from ._result import ImageResultContent, ResultContent, TextResultContent, ToolResult
from ._schema import ParametersSchema, ToolSchema, check_tool_name, tool_schema
from ._static import (
    StaticStreamWorkbench,
    StaticWorkbench,
    StaticWorkbenchConfig,
    StaticWorkbenchState,
    ToolOverride,
)
from ._workbench import Arguments, StreamWorkbench, Workbench

__all__ = [
    "Alias",
    "Arguments",
    "BaseStreamTool",
    "BaseTool",
    "FunctionTool",
    "FunctionToolConfig",
    "ImageResultContent",
    "Import",
    "ImportFromModule",
    "ParametersSchema",
    "ResultContent",
    "StaticStreamWorkbench",
    "StaticWorkbench",
    "StaticWorkbenchConfig",
    "StaticWorkbenchState",
    "StreamTool",
    "StreamWorkbench",
    "TextResultContent",
    "Tool",
    "ToolArgumentsError",
    "ToolDefinitionError",
    "ToolError",
    "ToolOverride",
    "ToolResult",
    "ToolSchema",
    "Workbench",
    "check_tool_name",
    "tool_schema",
]
