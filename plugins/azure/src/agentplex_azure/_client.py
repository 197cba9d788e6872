"""``AzureOpenAIChatCompletionClient``: the OpenAI client's logic on an Azure deployment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from pydantic import SecretStr

from agentplex import ComponentError
from agentplex.components import Component, secret_value
from agentplex_openai import BaseOpenAIChatCompletionClient, Price

from ._config import AzureOpenAIClientConfig
from ._credentials import AzureTokenProvider, AzureTokenProviderConfig, TokenProvider

if TYPE_CHECKING:
    from openai import AsyncOpenAI

_KEY_ENV = ("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN")


class AzureOpenAIChatCompletionClient(
    BaseOpenAIChatCompletionClient, Component[AzureOpenAIClientConfig]
):
    """Chat completions from an Azure OpenAI deployment.

    Requests go to ``{azure_endpoint}/openai/deployments/{azure_deployment}/chat/
    completions?api-version={api_version}``. ``model`` is the model the deployment
    serves (``gpt-4o``, ...): it selects the model info and price. Authenticate
    with ``api_key`` (default ``AZURE_OPENAI_API_KEY``, sent as the ``api-key``
    header) or ``azure_ad_token_provider``, a function returning a bearer token
    (``AzureTokenProvider()`` uses azure-identity's ``DefaultAzureCredential``)::

        client = AzureOpenAIChatCompletionClient(
            azure_deployment="gpt-4o",
            azure_endpoint="https://my-resource.openai.azure.com",
            api_version="2024-10-21",
            model="gpt-4o",
            azure_ad_token_provider=AzureTokenProvider(),
        )

    Everything else behaves as in ``OpenAIChatCompletionClient``.
    """

    component_provider = "azure_openai"
    component_config_schema = AzureOpenAIClientConfig

    def __init__(
        self,
        azure_deployment: str,
        azure_endpoint: str,
        api_version: str,
        model: str,
        api_key: str | SecretStr | None = None,
        azure_ad_token_provider: TokenProvider | None = None,
        timeout: float | None = None,
        max_retries: int = 2,
        model_info: Mapping[str, Any] | None = None,
        default_headers: Mapping[str, str] | None = None,
        prices: Mapping[str, Price] | None = None,
        **create_args: Any,
    ) -> None:
        super().__init__(
            model=model,
            timeout=timeout,
            max_retries=max_retries,
            model_info=model_info,
            default_headers=default_headers,
            prices=prices,
            create_args=create_args,
        )
        key = secret_value(api_key)
        if key is not None and azure_ad_token_provider is not None:
            raise ValueError("pass api_key or azure_ad_token_provider, not both")
        if key is None and azure_ad_token_provider is None and not _env_credentials():
            raise ValueError(
                f"no credentials for Azure deployment '{azure_deployment}': pass api_key=..., "
                "azure_ad_token_provider=... or set AZURE_OPENAI_API_KEY"
            )
        self._api_key = SecretStr(key) if key is not None else None
        self._token_provider = azure_ad_token_provider
        self._azure_deployment = azure_deployment
        self._azure_endpoint = azure_endpoint
        self._api_version = api_version

    def _make_sdk_client(self) -> AsyncOpenAI:
        from openai import AsyncAzureOpenAI

        return AsyncAzureOpenAI(
            azure_endpoint=self._azure_endpoint,
            azure_deployment=self._azure_deployment,
            api_version=self._api_version,
            api_key=secret_value(self._api_key),
            azure_ad_token_provider=self._token_provider,
            **self._sdk_options(),
        )

    def _to_config(self) -> AzureOpenAIClientConfig:
        return AzureOpenAIClientConfig(
            **self._base_config(),
            azure_deployment=self._azure_deployment,
            azure_endpoint=self._azure_endpoint,
            api_version=self._api_version,
            api_key=self._api_key,
            azure_ad_token_provider=self._token_provider_config(),
        )

    def _token_provider_config(self) -> AzureTokenProviderConfig | None:
        provider = self._token_provider
        if provider is None or isinstance(provider, AzureTokenProvider):
            return provider.to_config() if provider is not None else None
        raise ComponentError(
            f"cannot dump the azure_ad_token_provider {provider!r}: a config can only refer to "
            "an AzureTokenProvider (a function's tokens are never written to a config)"
        )

    @classmethod
    def _from_config(cls, config: AzureOpenAIClientConfig) -> Self:
        reference = config.azure_ad_token_provider
        return cls(
            azure_deployment=config.azure_deployment,
            azure_endpoint=config.azure_endpoint,
            api_version=config.api_version,
            api_key=config.api_key,
            azure_ad_token_provider=(
                AzureTokenProvider.from_config(reference) if reference is not None else None
            ),
            **cls._base_arguments(config),
        )


def _env_credentials() -> bool:
    return any(os.environ.get(name) for name in _KEY_ENV)
