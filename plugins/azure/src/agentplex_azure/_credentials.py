"""Microsoft Entra ID (AAD) tokens for Azure OpenAI, and their serialisable reference."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Final, Literal

from pydantic import BaseModel, Field

DEFAULT_SCOPE: Final = "https://cognitiveservices.azure.com/.default"

TokenProvider = Callable[[], "str | Awaitable[str]"]
"""What ``azure_ad_token_provider`` accepts: a function giving a bearer token, sync or async."""


class AzureTokenProviderConfig(BaseModel):
    """A reference to a kind of credential and its scopes; never a token.

    ``azure_identity_default`` is rebuilt as azure-identity's
    ``DefaultAzureCredential`` wrapped in ``get_bearer_token_provider``.
    """

    kind: Literal["azure_identity_default"] = "azure_identity_default"
    scopes: list[str] = Field(default_factory=lambda: [DEFAULT_SCOPE], min_length=1)


class AzureTokenProvider:
    """Bearer tokens from azure-identity's ``DefaultAzureCredential`` (extra ``aad``).

    The credential is created at the first token request; without azure-identity
    installed, that request raises an ``ImportError`` saying what to install.
    Token requests run in a worker thread, since the credential may call the
    network. A client given this provider dumps it as an
    :class:`AzureTokenProviderConfig`.
    """

    def __init__(self, scopes: Sequence[str] = (DEFAULT_SCOPE,)) -> None:
        self._config = AzureTokenProviderConfig(scopes=list(scopes))
        self._get_token: Callable[[], str] | None = None

    @property
    def scopes(self) -> list[str]:
        return list(self._config.scopes)

    def to_config(self) -> AzureTokenProviderConfig:
        return self._config.model_copy(deep=True)

    @classmethod
    def from_config(cls, config: AzureTokenProviderConfig) -> AzureTokenProvider:
        return cls(config.scopes)

    async def __call__(self) -> str:
        if self._get_token is None:
            self._get_token = _default_credential_tokens(self._config.scopes)
        return await asyncio.to_thread(self._get_token)

    def __repr__(self) -> str:
        return f"AzureTokenProvider(scopes={self._config.scopes!r})"


def _default_credential_tokens(scopes: Sequence[str]) -> Callable[[], str]:
    try:
        from azure.identity import DefaultAzureCredential, get_bearer_token_provider
    except ImportError as exc:
        raise ImportError(
            "AzureTokenProvider needs azure-identity: pip install 'agentplex-azure[aad]'"
        ) from exc
    provider: Callable[[], str] = get_bearer_token_provider(DefaultAzureCredential(), *scopes)
    return provider
