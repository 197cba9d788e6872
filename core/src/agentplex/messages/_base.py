"""What every chat message and agent event carries."""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

from ..models import RequestUsage, UserMessage


def _new_id() -> str:
    return uuid.uuid4().hex


def _now() -> datetime:
    return datetime.now(UTC)


class BaseMessage(BaseModel, ABC):
    """Common fields: who sent it, what it cost, free metadata, an id and a time."""

    model_config = ConfigDict(extra="forbid")

    source: str
    models_usage: RequestUsage | None = None
    metadata: dict[str, str] = Field(default_factory=dict)
    id: str = Field(default_factory=_new_id)
    created_at: datetime = Field(default_factory=_now)

    @abstractmethod
    def to_text(self) -> str:
        """The message as text for a person or a console."""


class BaseChatMessage(BaseMessage):
    """A message agents send each other; it becomes part of the conversation."""

    def to_model_text(self) -> str:
        """The message as text for a model."""
        return self.to_text()

    def to_model_message(self) -> UserMessage:
        """The message as a model sees it when another agent sent it."""
        return UserMessage(content=self.to_model_text(), source=self.source)


class BaseAgentEvent(BaseMessage):
    """Something that happened inside an agent (tool calls, streaming, ...)."""


class BaseTextChatMessage(BaseChatMessage):
    """A chat message whose content is text."""

    content: str

    def to_text(self) -> str:
        return self.content
