"""Messages agents exchange."""

from __future__ import annotations

import json
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from .._function_call import FunctionCall
from .._image import Image
from ..models import FunctionExecutionResult, LLMMessage, UserMessage
from ._base import BaseChatMessage, BaseTextChatMessage

StructuredT = TypeVar("StructuredT", bound=BaseModel)


class TextMessage(BaseTextChatMessage):
    """Plain text."""

    type: Literal["TextMessage"] = "TextMessage"


class StopMessage(BaseTextChatMessage):
    """Asks the team to stop."""

    type: Literal["StopMessage"] = "StopMessage"


class ToolCallSummaryMessage(BaseTextChatMessage):
    """The results of an agent's tool calls, summarised as its answer."""

    tool_calls: list[FunctionCall] = Field(default_factory=list)
    results: list[FunctionExecutionResult] = Field(default_factory=list)
    type: Literal["ToolCallSummaryMessage"] = "ToolCallSummaryMessage"


class HandoffMessage(BaseTextChatMessage):
    """Hands the conversation over to ``target``, with context for it."""

    target: str
    context: list[LLMMessage] = Field(default_factory=list)
    type: Literal["HandoffMessage"] = "HandoffMessage"


class MultiModalMessage(BaseChatMessage):
    """Text and images."""

    content: list[str | Image]
    type: Literal["MultiModalMessage"] = "MultiModalMessage"

    def to_text(self, image_placeholder: str = "[image]") -> str:
        return "\n".join(
            item if isinstance(item, str) else image_placeholder for item in self.content
        )

    def to_model_message(self) -> UserMessage:
        return UserMessage(content=list(self.content), source=self.source)


class StructuredMessage(BaseChatMessage, Generic[StructuredT]):
    """A pydantic object as a message; ``format_string`` renders it as text."""

    content: StructuredT
    format_string: str | None = None
    type: Literal["StructuredMessage"] = "StructuredMessage"

    def to_text(self) -> str:
        if self.format_string is not None:
            return self.format_string.format(**self.content.model_dump())
        return self.content.model_dump_json()


class UntypedStructuredMessage(BaseChatMessage):
    """A structured message read back from saved data, its content as a plain dict."""

    content: dict[str, Any]
    format_string: str | None = None
    type: Literal["StructuredMessage"] = "StructuredMessage"

    def to_text(self) -> str:
        if self.format_string is not None:
            return self.format_string.format(**self.content)
        return json.dumps(self.content, separators=(",", ":"), ensure_ascii=False)
