"""The hooks agentplex calls: the ``openai_assistant`` agent provider."""

from __future__ import annotations

from agentplex import hookimpl
from agentplex.hookspecs import Register


@hookimpl
def register_agents(register: Register) -> None:
    register("openai_assistant", "agentplex_assistant:OpenAIAssistantAgent")
