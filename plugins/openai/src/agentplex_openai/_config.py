"""Component configs of the clients, and checking create arguments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from ._usage import Price

_RESERVED = {
    "messages": "pass the messages to create()",
    "model": "it is the client's model",
    "stream": "call create_stream() to stream",
    "stream_options": "create_stream() sets it",
    "tools": "pass tools=... to create()",
    "tool_choice": "pass tool_choice=... to create()",
    "functions": "pass tools=... to create()",
    "function_call": "pass tool_choice=... to create()",
}
_REQUEST_OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})


class BaseOpenAIClientConfig(BaseModel):
    """Settings shared by the OpenAI and Azure OpenAI clients.

    Keys not declared here are create arguments (``temperature``, ``seed``, ...),
    sent with every request.
    """

    model_config = ConfigDict(extra="allow")

    model: str
    timeout: float | None = Field(default=None, gt=0)
    max_retries: int = Field(default=2, ge=0)
    model_info: dict[str, Any] | None = None
    default_headers: dict[str, str] | None = None
    prices: dict[str, Price] | None = None

    @property
    def create_args(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class OpenAIClientConfig(BaseOpenAIClientConfig):
    """Config of ``OpenAIChatCompletionClient``; a masked ``api_key`` falls back to
    ``OPENAI_API_KEY`` on load."""

    api_key: SecretStr | None = None
    base_url: str | None = None
    organization: str | None = None


def check_create_args(args: Mapping[str, Any], *, where: str) -> dict[str, Any]:
    """``args`` if each is a chat completion parameter a caller may set; else ``ValueError``.

    Parameters the SDK does not know go in ``extra_body={...}``.
    """
    from openai.types.chat.completion_create_params import CompletionCreateParamsBase

    known = (
        CompletionCreateParamsBase.__required_keys__
        | CompletionCreateParamsBase.__optional_keys__
        | _REQUEST_OPTIONS
    )
    for key in args:
        if key in _RESERVED:
            raise ValueError(f"{where}: '{key}' cannot be set here; {_RESERVED[key]}")
        if key not in known:
            raise ValueError(
                f"{where}: '{key}' is not a chat completion parameter; send parameters that "
                "only your server knows in extra_body={...}"
            )
    return dict(args)
