"""Participants speak in a fixed order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Self

from ..agents import BaseChatAgent
from ..components import Component
from ._config import GroupChatConfig, dump_common, load_common
from ._group_chat import BaseGroupChat, Message


class RoundRobinGroupChat(BaseGroupChat, Component[GroupChatConfig]):
    """Each participant speaks in turn, in the order given; a new run resumes the order."""

    component_provider = "round_robin"
    component_config_schema = GroupChatConfig

    def __init__(self, participants: Sequence[BaseChatAgent], **kwargs: Any) -> None:
        super().__init__(participants, **kwargs)
        self._next = 0

    async def select_speaker(self, new_messages: Sequence[Message]) -> BaseChatAgent:
        speaker = self._participants[self._next]
        self._next = (self._next + 1) % len(self._participants)
        return speaker

    def _reset_selection(self) -> None:
        self._next = 0

    def _selection_state(self) -> dict[str, Any]:
        return {"next": self._next}

    def _load_selection_state(self, state: Mapping[str, Any]) -> None:
        self._next = int(state.get("next", 0)) % len(self._participants)

    def _to_config(self) -> GroupChatConfig:
        return GroupChatConfig(**dump_common(self))

    @classmethod
    def _from_config(cls, config: GroupChatConfig) -> Self:
        return cls(**load_common(config))
