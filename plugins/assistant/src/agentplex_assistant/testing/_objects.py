"""Ids, timestamps and the JSON shapes of the API's objects."""

from __future__ import annotations

import secrets
import string
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

from ._errors import bad_request

JSON: TypeAlias = dict[str, Any]

_ALPHABET = string.ascii_letters + string.digits
_TOOL_TYPES = ("code_interpreter", "file_search", "function")
ASSISTANT_FIELDS = (
    "model",
    "name",
    "description",
    "instructions",
    "tools",
    "tool_resources",
    "metadata",
    "response_format",
    "temperature",
    "top_p",
    "reasoning_effort",
)


def new_id(prefix: str) -> str:
    """A fresh id like the API's, e.g. `asst_` followed by 24 letters and digits."""
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(24))


def now() -> int:
    """Unix seconds, as every `created_at` is."""
    return int(time.time())


def check_tools(tools: object) -> None:
    """Validate an assistant's `tools` list."""
    if not isinstance(tools, list):
        raise bad_request("'tools' must be an array.", "tools")
    for index, tool in enumerate(tools):
        if not isinstance(tool, dict) or tool.get("type") not in _TOOL_TYPES:
            raise bad_request(
                f"Invalid value for 'tools[{index}].type': expected one of {_TOOL_TYPES}.",
                f"tools[{index}].type",
            )
        if tool["type"] == "function":
            function = tool.get("function")
            if not isinstance(function, dict) or not function.get("name"):
                raise bad_request(
                    f"Missing required parameter: 'tools[{index}].function.name'.",
                    f"tools[{index}].function.name",
                )


def check_tool_resources(
    resources: object, file_exists: Callable[[str], bool], store_exists: Callable[[str], bool]
) -> None:
    """Validate `tool_resources`: every referenced file and vector store must exist."""
    if not isinstance(resources, dict):
        raise bad_request("'tool_resources' must be an object.", "tool_resources")
    code = resources.get("code_interpreter") or {}
    for file_id in code.get("file_ids") or []:
        if not file_exists(file_id):
            raise bad_request(
                f"Invalid file id '{file_id}'.", "tool_resources.code_interpreter.file_ids"
            )
    search = resources.get("file_search") or {}
    for store_id in search.get("vector_store_ids") or []:
        if not store_exists(store_id):
            raise bad_request(
                f"Invalid vector store id '{store_id}'.",
                "tool_resources.file_search.vector_store_ids",
            )


def assistant_object(body: Mapping[str, Any]) -> JSON:
    """A new assistant from a create request (already validated)."""
    obj: JSON = {
        "id": new_id("asst_"),
        "object": "assistant",
        "created_at": now(),
        "name": None,
        "description": None,
        "model": body["model"],
        "instructions": None,
        "tools": [],
        "tool_resources": {},
        "metadata": {},
        "response_format": "auto",
        "temperature": 1.0,
        "top_p": 1.0,
        "reasoning_effort": None,
    }
    update_fields(obj, body, ASSISTANT_FIELDS)
    return obj


def update_fields(obj: JSON, body: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    """Copy the fields a request sets (null clears to the API's default)."""
    for field in fields:
        if field in body:
            value = body[field]
            obj[field] = {} if value is None and field in ("metadata", "tool_resources") else value


def thread_object(body: Mapping[str, Any]) -> JSON:
    """A new thread (its messages are stored separately)."""
    return {
        "id": new_id("thread_"),
        "object": "thread",
        "created_at": now(),
        "metadata": body.get("metadata") or {},
        "tool_resources": body.get("tool_resources") or {},
    }


def text_part(text: str) -> JSON:
    """A `text` content block."""
    return {"type": "text", "text": {"value": text, "annotations": []}}


def content_parts(content: object, file_exists: Callable[[str], bool]) -> list[JSON]:
    """Message content from a request: a string or a list of text/image parts."""
    if isinstance(content, str):
        return [text_part(content)]
    if not isinstance(content, list) or not content:
        raise bad_request("'content' must be a string or a non-empty array.", "content")
    parts: list[JSON] = []
    for index, part in enumerate(content):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "text" and isinstance(part.get("text"), str):
            parts.append(text_part(part["text"]))
        elif kind == "image_file" and isinstance(part.get("image_file"), dict):
            file_id = part["image_file"].get("file_id", "")
            if not file_exists(file_id):
                raise bad_request(f"Invalid file id '{file_id}'.", f"content[{index}].image_file")
            parts.append({"type": "image_file", "image_file": {"detail": "auto", **part[kind]}})
        elif kind == "image_url" and isinstance(part.get("image_url"), dict):
            if not part["image_url"].get("url"):
                raise bad_request("Missing image url.", f"content[{index}].image_url.url")
            parts.append({"type": "image_url", "image_url": {"detail": "auto", **part[kind]}})
        else:
            raise bad_request(f"Invalid content part at index {index}.", f"content[{index}]")
    return parts


def message_object(
    thread_id: str,
    role: str,
    content: list[JSON],
    *,
    run_id: str | None = None,
    assistant_id: str | None = None,
    attachments: list[JSON] | None = None,
    metadata: JSON | None = None,
) -> JSON:
    """A completed thread message."""
    created = now()
    return {
        "id": new_id("msg_"),
        "object": "thread.message",
        "created_at": created,
        "thread_id": thread_id,
        "status": "completed",
        "incomplete_details": None,
        "completed_at": created,
        "incomplete_at": None,
        "role": role,
        "content": content,
        "assistant_id": assistant_id,
        "run_id": run_id,
        "attachments": attachments or [],
        "metadata": metadata or {},
    }


def file_object(filename: str, size: int, purpose: str) -> JSON:
    """An uploaded file."""
    return {
        "id": new_id("file-"),
        "object": "file",
        "bytes": size,
        "created_at": now(),
        "filename": filename,
        "purpose": purpose,
        "status": "processed",
        "status_details": None,
        "expires_at": None,
    }


def file_counts(statuses: list[str]) -> JSON:
    """`file_counts` for a vector store or batch from its files' statuses."""
    counts = {key: statuses.count(key) for key in ("in_progress", "completed", "failed")}
    return {**counts, "cancelled": statuses.count("cancelled"), "total": len(statuses)}


def vector_store_object(body: Mapping[str, Any]) -> JSON:
    """A new, empty vector store."""
    created = now()
    return {
        "id": new_id("vs_"),
        "object": "vector_store",
        "created_at": created,
        "name": body.get("name") or "",
        "usage_bytes": 0,
        "file_counts": file_counts([]),
        "status": "completed",
        "expires_after": body.get("expires_after"),
        "expires_at": None,
        "last_active_at": created,
        "metadata": body.get("metadata") or {},
    }


def vector_store_file_object(store_id: str, file_id: str, status: str, size: int) -> JSON:
    """A file attached to a vector store."""
    return {
        "id": file_id,
        "object": "vector_store.file",
        "created_at": now(),
        "vector_store_id": store_id,
        "status": status,
        "usage_bytes": size if status == "completed" else 0,
        "last_error": None,
        "attributes": {},
        "chunking_strategy": {
            "type": "static",
            "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400},
        },
    }


def batch_object(store_id: str, file_ids: list[str]) -> JSON:
    """A new vector store file batch, still in progress."""
    return {
        "id": new_id("vsfb_"),
        "object": "vector_store.files_batch",
        "created_at": now(),
        "vector_store_id": store_id,
        "status": "in_progress",
        "file_counts": file_counts(["in_progress"] * len(file_ids)),
    }
