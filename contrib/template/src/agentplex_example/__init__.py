"""The example plugin for agentplex: registers the tool provider ``example``."""

from ._tool import ExampleArgs, ExampleTool, ExampleToolConfig

__all__ = ["ExampleArgs", "ExampleTool", "ExampleToolConfig"]
