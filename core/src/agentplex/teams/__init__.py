"""Teams: agents taking turns on a shared conversation."""

from ..agents import Team
from ._group_chat import BaseGroupChat, StopRun
from ._round_robin import RoundRobinGroupChat
from ._selector import DEFAULT_SELECTOR_PROMPT, SelectorGroupChat
from ._swarm import Swarm

__all__ = [
    "DEFAULT_SELECTOR_PROMPT",
    "BaseGroupChat",
    "RoundRobinGroupChat",
    "SelectorGroupChat",
    "StopRun",
    "Swarm",
    "Team",
]
