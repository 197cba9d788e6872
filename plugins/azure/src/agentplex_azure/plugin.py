"""The hooks agentplex calls: the ``azure_openai`` model client provider."""

from __future__ import annotations

from agentplex import hookimpl
from agentplex.hookspecs import Register


@hookimpl
def register_model_clients(register: Register) -> None:
    register("azure_openai", "agentplex_azure:AzureOpenAIChatCompletionClient")
