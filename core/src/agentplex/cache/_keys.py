"""Deterministic cache keys for chat completion requests."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter
from pydantic_core import PydanticSerializationError, to_jsonable_python

from ..models import AssistantMessage, LLMMessage, SystemMessage, ToolChoice, UserMessage
from ..models._tool_schemas import tool_schemas

if TYPE_CHECKING:
    from ..tools import Tool, ToolSchema

_MESSAGE: TypeAdapter[LLMMessage] = TypeAdapter(LLMMessage)
_MAX_MESSAGES = 4096
"""Messages whose JSON is kept, to be reused when the same object is sent again."""
_REUSABLE = (SystemMessage, UserMessage, AssistantMessage)
_IMMUTABLE = (str, bool, int, float, type(None))
_MAX_HEADS = 64
"""Distinct (``tool_choice``, ``json_output``) pairs whose encoded head is kept."""


class ChatCacheKeys:
    """Cache keys for requests to one client: sha256 (hex) of a canonical JSON.

    ``client`` identifies the wrapped client (provider and model), so clients for
    different models can share one store. The key covers it, the tool schemas,
    ``tool_choice``, ``json_output`` (a structured type by its JSON schema),
    ``extra_create_args`` (in any order) and the messages. It depends on nothing but
    those values, so processes sharing a store agree on it.

    The part before the messages is encoded once per distinct ``tool_choice`` and
    ``json_output`` when a request has no tools and no extra arguments (the usual
    case); otherwise it is encoded for each request. The JSON of the last
    ``4096`` text messages is kept with the message object (so they stay alive)
    and reused while the same object comes back with the same field values; a
    message whose content is a list is encoded each time, since it can change in
    place.
    """

    def __init__(self, client: Mapping[str, Any]) -> None:
        self._client = dict(client)
        self._heads: dict[tuple[str, bool | type[BaseModel] | None], bytes] = {}
        self._messages: OrderedDict[int, tuple[object, dict[str, Any], bytes]] = OrderedDict()

    def key(
        self,
        messages: Sequence[LLMMessage],
        tools: Sequence[Tool | ToolSchema],
        tool_choice: ToolChoice,
        json_output: bool | type[BaseModel] | None,
        extra_create_args: Mapping[str, Any] | None,
    ) -> str:
        """The key of this request; ``TypeError`` when ``extra_create_args`` are not JSON-safe."""
        if tools or extra_create_args or not _plain(tool_choice, json_output):
            head = self._head(tools, tool_choice, json_output, extra_create_args)
        else:
            found = self._heads.get((tool_choice, json_output))
            if found is None:
                found = self._head((), tool_choice, json_output, None)
                if len(self._heads) >= _MAX_HEADS:
                    self._heads.clear()
                self._heads[(tool_choice, json_output)] = found
            head = found
        digest = hashlib.sha256(head)
        digest.update(b"[" + b",".join([self._message_json(m) for m in messages]) + b"]")
        return digest.hexdigest()

    def _message_json(self, message: LLMMessage) -> bytes:
        """``message`` as JSON, reused from an earlier call when it cannot have changed."""
        known = self._messages.get(id(message))
        if known is not None and known[0] is message and known[1] == message.__dict__:
            return known[2]
        data = _MESSAGE.dump_json(message)
        fields = message.__dict__
        if type(message) in _REUSABLE and all(type(v) in _IMMUTABLE for v in fields.values()):
            self._messages[id(message)] = (message, dict(fields), data)
            if len(self._messages) > _MAX_MESSAGES:
                self._messages.popitem(last=False)
        return data

    def _head(
        self,
        tools: Sequence[Tool | ToolSchema],
        tool_choice: ToolChoice,
        json_output: bool | type[BaseModel] | None,
        extra_create_args: Mapping[str, Any] | None,
    ) -> bytes:
        """Canonical JSON of everything but the messages, and a newline."""
        try:
            extra = to_jsonable_python(dict(extra_create_args or {}))
        except PydanticSerializationError as exc:
            raise TypeError(
                f"extra_create_args cannot be serialised for the cache key: {exc}"
            ) from None
        request = {
            "client": self._client,
            "tools": tool_schemas(tools),
            "tool_choice": tool_choice,
            "json_output": (
                json_output.model_json_schema() if isinstance(json_output, type) else json_output
            ),
            "extra_create_args": extra,
        }
        return json.dumps(request, sort_keys=True, separators=(",", ":")).encode() + b"\n"


def _plain(tool_choice: object, json_output: object) -> bool:
    """True when the pair can key the heads: a str choice and None, a bool or a type.

    The bool test is by identity so ``1`` (not a bool) is not taken for ``True``.
    """
    return type(tool_choice) is str and (
        json_output is None
        or json_output is True
        or json_output is False
        or isinstance(json_output, type)
    )
