"""Convert between AutoGen v0.2-style message dicts and agentplex messages.

v0.2 kept a conversation as OpenAI-style dicts (``ChatResult.chat_history``).
Tool calls use OpenAI's ``function.arguments`` key (``args`` is accepted when
reading, as some converters wrote it), and tool responses keep the tool's
``name`` so they convert back without loss.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from .._function_call import FunctionCall
from .._image import Image
from ..models import FunctionExecutionResult
from ._base import BaseAgentEvent, BaseChatMessage, BaseTextChatMessage
from ._chat import MultiModalMessage, TextMessage
from ._events import ToolCallExecutionEvent, ToolCallRequestEvent


def to_v02_message(
    message: BaseAgentEvent | BaseChatMessage,
    role: Literal["assistant", "user", "tool"] = "assistant",
    image_detail: Literal["auto", "high", "low"] = "auto",
) -> dict[str, Any]:
    """A v0.2 message dict for ``message``; a ValueError for types v0.2 had no form for."""
    if isinstance(message, BaseTextChatMessage):
        return {"content": message.content, "role": role, "name": message.source}
    if isinstance(message, MultiModalMessage):
        parts = [
            {"type": "text", "text": item}
            if isinstance(item, str)
            else item.to_openai_format(detail=image_detail)
            for item in message.content
        ]
        return {"content": parts, "role": role, "name": message.source}
    if isinstance(message, ToolCallRequestEvent):
        calls = [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": call.name, "arguments": call.arguments},
            }
            for call in message.content
        ]
        return {"tool_calls": calls, "role": "assistant", "content": None, "name": message.source}
    if isinstance(message, ToolCallExecutionEvent):
        responses = [
            {"tool_call_id": r.call_id, "role": "tool", "name": r.name, "content": r.content}
            for r in message.content
        ]
        content = "\n\n".join(r["content"] for r in responses)
        return {"tool_responses": responses, "role": "tool", "content": content}
    raise ValueError(f"{type(message).__name__} has no v0.2 message form")


def from_v02_message(
    message: Mapping[str, Any], default_source: str = "user"
) -> BaseAgentEvent | BaseChatMessage:
    """The agentplex message for a v0.2 dict; a ValueError naming what is missing."""
    source = message.get("name") or default_source
    try:
        if message.get("tool_calls"):
            return ToolCallRequestEvent(
                source=source,
                content=[
                    FunctionCall(
                        id=call["id"],
                        name=call["function"]["name"],
                        arguments=call["function"].get("arguments", call["function"].get("args")),
                    )
                    for call in message["tool_calls"]
                ],
            )
        if message.get("tool_responses"):
            return ToolCallExecutionEvent(
                source=message.get("name") or "tools",
                content=[
                    FunctionExecutionResult(
                        call_id=r["tool_call_id"], content=r["content"], name=r.get("name", "")
                    )
                    for r in message["tool_responses"]
                ],
            )
        content = message["content"]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"v0.2 message is missing {exc}: {dict(message)!r}") from None
    if isinstance(content, str):
        return TextMessage(content=content, source=source)
    if isinstance(content, list):
        parts: list[str | Image] = []
        for part in content:
            if part.get("type") == "text":
                parts.append(part["text"])
            elif part.get("type") == "image_url":
                parts.append(Image.from_uri(part["image_url"]["url"]))
            else:
                raise ValueError(f"unknown v0.2 content part type {part.get('type')!r}")
        return MultiModalMessage(content=parts, source=source)
    raise ValueError(f"v0.2 message content must be text or a list of parts, got {content!r}")
