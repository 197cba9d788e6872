"""The context that shows the model every message."""

from __future__ import annotations

from typing import Self

from ..components import Component
from ..models import LLMMessage
from ._base import ChatCompletionContext, ContextConfig


class UnboundedChatCompletionContextConfig(ContextConfig):
    """Config of :class:`UnboundedChatCompletionContext`."""


class UnboundedChatCompletionContext(
    ChatCompletionContext, Component[UnboundedChatCompletionContextConfig]
):
    """Shows the model the whole history, unchanged."""

    component_provider = "unbounded"
    component_config_schema = UnboundedChatCompletionContextConfig

    async def get_messages(self) -> list[LLMMessage]:
        return list(self._messages)

    def _to_config(self) -> UnboundedChatCompletionContextConfig:
        return UnboundedChatCompletionContextConfig(initial_messages=self._initial_messages)

    @classmethod
    def _from_config(cls, config: UnboundedChatCompletionContextConfig) -> Self:
        return cls(initial_messages=config.initial_messages)
