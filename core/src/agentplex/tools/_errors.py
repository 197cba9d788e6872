"""Errors raised by tools and workbenches."""

from __future__ import annotations

from collections.abc import Sequence

from .._errors import AgentplexError


class ToolError(AgentplexError):
    """Base class of the errors tools and workbenches raise on purpose."""


class ToolDefinitionError(ToolError, ValueError):
    """A tool or workbench cannot be built as asked: bad name, schema, strict mode, override."""


class ToolArgumentsError(ToolError, ValueError):
    """Arguments for a tool call do not match the tool's schema.

    ``problems`` holds one ``field 'x': message`` entry per invalid field.
    """

    def __init__(self, tool_name: str, problems: Sequence[str]) -> None:
        self.tool_name = tool_name
        self.problems = list(problems)
        super().__init__(f"invalid arguments for tool '{tool_name}': {'; '.join(self.problems)}")
