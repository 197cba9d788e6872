"""Config fields every group chat shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..agents import BaseChatAgent
from ..components import ComponentModel
from ..conditions import TerminationCondition

if TYPE_CHECKING:
    from ._group_chat import BaseGroupChat


class GroupChatConfig(BaseModel):
    participants: list[ComponentModel]
    name: str | None = None
    termination_condition: ComponentModel | None = None
    max_turns: int | None = None


def dump_common(team: BaseGroupChat) -> dict[str, Any]:
    condition = team.termination_condition
    return {
        "participants": [agent.dump_component() for agent in team.participants],
        "name": team.name,
        "termination_condition": condition.dump_component() if condition else None,
        "max_turns": team.max_turns,
    }


def load_common(config: GroupChatConfig) -> dict[str, Any]:
    condition = config.termination_condition
    return {
        "participants": [BaseChatAgent.load_component(p) for p in config.participants],
        "name": config.name,
        "termination_condition": TerminationCondition.load_component(condition)
        if condition
        else None,
        "max_turns": config.max_turns,
    }
