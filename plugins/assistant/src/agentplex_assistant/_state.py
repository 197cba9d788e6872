"""The agent's saved state: which remote objects it uses, and which of them it made."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agentplex.agents import StateError, check_state
from agentplex.components import describe_errors

STATE_TYPE: Final = "OpenAIAssistantAgentState"
STATE_VERSION: Final = 1


class OpenAIAssistantAgentState(BaseModel):
    """What :meth:`OpenAIAssistantAgent.save_state` returns (as a JSON-safe dict).

    ``initial_message_ids`` is None until the thread's messages were first recorded;
    a reset deletes only messages that are not in it.
    """

    model_config = ConfigDict(extra="forbid")

    type: Literal["OpenAIAssistantAgentState"] = STATE_TYPE
    version: int = STATE_VERSION
    assistant_id: str | None = None
    created_assistant: bool = False
    """The agent created the assistant, so :meth:`delete_assistant` may delete it."""
    thread_id: str | None = None
    initial_message_ids: list[str] | None = None
    vector_store_id: str | None = None
    """The vector store the agent created for ``file_search`` uploads."""
    uploaded_file_ids: list[str] = Field(default_factory=list)


def parse_state(state: Mapping[str, Any]) -> OpenAIAssistantAgentState:
    """Validate saved state; a clear :class:`StateError` when it is not this agent's."""
    data = check_state(state, STATE_TYPE, STATE_VERSION)
    try:
        return OpenAIAssistantAgentState.model_validate(data)
    except ValidationError as exc:
        raise StateError(f"invalid {STATE_TYPE}: {describe_errors(exc)}") from None
