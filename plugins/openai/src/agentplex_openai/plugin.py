"""The hooks agentplex calls: the ``openai`` model client provider and default model."""

from __future__ import annotations

import os

from agentplex import hookimpl
from agentplex.hookspecs import DefaultModel, Register

DEFAULT_MODEL_ENV = "AGENTPLEX_OPENAI_MODEL"
DEFAULT_MODEL = "gpt-4o-mini"


@hookimpl
def register_model_clients(register: Register) -> None:
    register("openai", "agentplex_openai:OpenAIChatCompletionClient")


@hookimpl(tryfirst=True)
def default_model_client() -> DefaultModel | None:
    """OpenAI is the default model whenever ``OPENAI_API_KEY`` is set."""
    if not os.environ.get("OPENAI_API_KEY"):
        return None
    model = os.environ.get(DEFAULT_MODEL_ENV, DEFAULT_MODEL)
    spec = {"provider": "openai", "component_type": "model_client", "config": {"model": model}}
    reason = f"OpenAI {model} (OPENAI_API_KEY is set; choose the model with {DEFAULT_MODEL_ENV})"
    return DefaultModel(spec=spec, reason=reason)
