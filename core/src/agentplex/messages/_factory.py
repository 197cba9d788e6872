"""Turn saved message dicts back into message objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from ._base import BaseMessage
from ._chat import (
    HandoffMessage,
    MultiModalMessage,
    StopMessage,
    TextMessage,
    ToolCallSummaryMessage,
    UntypedStructuredMessage,
)
from ._events import (
    MemoryQueryEvent,
    ModelClientStreamingChunkEvent,
    ThoughtEvent,
    ToolCallExecutionEvent,
    ToolCallRequestEvent,
    UserInputRequestedEvent,
)


class MessageFactory:
    """Builds messages from dicts by their ``type``; custom types can be registered."""

    def __init__(self) -> None:
        self._types: dict[str, type[BaseMessage]] = {}
        for cls in (
            TextMessage,
            StopMessage,
            ToolCallSummaryMessage,
            HandoffMessage,
            MultiModalMessage,
            ToolCallRequestEvent,
            ToolCallExecutionEvent,
            ModelClientStreamingChunkEvent,
            ThoughtEvent,
            MemoryQueryEvent,
            UserInputRequestedEvent,
        ):
            self.register(cls)
        self._types["StructuredMessage"] = UntypedStructuredMessage

    def register(self, cls: type[BaseMessage]) -> None:
        """Make ``cls`` loadable; its ``type`` field default names it."""
        name = cls.model_fields["type"].default
        if not isinstance(name, str):
            raise TypeError(f"{cls.__name__} needs a 'type' field with a string default")
        self._types[name] = cls

    def is_registered(self, cls: type[BaseMessage]) -> bool:
        name = cls.model_fields["type"].default
        return isinstance(name, str) and name in self._types

    def create(self, data: Mapping[str, Any]) -> BaseMessage:
        """The message ``data`` describes; a clear error for an unknown or invalid one."""
        kind = data.get("type")
        cls = self._types.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise ValueError(
                f"unknown message type {kind!r}; known: {', '.join(sorted(self._types))}"
            )
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ValueError(f"invalid {kind}: {exc}") from None


default_message_factory = MessageFactory()
