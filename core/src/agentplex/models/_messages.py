"""Messages sent to a chat completion model."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .._function_call import FunctionCall
from .._image import Image


class SystemMessage(BaseModel):
    """Instructions from the developer."""

    content: str
    type: Literal["SystemMessage"] = "SystemMessage"


class UserMessage(BaseModel):
    """Input from a user or another agent: text, or a list of text and images."""

    content: str | list[str | Image]
    source: str = "user"
    type: Literal["UserMessage"] = "UserMessage"


class AssistantMessage(BaseModel):
    """A model's earlier answer: text or the tool calls it asked for."""

    content: str | list[FunctionCall]
    thought: str | None = None
    """Reasoning the model returned alongside the answer, if any."""
    source: str = "assistant"
    type: Literal["AssistantMessage"] = "AssistantMessage"


class FunctionExecutionResult(BaseModel):
    """The outcome of one tool call, matched to it by ``call_id``."""

    content: str
    name: str
    call_id: str
    is_error: bool = False


class FunctionExecutionResultMessage(BaseModel):
    """The outcomes of the tool calls of one assistant turn."""

    content: list[FunctionExecutionResult]
    type: Literal["FunctionExecutionResultMessage"] = "FunctionExecutionResultMessage"


LLMMessage = Annotated[
    SystemMessage | UserMessage | AssistantMessage | FunctionExecutionResultMessage,
    Field(discriminator="type"),
]
"""Any message a :class:`ChatCompletionClient` accepts."""
