"""What a workbench returns for a tool call."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .._image import Image


class TextResultContent(BaseModel):
    """Text a tool returned."""

    type: Literal["TextResultContent"] = "TextResultContent"
    content: str


class ImageResultContent(BaseModel):
    """An image a tool returned."""

    type: Literal["ImageResultContent"] = "ImageResultContent"
    content: Image


ResultContent = Annotated[TextResultContent | ImageResultContent, Field(discriminator="type")]
"""One part of a :class:`ToolResult`, told apart by ``type``."""


class ToolResult(BaseModel):
    """The outcome of one tool call; ``is_error`` says the call failed and why is in ``result``."""

    type: Literal["ToolResult"] = "ToolResult"
    name: str
    """The tool's name as the caller used it (after any override)."""
    result: list[ResultContent]
    is_error: bool = False

    def to_text(self, replace_image: str | None = None) -> str:
        """The result as text, one part per line; images become ``replace_image``
        or, when it is None, their data URI."""
        parts = []
        for part in self.result:
            if isinstance(part, TextResultContent):
                parts.append(part.content)
            else:
                parts.append(part.content.data_uri if replace_image is None else replace_image)
        return "\n".join(parts)
