"""The hooks agentplex calls: the ``echo`` model client provider."""

from __future__ import annotations

from agentplex import hookimpl
from agentplex.hookspecs import Register


@hookimpl
def register_model_clients(register: Register) -> None:
    register("echo", "agentplex_echo:EchoChatCompletionClient")
