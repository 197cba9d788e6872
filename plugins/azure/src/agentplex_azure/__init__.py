"""Azure OpenAI chat completion client for agentplex, built on agentplex-openai.

Registered as the model client provider ``azure_openai``. Importing this package
is cheap: the names below load their modules (and agentplex-openai's) on first
access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentplex import lazy_exports

if TYPE_CHECKING:
    from ._client import AzureOpenAIChatCompletionClient
    from ._config import AzureOpenAIClientConfig
    from ._credentials import (
        DEFAULT_SCOPE,
        AzureTokenProvider,
        AzureTokenProviderConfig,
        TokenProvider,
    )

_LAZY = {
    "DEFAULT_SCOPE": "._credentials",
    "AzureOpenAIChatCompletionClient": "._client",
    "AzureOpenAIClientConfig": "._config",
    "AzureTokenProvider": "._credentials",
    "AzureTokenProviderConfig": "._credentials",
    "TokenProvider": "._credentials",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "DEFAULT_SCOPE",
    "AzureOpenAIChatCompletionClient",
    "AzureOpenAIClientConfig",
    "AzureTokenProvider",
    "AzureTokenProviderConfig",
    "TokenProvider",
]
