"""The example plugin for agentplex: registers the tool provider ``example``.

The names below load their modules on first access, so discovering the plugin stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentplex import lazy_exports

if TYPE_CHECKING:
    from ._tool import ExampleArgs, ExampleTool, ExampleToolConfig

_LAZY = {
    "ExampleArgs": "._tool",
    "ExampleTool": "._tool",
    "ExampleToolConfig": "._tool",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "ExampleArgs",
    "ExampleTool",
    "ExampleToolConfig",
]
