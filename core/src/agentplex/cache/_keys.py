"""Deterministic cache keys for chat completion requests."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter
from pydantic_core import PydanticSerializationError, to_jsonable_python

from ..models import LLMMessage, ToolChoice
from ..models._tool_schemas import tool_schemas

if TYPE_CHECKING:
    from ..tools import Tool, ToolSchema

_MESSAGES: TypeAdapter[list[LLMMessage]] = TypeAdapter(list[LLMMessage])


def chat_cache_key(
    client: Mapping[str, Any],
    messages: Sequence[LLMMessage],
    tools: Sequence[Tool | ToolSchema],
    tool_choice: ToolChoice,
    json_output: bool | type[BaseModel] | None,
    extra_create_args: Mapping[str, Any] | None,
) -> str:
    """sha256 (hex) of a canonical JSON of everything that shapes the model's answer.

    ``client`` identifies the wrapped client (provider and model), so clients for
    different models can share one store. A structured ``json_output`` type counts by
    its JSON schema. ``TypeError`` when ``extra_create_args`` are not JSON-serialisable.
    """
    try:
        extra = to_jsonable_python(dict(extra_create_args or {}))
    except PydanticSerializationError as exc:
        raise TypeError(
            f"extra_create_args cannot be serialised for the cache key: {exc}"
        ) from None
    request = {
        "client": client,
        "tools": tool_schemas(tools),
        "tool_choice": tool_choice,
        "json_output": (
            json_output.model_json_schema() if isinstance(json_output, type) else json_output
        ),
        "extra_create_args": extra,
    }
    digest = hashlib.sha256()
    digest.update(json.dumps(request, sort_keys=True, separators=(",", ":")).encode())
    digest.update(b"\n")
    digest.update(_MESSAGES.dump_json(list(messages)))
    return digest.hexdigest()
