"""OpenAI chat completion client for agentplex, also for OpenAI-compatible servers.

Registered as the model client provider ``openai``. The ``openai`` SDK is
imported when a client first sends a request, not when this package is imported.

The names below load their modules on first access.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._base import BaseOpenAIChatCompletionClient
    from ._client import OpenAIChatCompletionClient
    from ._config import BaseOpenAIClientConfig, OpenAIClientConfig
    from ._errors import IncompleteStreamError, ModelResponseError, StructuredOutputError, UnsupportedCapabilityError
    from ._model_info import OPENAI_MODELS
    from ._usage import OPENAI_PRICES, Price

_LAZY = {
    "OPENAI_MODELS": "._model_info",
    "OPENAI_PRICES": "._usage",
    "BaseOpenAIChatCompletionClient": "._base",
    "BaseOpenAIClientConfig": "._config",
    "IncompleteStreamError": "._errors",
    "ModelResponseError": "._errors",
    "OpenAIChatCompletionClient": "._client",
    "OpenAIClientConfig": "._config",
    "Price": "._usage",
    "StructuredOutputError": "._errors",
    "UnsupportedCapabilityError": "._errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "OPENAI_MODELS",
    "OPENAI_PRICES",
    "BaseOpenAIChatCompletionClient",
    "BaseOpenAIClientConfig",
    "IncompleteStreamError",
    "ModelResponseError",
    "OpenAIChatCompletionClient",
    "OpenAIClientConfig",
    "Price",
    "StructuredOutputError",
    "UnsupportedCapabilityError",
]
