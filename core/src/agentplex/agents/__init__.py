"""Agents: things that answer chat messages."""

from ._assistant import AssistantAgent
from ._assistant_config import AssistantAgentConfig
from ._base import BaseChatAgent, StreamItem
from ._code_executor import ApprovalFunc, CodeExecutorAgent, CodeExecutorAgentConfig
from ._handoff import Handoff
from ._society_of_mind import SocietyOfMindAgent
from ._state import StateError, check_state
from ._structured import StructuredOutputError
from ._team import Team
from ._user_proxy import InputFunc, UserProxyAgent, UserProxyAgentConfig

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
