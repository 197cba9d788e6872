"""OpenAI chat completion client for agentplex, also for OpenAI-compatible servers.

Registered as the model client provider ``openai``. Importing this package is
cheap: the names below load their modules on first access, and the ``openai``
SDK is imported when a client first sends a request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentplex import lazy_exports

if TYPE_CHECKING:
    from ._base import BaseOpenAIChatCompletionClient
    from ._client import OpenAIChatCompletionClient
    from ._config import BaseOpenAIClientConfig, OpenAIClientConfig
    from ._errors import (
        IncompleteStreamError,
        ModelResponseError,
        StructuredOutputError,
        UnsupportedCapabilityError,
    )
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


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


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
