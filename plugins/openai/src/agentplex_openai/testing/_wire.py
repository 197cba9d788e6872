"""OpenAI's JSON shapes: completions, stream chunks and error bodies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ._script import CompletionReply, ToolCallReply

JSON = dict[str, Any]

_PIECE = 4


@dataclass(frozen=True)
class Completion:
    """A scripted completion bound to the request it answers."""

    reply: CompletionReply
    number: int
    model: str
    created: int

    @property
    def id(self) -> str:
        return f"chatcmpl-scripted-{self.number}"

    def tool_calls(self) -> list[JSON]:
        """The reply's tool calls, with ids and JSON-string arguments."""
        if not isinstance(self.reply, ToolCallReply):
            return []
        return [
            {
                "id": f"call_{self.number}_{position}",
                "type": "function",
                "function": {"name": name, "arguments": _arguments(arguments)},
            }
            for position, (name, arguments) in enumerate(self.reply.calls)
        ]

    def usage(self) -> JSON:
        reply = self.reply
        return {
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
            "total_tokens": reply.prompt_tokens + reply.completion_tokens,
            "prompt_tokens_details": {"cached_tokens": reply.cached_tokens},
        }

    def envelope(self, kind: str) -> JSON:
        return {"id": self.id, "object": kind, "created": self.created, "model": self.model}


def completion_body(completion: Completion) -> JSON:
    """The ``chat.completion`` object answering a non-streaming request."""
    reply = completion.reply
    message: JSON = {"role": "assistant", "content": reply.content, "refusal": None}
    if reply.reasoning_content is not None:
        message["reasoning_content"] = reply.reasoning_content
    if tool_calls := completion.tool_calls():
        message["tool_calls"] = tool_calls
    choice = {
        "index": 0,
        "message": message,
        "logprobs": None,
        "finish_reason": None if reply.omit_finish_reason else reply.finish_reason,
    }
    return {
        **completion.envelope("chat.completion"),
        "choices": [choice],
        "usage": completion.usage(),
    }


def stream_chunks(completion: Completion, *, include_usage: bool) -> Iterator[JSON]:
    """The ``chat.completion.chunk`` objects answering a streaming request, in order."""
    reply = completion.reply
    envelope = completion.envelope("chat.completion.chunk")
    if include_usage:
        envelope["usage"] = None

    def chunk(delta: JSON, finish_reason: str | None = None) -> JSON:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        return {**envelope, "choices": [choice]}

    yield chunk({"role": "assistant", "content": "" if reply.content is not None else None})
    for piece in _pieces(reply.reasoning_content or ""):
        yield chunk({"reasoning_content": piece})
    for piece in reply.chunks if reply.chunks is not None else _pieces(reply.content or ""):
        yield chunk({"content": piece})
    for tool_call_delta in _interleaved_tool_call_deltas(completion.tool_calls()):
        yield chunk({"tool_calls": [tool_call_delta]})
    if not reply.omit_finish_reason:
        yield chunk({}, reply.finish_reason)
    if include_usage:
        yield {**envelope, "choices": [], "usage": completion.usage()}


def error_body(
    message: str, type: str, *, param: str | None = None, code: str | None = None
) -> JSON:
    """OpenAI's error object."""
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


def _interleaved_tool_call_deltas(tool_calls: list[JSON]) -> Iterator[JSON]:
    """Per call, a header delta then argument fragments; the calls take turns."""
    per_call: list[list[JSON]] = []
    for index, call in enumerate(tool_calls):
        function = call["function"]
        header = {
            "index": index,
            "id": call["id"],
            "type": "function",
            "function": {"name": function["name"], "arguments": ""},
        }
        fragments = [
            {"index": index, "function": {"arguments": piece}}
            for piece in _pieces(function["arguments"])
        ]
        per_call.append([header, *fragments])
    for turn in range(max(map(len, per_call), default=0)):
        for deltas in per_call:
            if turn < len(deltas):
                yield deltas[turn]


def _arguments(arguments: dict[str, Any] | str) -> str:
    if isinstance(arguments, str):
        return arguments
    return json.dumps(arguments, separators=(",", ":"))


def _pieces(text: str) -> list[str]:
    return [text[start : start + _PIECE] for start in range(0, len(text), _PIECE)]
