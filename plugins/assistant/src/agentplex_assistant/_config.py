"""The component config: the agent's settings and how to reach the API again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from agentplex import ComponentError
from agentplex.components import ComponentModel, secret_value

from ._tools import HostedTool

if TYPE_CHECKING:
    from openai import AsyncOpenAI

_MISSING_KEY = "<missing API key>"  # what an Azure client holds when it uses Entra ID tokens


class AssistantClientConfig(BaseModel):
    """The connection settings of an ``AsyncOpenAI`` / ``AsyncAzureOpenAI`` client.

    A config cannot hold the client itself; it holds these and builds a new client
    on load. A masked or absent ``api_key`` is taken from the environment then
    (``OPENAI_API_KEY``; for Azure ``AZURE_OPENAI_API_KEY`` or ``AZURE_OPENAI_AD_TOKEN``).
    Custom headers, an HTTP client and token providers are not carried.
    """

    model_config = ConfigDict(extra="forbid")

    kind: Literal["openai", "azure"] = "openai"
    base_url: str
    api_key: SecretStr | None = None
    api_version: str | None = None
    """Azure only: the ``api-version`` of every request."""
    organization: str | None = None
    project: str | None = None
    timeout: float | None = Field(default=None, gt=0)
    """Seconds per request; None is the SDK's default."""
    max_retries: int = Field(default=2, ge=0)

    @classmethod
    def from_client(cls, client: AsyncOpenAI) -> AssistantClientConfig:
        """The settings of ``client``."""
        from openai import AsyncAzureOpenAI

        key = client.api_key if client.api_key and client.api_key != _MISSING_KEY else None
        timeout = client.timeout if isinstance(client.timeout, int | float) else None
        settings: dict[str, Any] = {
            "base_url": str(client.base_url),
            "api_key": SecretStr(key) if key is not None else None,
            "organization": client.organization,
            "project": client.project,
            "timeout": timeout,
            "max_retries": client.max_retries,
        }
        if isinstance(client, AsyncAzureOpenAI):
            settings.update(kind="azure", api_version=str(client.default_query["api-version"]))
        return cls(**settings)

    def to_client(self) -> AsyncOpenAI:
        """A new client with these settings."""
        from openai import AsyncAzureOpenAI, AsyncOpenAI, OpenAIError

        options: dict[str, Any] = {
            "base_url": self.base_url,
            "api_key": secret_value(self.api_key),
            "organization": self.organization,
            "project": self.project,
            "max_retries": self.max_retries,
        }
        if self.timeout is not None:
            options["timeout"] = self.timeout
        try:
            if self.kind == "azure":
                return AsyncAzureOpenAI(api_version=self.api_version, **options)
            return AsyncOpenAI(**options)
        except (OpenAIError, ValueError) as exc:
            raise ComponentError(f"cannot build the {self.kind} client: {exc}") from exc


class OpenAIAssistantAgentConfig(BaseModel):
    """Config of :class:`OpenAIAssistantAgent`; function tools nest as component specs.

    ``assistant_id`` and ``thread_id`` are the ones given to the constructor: the
    assistant and thread an agent creates later belong to its state, not its config.
    """

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str
    client: AssistantClientConfig
    model: str
    instructions: str
    tools: list[HostedTool | ComponentModel] = Field(default_factory=list)
    assistant_id: str | None = None
    thread_id: str | None = None
    metadata: dict[str, str] | None = None
    response_format: str | dict[str, Any] | None = None
    temperature: float | None = None
    tool_resources: dict[str, Any] | None = None
    top_p: float | None = None
