"""The contract every chat completion context implements, and its saved state."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_serializer

from ..components import ComponentBase, describe_errors
from ..models import (
    AssistantMessage,
    FunctionExecutionResultMessage,
    LLMMessage,
    SystemMessage,
    UserMessage,
)

STATE_VERSION = 1
"""Version of the layout :meth:`ChatCompletionContext.save_state` writes."""

_MESSAGE_TYPES = (SystemMessage, UserMessage, AssistantMessage, FunctionExecutionResultMessage)


class ChatCompletionContextState(BaseModel):
    """What :meth:`ChatCompletionContext.save_state` returns, as a model."""

    # Built on first use: importing the package should not pay for the message union.
    model_config = ConfigDict(extra="forbid", defer_build=True)

    version: int = STATE_VERSION
    messages: list[LLMMessage] = Field(default_factory=list)


class ChatCompletionContext(ComponentBase, ABC):
    """Holds an agent's message history and decides which part of it the model sees.

    The full history is kept (and saved by :meth:`save_state`); implementations
    differ in the view :meth:`get_messages` returns.
    """

    component_type = "model_context"

    def __init__(self, initial_messages: Iterable[LLMMessage] | None = None) -> None:
        self._initial_messages = [_checked(m, "initial_messages") for m in initial_messages or ()]
        self._messages: list[LLMMessage] = list(self._initial_messages)

    async def add_message(self, message: LLMMessage) -> None:
        """Append ``message`` to the history."""
        self._messages.append(_checked(message, "add_message()"))

    @abstractmethod
    async def get_messages(self) -> list[LLMMessage]:
        """The messages to send to the model (a new list the caller may change)."""

    async def clear(self) -> None:
        """Forget every message, the initial ones included."""
        self._messages = []
        self._history_changed()

    async def save_state(self) -> dict[str, Any]:
        """The full history as JSON-safe data: ``{"version": 1, "messages": [...]}``."""
        return ChatCompletionContextState(messages=self._messages).model_dump(mode="json")

    async def load_state(self, state: Mapping[str, Any]) -> None:
        """Replace the history with one saved by :meth:`save_state`.

        Raises ``ValueError`` naming the problem when ``state`` is not such a dict.
        """
        if not isinstance(state, Mapping):
            raise ValueError(
                f"{type(self).__name__} state must be a mapping, got {type(state).__name__}"
            )
        if "version" not in state:
            raise ValueError(
                f"{type(self).__name__} state has no 'version' key; pass what save_state() returned"
            )
        version = state["version"]
        if version != STATE_VERSION:
            raise ValueError(
                f"{type(self).__name__} state has version {version!r}; this agentplex reads "
                f"version {STATE_VERSION}"
            )
        try:
            loaded = ChatCompletionContextState.model_validate(state)
        except ValidationError as exc:
            raise ValueError(
                f"invalid {type(self).__name__} state: {describe_errors(exc)}"
            ) from None
        self._messages = loaded.messages
        self._history_changed()

    def _history_changed(self) -> None:
        """Hook for views that cache something about the history; called on clear and load."""


class ContextConfig(BaseModel):
    """Config fields every built-in context shares."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    initial_messages: list[LLMMessage] | None = None

    @field_serializer("initial_messages")
    def _as_json(self, messages: list[LLMMessage] | None) -> list[dict[str, Any]] | None:
        # JSON mode even in a python dump, so image bytes come out as base64.
        return None if messages is None else [m.model_dump(mode="json") for m in messages]


def _checked(message: object, where: str) -> LLMMessage:
    if not isinstance(message, _MESSAGE_TYPES):
        raise TypeError(
            f"{where} takes an LLM message (SystemMessage, UserMessage, AssistantMessage or "
            f"FunctionExecutionResultMessage), got {type(message).__name__}"
        )
    return message


def window_start(messages: list[LLMMessage], start: int) -> int:
    """``start`` moved past function results whose calls lie before it (orphans)."""
    while start < len(messages) and isinstance(messages[start], FunctionExecutionResultMessage):
        start += 1
    return start


def head_end(messages: list[LLMMessage], end: int) -> int:
    """``end`` moved before function calls whose results lie after it."""
    while end > 0 and _is_call(messages[end - 1]):
        end -= 1
    return end


def system_prefix(messages: list[LLMMessage]) -> int:
    """1 when the history starts with a :class:`SystemMessage` (always kept), else 0."""
    return 1 if messages and isinstance(messages[0], SystemMessage) else 0


def view(messages: list[LLMMessage], system: int, start: int) -> list[LLMMessage]:
    """The leading system message (when ``system`` is 1) and the messages from ``start``."""
    return [messages[0], *messages[start:]] if system else messages[start:]


def _is_call(message: LLMMessage) -> bool:
    return isinstance(message, AssistantMessage) and isinstance(message.content, list)
