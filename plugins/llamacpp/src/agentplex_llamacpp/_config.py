"""The component config of ``LlamaCppChatCompletionClient``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ._model_file import DEFAULT_PACKAGE


class LlamaCppClientConfig(BaseModel):
    """Where the model comes from and how llama.cpp runs it.

    Keys not declared here are create arguments (``temperature``, ``max_tokens``,
    ``seed``, ...), sent with every request.
    """

    model_config = ConfigDict(extra="allow")

    model_path: str | None = None
    model_package: str = DEFAULT_PACKAGE
    model_file: str | None = None
    n_ctx: int = Field(default=2048, gt=0)
    threads: int = Field(default=1, gt=0)
    model_info: dict[str, Any] | None = None
    timeout: float | None = Field(default=None, gt=0)

    @property
    def create_args(self) -> dict[str, Any]:
        return dict(self.model_extra or {})
