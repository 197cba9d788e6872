"""Tools and ``tool_choice`` as OpenAI request params."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from agentplex.models import ToolChoice
from agentplex.tools import Tool, ToolSchema, tool_schema

_TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_MODES = ("auto", "required", "none")


def tool_params(tools: Sequence[Tool | ToolSchema], tool_choice: ToolChoice) -> dict[str, Any]:
    """The ``tools`` and ``tool_choice`` params; empty when there are no tools.

    Strict schemas are passed through with ``strict: true``. A ``tool_choice``
    that names a tool must name one of ``tools``.
    """
    schemas = [_schema(index, tool) for index, tool in enumerate(tools)]
    names = [schema["name"] for schema in schemas]
    for index, name in enumerate(names):
        if not _TOOL_NAME.match(name):
            raise ValueError(
                f"tools[{index}] is named {name!r}; OpenAI tool names are 1-64 letters, "
                "digits, '_' or '-'"
            )
        if name in names[:index]:
            raise ValueError(f"tools[{index}]: two tools are named {name!r}")
    if not schemas:
        if tool_choice in ("auto", "none"):
            return {}
        raise ValueError(f"tool_choice={tool_choice!r} needs tools, but none were given")
    return {
        "tools": [_function(schema) for schema in schemas],
        "tool_choice": _choice(tool_choice, names),
    }


def _schema(index: int, tool: Tool | ToolSchema) -> ToolSchema:
    if not isinstance(tool, Mapping) and not hasattr(tool, "schema"):
        raise TypeError(
            f"tools[{index}] is a {type(tool).__name__}; expected a Tool or a ToolSchema dict"
        )
    return tool_schema(tool)


def _function(schema: ToolSchema) -> dict[str, Any]:
    function: dict[str, Any] = {"name": schema["name"]}
    if "description" in schema:
        function["description"] = schema["description"]
    if "parameters" in schema:
        function["parameters"] = dict(schema["parameters"])
    if schema.get("strict"):
        function["strict"] = True
    return {"type": "function", "function": function}


def _choice(tool_choice: ToolChoice, names: list[str]) -> str | dict[str, Any]:
    if tool_choice in _MODES:
        return tool_choice
    if tool_choice not in names:
        raise ValueError(
            f"tool_choice names {tool_choice!r}, which is not among the tools given "
            f"({', '.join(names)}); use one of their names or auto/required/none"
        )
    return {"type": "function", "function": {"name": tool_choice}}
