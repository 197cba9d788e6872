"""OpenAIAssistantAgent: an agentplex agent backed by OpenAI's Assistants API.

Registered as the agent provider ``openai_assistant``. Importing this package is
cheap: the ``openai`` SDK is imported when a name below is first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


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
