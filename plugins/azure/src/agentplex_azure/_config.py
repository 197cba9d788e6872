"""Component config of the Azure OpenAI client."""

from __future__ import annotations

from pydantic import SecretStr

from agentplex_openai import BaseOpenAIClientConfig

from ._credentials import AzureTokenProviderConfig


class AzureOpenAIClientConfig(BaseOpenAIClientConfig):
    """Config of ``AzureOpenAIChatCompletionClient``; a masked ``api_key`` falls back to
    ``AZURE_OPENAI_API_KEY`` on load."""

    azure_deployment: str
    azure_endpoint: str
    api_version: str
    api_key: SecretStr | None = None
    azure_ad_token_provider: AzureTokenProviderConfig | None = None
