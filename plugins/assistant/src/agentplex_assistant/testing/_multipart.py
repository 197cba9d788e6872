"""A small `multipart/form-data` reader, enough for the SDK's file uploads."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message
from email.utils import collapse_rfc2231_value

from ._errors import bad_request


@dataclass(frozen=True)
class FormPart:
    """One field of a form: its name, the filename if it is a file, and its bytes."""

    name: str
    filename: str | None
    content: bytes


def parse_multipart(body: bytes, content_type: str) -> dict[str, FormPart]:
    """The fields of a multipart body, by name; a malformed body is a 400."""
    boundary = _param(_headers({"content-type": content_type}), "boundary", "content-type")
    if not boundary:
        raise bad_request("The multipart body has no boundary.")
    parts: dict[str, FormPart] = {}
    for section in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if section.startswith(b"--"):
            return parts
        head, separator, content = section.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not separator:
            raise bad_request("A multipart section has no blank line after its headers.")
        lines = head.decode("utf-8").split("\r\n")
        headers = _headers(dict(line.split(":", 1) for line in lines if ":" in line))
        name = _param(headers, "name", "content-disposition")
        if not name:
            raise bad_request("A multipart section has no field name.")
        parts[name] = FormPart(name, headers.get_filename(), content.removesuffix(b"\r\n"))
    raise bad_request("The multipart body has no closing boundary.")


def _headers(fields: dict[str, str]) -> Message:
    message = Message()
    for key, value in fields.items():
        message[key.strip()] = value.strip()
    return message


def _param(headers: Message, name: str, header: str) -> str | None:
    value = headers.get_param(name, header=header)
    return None if value is None else collapse_rfc2231_value(value)
