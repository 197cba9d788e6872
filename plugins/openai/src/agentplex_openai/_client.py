"""``OpenAIChatCompletionClient``: OpenAI's API, or any OpenAI-compatible server."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from pydantic import SecretStr

from agentplex.components import Component, secret_value

from ._base import BaseOpenAIChatCompletionClient
from ._config import OpenAIClientConfig
from ._usage import Price

if TYPE_CHECKING:
    from openai import AsyncOpenAI


class OpenAIChatCompletionClient(BaseOpenAIChatCompletionClient, Component[OpenAIClientConfig]):
    """Chat completions from OpenAI, or from an OpenAI-compatible server at ``base_url``
    (vLLM, llama.cpp, Ollama, OpenRouter, ...).

    ``api_key`` defaults to ``OPENAI_API_KEY``. ``model_info`` declares what a
    model unknown to the built-in table can do; without it such a model gets
    conservative defaults and an ``UnknownModelWarning``. ``prices`` adds to or
    overrides the built-in price table (``OPENAI_PRICES``) that fills
    ``RequestUsage.cost``. Other keyword arguments (``temperature``, ``seed``,
    ``max_completion_tokens``, ``extra_body``, ...) are sent with every request::

        client = OpenAIChatCompletionClient("gpt-4o", temperature=0)
        result = await client.create([UserMessage(content="Hi")])

        local = OpenAIChatCompletionClient(
            "smollm2",
            base_url="http://127.0.0.1:8080/v1",
            api_key="none",
            model_info={"vision": False, "function_calling": False, "json_output": True,
                        "structured_output": True, "family": "smollm"},
        )
    """

    component_provider = "openai"
    component_config_schema = OpenAIClientConfig

    def __init__(
        self,
        model: str,
        api_key: str | SecretStr | None = None,
        base_url: str | None = None,
        organization: str | None = None,
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
        if key is None and not os.environ.get("OPENAI_API_KEY"):
            raise ValueError(
                f"no API key for model '{model}': pass api_key=... or set OPENAI_API_KEY "
                "(any non-empty value for a server that needs none)"
            )
        self._api_key = SecretStr(key) if key is not None else None
        self._base_url = base_url
        self._organization = organization

    def _make_sdk_client(self) -> AsyncOpenAI:
        from openai import AsyncOpenAI

        return AsyncOpenAI(
            api_key=secret_value(self._api_key),
            base_url=self._base_url,
            organization=self._organization,
            **self._sdk_options(),
        )

    def _to_config(self) -> OpenAIClientConfig:
        return OpenAIClientConfig(
            **self._base_config(),
            api_key=self._api_key,
            base_url=self._base_url,
            organization=self._organization,
        )

    @classmethod
    def _from_config(cls, config: OpenAIClientConfig) -> Self:
        return cls(
            **cls._base_arguments(config),
            api_key=config.api_key,
            base_url=config.base_url,
            organization=config.organization,
        )
