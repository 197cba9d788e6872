"""OpenAI chat completion client for agentplex, also for OpenAI-compatible servers.

Registered as the model client provider ``openai``. The ``openai`` SDK is
imported when a client first sends a request, not when this package is imported.
"""

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
