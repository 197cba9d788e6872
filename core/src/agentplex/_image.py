"""An image passed to or returned by models and tools."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

_SIGNATURES: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
]


def sniff_mime_type(data: bytes) -> str | None:
    """The image mime type that ``data``'s magic bytes announce, if any."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    for signature, mime in _SIGNATURES:
        if data.startswith(signature):
            return mime
    return None


class Image(BaseModel):
    """Image bytes with their mime type; JSON dumps carry the bytes as base64."""

    model_config = ConfigDict(frozen=True, ser_json_bytes="base64", val_json_bytes="base64")

    data: bytes
    mime_type: str

    @field_validator("mime_type")
    @classmethod
    def _is_image(cls, value: str) -> str:
        if not value.startswith("image/"):
            raise ValueError(f"not an image mime type: {value!r}")
        return value

    @classmethod
    def from_bytes(cls, data: bytes, mime_type: str | None = None) -> Image:
        mime = mime_type or sniff_mime_type(data)
        if mime is None:
            raise ValueError("cannot tell the image type from its bytes; pass mime_type")
        return cls(data=data, mime_type=mime)

    @classmethod
    def from_file(cls, path: str | Path, mime_type: str | None = None) -> Image:
        return cls.from_bytes(Path(path).read_bytes(), mime_type)

    @classmethod
    def from_base64(cls, data: str, mime_type: str | None = None) -> Image:
        try:
            raw = base64.b64decode(data, validate=True)
        except binascii.Error as exc:
            raise ValueError(f"invalid base64 image data: {exc}") from None
        return cls.from_bytes(raw, mime_type)

    @classmethod
    def from_uri(cls, uri: str) -> Image:
        """From a ``data:image/...;base64,...`` URI."""
        head, sep, payload = uri.partition(",")
        if not (sep and head.startswith("data:") and head.endswith(";base64")):
            raise ValueError("expected a data URI of the form data:image/png;base64,...")
        return cls.from_base64(payload, head[5:-7] or None)

    def to_base64(self) -> str:
        return base64.b64encode(self.data).decode("ascii")

    @property
    def data_uri(self) -> str:
        return f"data:{self.mime_type};base64,{self.to_base64()}"

    def to_openai_format(self, detail: Literal["auto", "low", "high"] = "auto") -> dict[str, Any]:
        """The ``image_url`` content part of OpenAI's chat API."""
        return {"type": "image_url", "image_url": {"url": self.data_uri, "detail": detail}}

    def __repr__(self) -> str:
        return f"Image(mime_type={self.mime_type!r}, size={len(self.data)})"
