"""OpenAIAssistantAgent: an agentplex agent backed by OpenAI's Assistants API.

Registered as the agent provider ``openai_assistant``. Importing this package is
cheap: the ``openai`` SDK is imported when a name below is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentplex import lazy_exports

if TYPE_CHECKING:
    from ._agent import OpenAIAssistantAgent
    from ._config import AssistantClientConfig, OpenAIAssistantAgentConfig
    from ._errors import AssistantRunError, FileIndexingError
    from ._state import OpenAIAssistantAgentState
    from ._tools import AssistantTool, HostedTool

_LAZY = {
    "AssistantClientConfig": "._config",
    "AssistantRunError": "._errors",
    "AssistantTool": "._tools",
    "FileIndexingError": "._errors",
    "HostedTool": "._tools",
    "OpenAIAssistantAgent": "._agent",
    "OpenAIAssistantAgentConfig": "._config",
    "OpenAIAssistantAgentState": "._state",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "AssistantClientConfig",
    "AssistantRunError",
    "AssistantTool",
    "FileIndexingError",
    "HostedTool",
    "OpenAIAssistantAgent",
    "OpenAIAssistantAgentConfig",
    "OpenAIAssistantAgentState",
]
