"""The context that shows the model the most recent messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

from pydantic import Field

from ..components import Component
from ..models import LLMMessage
from ._base import ChatCompletionContext, ContextConfig, system_prefix, view, window_start


class BufferedChatCompletionContextConfig(ContextConfig):
    """Config of :class:`BufferedChatCompletionContext`."""

    buffer_size: int = Field(ge=1)


class BufferedChatCompletionContext(
    ChatCompletionContext, Component[BufferedChatCompletionContextConfig]
):
    """Shows the model the last ``buffer_size`` messages.

    A leading :class:`SystemMessage` is kept in front of the window and does not
    count against ``buffer_size``. Function results at the start of the window
    whose calls fell outside it are dropped, so the view may hold fewer than
    ``buffer_size`` messages.
    """

    component_provider = "buffered"
    component_config_schema = BufferedChatCompletionContextConfig

    def __init__(
        self, buffer_size: int, initial_messages: Iterable[LLMMessage] | None = None
    ) -> None:
        if buffer_size < 1:
            raise ValueError(f"buffer_size must be at least 1, got {buffer_size}")
        super().__init__(initial_messages)
        self._buffer_size = buffer_size

    @property
    def buffer_size(self) -> int:
        return self._buffer_size

    async def get_messages(self) -> list[LLMMessage]:
        messages = self._messages
        system = system_prefix(messages)
        start = window_start(messages, max(system, len(messages) - self._buffer_size))
        return view(messages, system, start)

    def _to_config(self) -> BufferedChatCompletionContextConfig:
        return BufferedChatCompletionContextConfig(
            buffer_size=self._buffer_size, initial_messages=self._initial_messages
        )

    @classmethod
    def _from_config(cls, config: BufferedChatCompletionContextConfig) -> Self:
        return cls(config.buffer_size, initial_messages=config.initial_messages)
