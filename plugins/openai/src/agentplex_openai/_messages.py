"""agentplex LLM messages as OpenAI chat completion message params."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agentplex.models import (
    AssistantMessage,
    FunctionExecutionResultMessage,
    LLMMessage,
    SystemMessage,
    UserMessage,
)

_NAME_INVALID = re.compile(r"[^a-zA-Z0-9_-]")
_NAME_MAX = 64

OpenAIMessage = dict[str, Any]


def openai_name(source: str) -> str:
    """``source`` as a valid message ``name``: other characters become ``_``, 64 at most."""
    return _NAME_INVALID.sub("_", source)[:_NAME_MAX]


def to_openai_messages(
    messages: Sequence[LLMMessage], *, merge_system: bool
) -> list[OpenAIMessage]:
    """Convert ``messages``; with ``merge_system``, adjacent system messages become one.

    A user message's ``source`` becomes its ``name``. An assistant's ``thought``
    travels back only as the text next to its tool calls: providers take no
    reasoning as input.
    A model that accepts a single system message cannot take system messages
    that other messages separate; that is a ``ValueError`` naming their positions.
    """
    if merge_system:
        messages = merge_system_messages(messages)
    converted: list[OpenAIMessage] = []
    for index, message in enumerate(messages):
        if isinstance(message, SystemMessage):
            converted.append({"role": "system", "content": message.content})
        elif isinstance(message, UserMessage):
            converted.append(_user(message))
        elif isinstance(message, AssistantMessage):
            converted.append(_assistant(message))
        elif isinstance(message, FunctionExecutionResultMessage):
            converted.extend(
                {"role": "tool", "tool_call_id": result.call_id, "content": result.content}
                for result in message.content
            )
        else:
            raise TypeError(f"messages[{index}] is a {type(message).__name__}, not an LLM message")
    return converted


def merge_system_messages(messages: Sequence[LLMMessage]) -> list[LLMMessage]:
    """Join each run of adjacent system messages with newlines; refuse separated ones."""
    merged: list[LLMMessage] = []
    positions: list[int] = []
    for index, message in enumerate(messages):
        previous = merged[-1] if merged else None
        if isinstance(message, SystemMessage) and isinstance(previous, SystemMessage):
            merged[-1] = SystemMessage(content=f"{previous.content}\n{message.content}")
            continue
        if isinstance(message, SystemMessage):
            positions.append(index)
        merged.append(message)
    if len(positions) > 1:
        where = ", ".join(f"messages[{index}]" for index in positions)
        raise ValueError(
            f"this model accepts one system message, but system messages at {where} are "
            "separated by other messages; put them together or declare "
            "model_info['multiple_system_messages'] = True"
        )
    return merged


def _user(message: UserMessage) -> OpenAIMessage:
    converted: OpenAIMessage = {"role": "user"}
    if isinstance(message.content, str):
        converted["content"] = message.content
    else:
        converted["content"] = [
            {"type": "text", "text": part} if isinstance(part, str) else part.to_openai_format()
            for part in message.content
        ]
    if name := openai_name(message.source):
        converted["name"] = name
    return converted


def _assistant(message: AssistantMessage) -> OpenAIMessage:
    if isinstance(message.content, str):
        return {"role": "assistant", "content": message.content}
    calls = [
        {
            "id": call.id,
            "type": "function",
            "function": {"name": call.name, "arguments": call.arguments},
        }
        for call in message.content
    ]
    # The text a model wrote next to its tool calls travels back as the content.
    return {"role": "assistant", "content": message.thought, "tool_calls": calls}
