"""The speaker changes only when an agent hands off."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Self

from ..agents import BaseChatAgent
from ..components import Component
from ..messages import HandoffMessage
from ._config import GroupChatConfig, dump_common, load_common
from ._group_chat import BaseGroupChat, Message, StopRun


class Swarm(BaseGroupChat, Component[GroupChatConfig]):
    """The first participant starts; whoever a :class:`HandoffMessage` targets speaks next.

    Without a handoff the current speaker keeps the turn. A handoff to a name
    that is not a participant ends the run with that as the stop reason unless a
    termination condition (e.g. ``HandoffTermination("user")``) stops it first.
    """

    component_provider = "swarm"
    component_config_schema = GroupChatConfig

    def __init__(self, participants: Sequence[BaseChatAgent], **kwargs: Any) -> None:
        super().__init__(participants, **kwargs)
        self._current = self._participants[0].name

    async def select_speaker(self, new_messages: Sequence[Message]) -> BaseChatAgent:
        for message in reversed(new_messages):
            if isinstance(message, HandoffMessage):
                if message.target not in self._by_name:
                    raise StopRun(
                        f"{message.source} handed off to '{message.target}', which is not a "
                        f"participant of {self._name}"
                    )
                self._current = message.target
                break
        return self._by_name[self._current]

    def _reset_selection(self) -> None:
        self._current = self._participants[0].name

    def _selection_state(self) -> dict[str, Any]:
        return {"current": self._current}

    def _load_selection_state(self, state: Mapping[str, Any]) -> None:
        current = state.get("current", self._participants[0].name)
        if current not in self._by_name:
            raise ValueError(f"saved speaker '{current}' is not a participant")
        self._current = current

    def _to_config(self) -> GroupChatConfig:
        return GroupChatConfig(**dump_common(self))

    @classmethod
    def _from_config(cls, config: GroupChatConfig) -> Self:
        return cls(**load_common(config))
