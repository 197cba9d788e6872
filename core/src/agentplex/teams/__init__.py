"""Teams: agents taking turns on a shared conversation.

The selector and swarm teams load their modules on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports
from ..agents import Team
from ._group_chat import BaseGroupChat, StopRun
from ._round_robin import RoundRobinGroupChat

if TYPE_CHECKING:
    from ._selector import DEFAULT_SELECTOR_PROMPT, SelectorGroupChat
    from ._swarm import Swarm

_LAZY = {
    "DEFAULT_SELECTOR_PROMPT": "._selector",
    "SelectorGroupChat": "._selector",
    "Swarm": "._swarm",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "DEFAULT_SELECTOR_PROMPT",
    "BaseGroupChat",
    "RoundRobinGroupChat",
    "SelectorGroupChat",
    "StopRun",
    "Swarm",
    "Team",
]
