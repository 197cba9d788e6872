"""Events agents emit while they work; they are not part of the conversation."""

from __future__ import annotations

from typing import Literal

from .._function_call import FunctionCall
from ..memory import MemoryContent
from ..models import FunctionExecutionResult
from ._base import BaseAgentEvent


class ToolCallRequestEvent(BaseAgentEvent):
    """The model asked for these tool calls."""

    content: list[FunctionCall]
    type: Literal["ToolCallRequestEvent"] = "ToolCallRequestEvent"

    def to_text(self) -> str:
        return "\n".join(f"{call.name}({call.arguments})" for call in self.content)


class ToolCallExecutionEvent(BaseAgentEvent):
    """The tool calls ran; these are their results."""

    content: list[FunctionExecutionResult]
    type: Literal["ToolCallExecutionEvent"] = "ToolCallExecutionEvent"

    def to_text(self) -> str:
        return "\n".join(
            f"{r.name} -> {'error: ' if r.is_error else ''}{r.content}" for r in self.content
        )


class ModelClientStreamingChunkEvent(BaseAgentEvent):
    """A piece of a model's answer as it streams; ``full_message_id`` names the answer."""

    content: str
    full_message_id: str | None = None
    type: Literal["ModelClientStreamingChunkEvent"] = "ModelClientStreamingChunkEvent"

    def to_text(self) -> str:
        return self.content


class ThoughtEvent(BaseAgentEvent):
    """Reasoning the model returned with its answer."""

    content: str
    type: Literal["ThoughtEvent"] = "ThoughtEvent"

    def to_text(self) -> str:
        return self.content


class MemoryQueryEvent(BaseAgentEvent):
    """Memories that were added to the model context before a call."""

    content: list[MemoryContent]
    type: Literal["MemoryQueryEvent"] = "MemoryQueryEvent"

    def to_text(self) -> str:
        return "\n".join(str(item.content) for item in self.content)


class UserInputRequestedEvent(BaseAgentEvent):
    """A user proxy is waiting for input (``request_id`` matches the request)."""

    request_id: str
    content: Literal[""] = ""
    type: Literal["UserInputRequestedEvent"] = "UserInputRequestedEvent"

    def to_text(self) -> str:
        return f"[waiting for input from {self.source}]"
