"""The context that shows the model the first and the last messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

from pydantic import Field

from ..components import Component
from ..models import LLMMessage, UserMessage
from ._base import ChatCompletionContext, ContextConfig, head_end, window_start


class HeadAndTailChatCompletionContextConfig(ContextConfig):
    """Config of :class:`HeadAndTailChatCompletionContext`."""

    head_size: int = Field(ge=1)
    tail_size: int = Field(ge=1)


class HeadAndTailChatCompletionContext(
    ChatCompletionContext, Component[HeadAndTailChatCompletionContextConfig]
):
    """Shows the model the first ``head_size`` and the last ``tail_size`` messages.

    When messages are left out, a ``UserMessage("Skipped N messages.",
    source="System")`` stands between head and tail, as in AutoGen: a user turn
    is accepted by every chat API wherever it sits, where an assistant turn
    could be taken for the model's own words. The head always holds a leading
    :class:`SystemMessage`. Neither cut separates a tool call from its result:
    function calls at the end of the head whose results were skipped, and
    function results at the start of the tail whose calls were skipped, are
    skipped too (and counted in N).
    """

    component_provider = "head_and_tail"
    component_config_schema = HeadAndTailChatCompletionContextConfig

    def __init__(
        self, head_size: int, tail_size: int, initial_messages: Iterable[LLMMessage] | None = None
    ) -> None:
        if head_size < 1:
            raise ValueError(f"head_size must be at least 1, got {head_size}")
        if tail_size < 1:
            raise ValueError(f"tail_size must be at least 1, got {tail_size}")
        super().__init__(initial_messages)
        self._head_size = head_size
        self._tail_size = tail_size

    @property
    def head_size(self) -> int:
        return self._head_size

    @property
    def tail_size(self) -> int:
        return self._tail_size

    async def get_messages(self) -> list[LLMMessage]:
        messages = self._messages
        total = len(messages)
        if total <= self._head_size + self._tail_size:
            return list(messages)
        end = head_end(messages, self._head_size)
        start = window_start(messages, total - self._tail_size)
        note = UserMessage(content=f"Skipped {start - end} messages.", source="System")
        return [*messages[:end], note, *messages[start:]]

    def _to_config(self) -> HeadAndTailChatCompletionContextConfig:
        return HeadAndTailChatCompletionContextConfig(
            head_size=self._head_size,
            tail_size=self._tail_size,
            initial_messages=self._initial_messages,
        )

    @classmethod
    def _from_config(cls, config: HeadAndTailChatCompletionContextConfig) -> Self:
        return cls(config.head_size, config.tail_size, initial_messages=config.initial_messages)
