"""Image: constructors, mime sniffing, OpenAI format, JSON round trips."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Literal

import pytest
from pydantic import ValidationError

from agentplex import Image
from agentplex.models import UserMessage

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
SIGNED = {
    "image/png": PNG,
    "image/jpeg": b"\xff\xd8\xff\xe0" + b"\x00" * 8,
    "image/gif": b"GIF89a" + b"\x00" * 8,
    "image/webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    "image/bmp": b"BM" + b"\x00" * 8,
}


@pytest.mark.parametrize(("mime", "data"), SIGNED.items())
def test_from_bytes_sniffs_the_mime_type(mime: str, data: bytes) -> None:
    image = Image.from_bytes(data)
    assert image.mime_type == mime
    assert image.data == data


def test_explicit_mime_type_wins_and_unknown_bytes_need_one() -> None:
    assert Image.from_bytes(b"plain", "image/x-custom").mime_type == "image/x-custom"
    with pytest.raises(ValueError, match="pass mime_type"):
        Image.from_bytes(b"plain")


def test_non_image_mime_type_is_refused() -> None:
    with pytest.raises(ValidationError, match="not an image mime type"):
        Image.from_bytes(PNG, "text/plain")


def test_from_file(tmp_path: Path) -> None:
    path = tmp_path / "pixel.png"
    path.write_bytes(PNG)
    assert Image.from_file(path) == Image.from_bytes(PNG)
    assert Image.from_file(str(path)).mime_type == "image/png"


def test_from_base64_and_its_errors() -> None:
    encoded = base64.b64encode(PNG).decode()
    image = Image.from_base64(encoded)
    assert image.data == PNG
    assert image.to_base64() == encoded
    with pytest.raises(ValueError, match="invalid base64"):
        Image.from_base64("not base64!")


def test_data_uri_round_trip() -> None:
    image = Image.from_bytes(PNG)
    assert image.data_uri.startswith("data:image/png;base64,")
    assert Image.from_uri(image.data_uri) == image
    with pytest.raises(ValueError, match="data URI"):
        Image.from_uri("https://example.com/cat.png")


@pytest.mark.parametrize("detail", ["auto", "low", "high"])
def test_to_openai_format(detail: Literal["auto", "low", "high"]) -> None:
    image = Image.from_bytes(PNG)
    part = image.to_openai_format(detail)
    assert part == {"type": "image_url", "image_url": {"url": image.data_uri, "detail": detail}}


def test_json_round_trip_inside_a_user_message() -> None:
    image = Image.from_bytes(PNG)
    message = UserMessage(content=["what is this?", image], source="alice")

    restored = UserMessage.model_validate_json(message.model_dump_json())

    assert restored == message
    assert isinstance(restored.content, list)
    restored_image = restored.content[1]
    assert isinstance(restored_image, Image)
    assert restored_image.data == PNG
    assert restored_image.mime_type == "image/png"


def test_repr_does_not_dump_the_bytes() -> None:
    assert repr(Image.from_bytes(PNG)) == f"Image(mime_type='image/png', size={len(PNG)})"
