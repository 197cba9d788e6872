"""Agents: things that answer chat messages.

The less common agents (code executor, society of mind, user proxy) load their
modules on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports
from ._assistant import AssistantAgent
from ._assistant_config import AssistantAgentConfig
from ._base import BaseChatAgent, StreamItem
from ._handoff import Handoff
from ._state import StateError, check_state
from ._structured import StructuredOutputError
from ._team import Team

if TYPE_CHECKING:
    from ._code_executor import ApprovalFunc, CodeExecutorAgent, CodeExecutorAgentConfig
    from ._society_of_mind import SocietyOfMindAgent
    from ._user_proxy import InputFunc, UserProxyAgent, UserProxyAgentConfig

_LAZY = {
    "ApprovalFunc": "._code_executor",
    "CodeExecutorAgent": "._code_executor",
    "CodeExecutorAgentConfig": "._code_executor",
    "InputFunc": "._user_proxy",
    "SocietyOfMindAgent": "._society_of_mind",
    "UserProxyAgent": "._user_proxy",
    "UserProxyAgentConfig": "._user_proxy",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "ApprovalFunc",
    "AssistantAgent",
    "AssistantAgentConfig",
    "BaseChatAgent",
    "CodeExecutorAgent",
    "CodeExecutorAgentConfig",
    "Handoff",
    "InputFunc",
    "SocietyOfMindAgent",
    "StateError",
    "StreamItem",
    "StructuredOutputError",
    "Team",
    "UserProxyAgent",
    "UserProxyAgentConfig",
    "check_state",
]
