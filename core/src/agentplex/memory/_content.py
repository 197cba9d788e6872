"""What a memory stores: a piece of content tagged with its mime type."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from enum import Enum
from typing import Any, Self

from pydantic import BaseModel, ValidationError, field_serializer, model_validator

from .._image import Image
from ..components import describe_errors


class MemoryMimeType(Enum):
    """The kinds of content a memory holds, and the type each content must have."""

    TEXT = "text/plain"
    """``str``"""
    JSON = "application/json"
    """``dict``"""
    MARKDOWN = "text/markdown"
    """``str``"""
    IMAGE = "image/*"
    """:class:`~agentplex.Image`"""
    BINARY = "application/octet-stream"
    """``bytes`` (base64 text in JSON dumps)"""


ContentType = str | bytes | dict[str, Any] | Image
"""The types a :class:`MemoryContent` may hold."""


class MemoryContent(BaseModel):
    """One memory item.

    ``mime_type`` is a :class:`MemoryMimeType` (a string equal to one of its
    values becomes that member) or any other mime type string. The content must
    match it: ``text/*`` needs a ``str``, JSON (``application/json`` or
    ``*+json``) a ``dict``, ``image/*`` an :class:`Image`, binary ``bytes``;
    other mime types take any content type. When loading, binary content may be
    given as base64 text and image content as the dict an ``Image`` dumps to.
    """

    content: ContentType
    mime_type: MemoryMimeType | str
    metadata: dict[str, Any] | None = None

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, data: Any) -> Any:
        if not isinstance(data, Mapping) or not isinstance(
            data.get("mime_type"), MemoryMimeType | str
        ):
            return data
        data = dict(data)
        mime = _mime_value(data["mime_type"])
        if "/" not in mime:
            raise ValueError(f"mime_type must look like 'type/subtype', got {mime!r}")
        if mime in _BY_VALUE:
            data["mime_type"] = _BY_VALUE[mime]
        expected, content = _expected_type(mime), data.get("content")
        if expected is Image and isinstance(content, Mapping):
            try:
                data["content"] = Image.model_validate(content)
            except ValidationError as exc:
                raise ValueError(f"invalid image content: {describe_errors(exc)}") from None
        elif expected is bytes and isinstance(content, str):
            try:
                data["content"] = base64.b64decode(content, validate=True)
            except binascii.Error as exc:
                raise ValueError(f"binary content given as text must be base64: {exc}") from None
        return data

    @model_validator(mode="after")
    def _check(self) -> Self:
        mime = _mime_value(self.mime_type)
        expected = _expected_type(mime)
        if expected is not None and not isinstance(self.content, expected):
            raise ValueError(
                f"content of mime type {mime!r} must be {_TYPE_NAMES[expected]}, "
                f"got {type(self.content).__name__}"
            )
        if isinstance(self.content, Image) and mime not in ("image/*", self.content.mime_type):
            raise ValueError(
                f"mime_type {mime!r} does not match the image's {self.content.mime_type!r}"
            )
        return self

    @field_serializer("mime_type")
    def _mime_as_text(self, mime: MemoryMimeType | str) -> str:
        return _mime_value(mime)

    @field_serializer("content", when_used="json")
    def _content_as_json(self, content: ContentType) -> Any:
        return base64.b64encode(content).decode("ascii") if isinstance(content, bytes) else content

    def to_text(self) -> str:
        """The content as text for a prompt: JSON as a JSON string, images and bytes
        as a short description."""
        content = self.content
        if isinstance(content, str):
            return content
        if isinstance(content, dict):
            return json.dumps(content, ensure_ascii=False)
        if isinstance(content, Image):
            return f"[image {content.mime_type}, {len(content.data)} bytes]"
        return f"[{_mime_value(self.mime_type)} data, {len(content)} bytes]"


_BY_VALUE = {member.value: member for member in MemoryMimeType}
_TYPE_NAMES: dict[type, str] = {str: "a str", dict: "a dict", Image: "an Image", bytes: "bytes"}


def _mime_value(mime: MemoryMimeType | str) -> str:
    return mime.value if isinstance(mime, MemoryMimeType) else mime


def _expected_type(mime: str) -> type | None:
    if mime.startswith("text/"):
        return str
    if mime.startswith("image/"):
        return Image
    if mime == MemoryMimeType.JSON.value or mime.endswith("+json"):
        return dict
    if mime == MemoryMimeType.BINARY.value:
        return bytes
    return None
