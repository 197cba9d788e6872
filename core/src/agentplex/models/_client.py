"""The contract every chat completion client implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Self

from pydantic import BaseModel

from .._cancellation import CancellationToken
from ..components import ComponentBase
from ._messages import LLMMessage
from ._model_info import ModelInfo
from ._results import CreateResult, RequestUsage

if TYPE_CHECKING:
    from ..tools import Tool, ToolSchema

ToolChoice = Literal["auto", "required", "none"] | str
"""``auto``, ``required``, ``none``, or the name of one tool the model must call."""


class ChatCompletionClient(ComponentBase, ABC):
    """Talks to a chat model. Implementations live in plugins (and ``replay`` in the core).

    ``create_stream`` yields text chunks as they arrive, then exactly one
    :class:`CreateResult` with the whole answer.
    """

    component_type = "model_client"

    @abstractmethod
    async def create(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = (),
        tool_choice: ToolChoice = "auto",
        json_output: bool | type[BaseModel] | None = None,
        extra_create_args: Mapping[str, Any] | None = None,
        cancellation_token: CancellationToken | None = None,
    ) -> CreateResult:
        """Ask the model once. ``json_output`` is JSON mode (True) or a structured type."""

    @abstractmethod
    def create_stream(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = (),
        tool_choice: ToolChoice = "auto",
        json_output: bool | type[BaseModel] | None = None,
        extra_create_args: Mapping[str, Any] | None = None,
        cancellation_token: CancellationToken | None = None,
    ) -> AsyncGenerator[str | CreateResult, None]:
        """Like :meth:`create`, streaming text chunks before the final result."""

    async def close(self) -> None:
        """Release connections and other resources."""

    @abstractmethod
    def actual_usage(self) -> RequestUsage:
        """Usage of calls that reached the model (cache hits excluded)."""

    @abstractmethod
    def total_usage(self) -> RequestUsage:
        """Usage of every call, cache hits included."""

    @abstractmethod
    def count_tokens(
        self, messages: Sequence[LLMMessage], *, tools: Sequence[Tool | ToolSchema] = ()
    ) -> int:
        """Tokens ``messages`` and ``tools`` take in a prompt (an estimate where exactness
        is impossible)."""

    @abstractmethod
    def remaining_tokens(
        self, messages: Sequence[LLMMessage], *, tools: Sequence[Tool | ToolSchema] = ()
    ) -> int:
        """Tokens left in the context window after ``messages`` and ``tools``."""

    @property
    @abstractmethod
    def model_info(self) -> ModelInfo:
        """What the model can do."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
