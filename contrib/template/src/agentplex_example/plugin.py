"""The hooks agentplex calls: the ``example`` tool provider.

Register classes as ``"module:Class"`` strings, so that nothing is imported
until a spec or a user asks for the provider.
"""

from __future__ import annotations

from agentplex import hookimpl
from agentplex.hookspecs import Register


@hookimpl
def register_tools(register: Register) -> None:
    register("example", "agentplex_example:ExampleTool")
