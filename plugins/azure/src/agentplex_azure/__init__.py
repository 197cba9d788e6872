"""Azure OpenAI chat completion client for agentplex, built on agentplex-openai.

Registered as the model client provider ``azure_openai``.
"""

from ._client import AzureOpenAIChatCompletionClient
from ._config import AzureOpenAIClientConfig
from ._credentials import (
    DEFAULT_SCOPE,
    AzureTokenProvider,
    AzureTokenProviderConfig,
    TokenProvider,
)

__all__ = [
    "DEFAULT_SCOPE",
    "AzureOpenAIChatCompletionClient",
    "AzureOpenAIClientConfig",
    "AzureTokenProvider",
    "AzureTokenProviderConfig",
    "TokenProvider",
]
