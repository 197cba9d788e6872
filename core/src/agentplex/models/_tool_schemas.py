"""The schemas of the tools a client is given (tools or schemas, mixed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..tools import Tool, ToolSchema


def tool_schemas(tools: Sequence[Tool | ToolSchema]) -> list[ToolSchema]:
    """Each entry's schema: a ``ToolSchema`` as is, a tool's ``.schema``.

    Anything else is a ``TypeError`` naming its position.
    """
    schemas: list[ToolSchema] = []
    for index, tool in enumerate(tools):
        if isinstance(tool, Mapping):
            schemas.append(tool)
        elif hasattr(tool, "schema"):
            schemas.append(tool.schema)
        else:
            raise TypeError(
                f"tools[{index}] is a {type(tool).__name__}; expected a Tool or a ToolSchema dict"
            )
    return schemas
