"""Chat messages as thread messages, and thread messages back as reply text."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING

from agentplex import Image
from agentplex.messages import BaseChatMessage

if TYPE_CHECKING:
    from openai.types.beta.threads import Message, MessageContentPartParam
    from openai.types.beta.threads.run_create_params import AdditionalMessage

UploadImage = Callable[[Image], Awaitable[str]]
"""Uploads an image (purpose ``vision``) and returns its file id."""

_EXTENSIONS = {"image/jpeg": "jpg", "image/svg+xml": "svg"}


async def thread_message(message: BaseChatMessage, upload_image: UploadImage) -> AdditionalMessage:
    """``message`` as a user message of the thread.

    Text stays text. Images are uploaded as files (purpose ``vision``) and sent as
    ``image_file`` parts: the Assistants API reads images from files or from public
    URLs, not from inline data.
    """
    content = message.to_model_message().content
    if isinstance(content, str):
        return {"role": "user", "content": content}
    parts: list[MessageContentPartParam] = []
    for item in content:
        if isinstance(item, str):
            parts.append({"type": "text", "text": item})
        else:
            file_id = await upload_image(item)
            parts.append({"type": "image_file", "image_file": {"file_id": file_id}})
    return {"role": "user", "content": parts}


def image_filename(image: Image, index: int) -> str:
    """A file name for an uploaded image, with the extension of its type."""
    subtype = image.mime_type.removeprefix("image/")
    return f"image-{index}.{_EXTENSIONS.get(image.mime_type, subtype)}"


def reply_text(messages: Iterable[Message]) -> str:
    """The text of the assistant's messages, one part per paragraph.

    Non-text parts are named in brackets (``[image_file file-...]``) so nothing the
    assistant produced disappears from the reply.
    """
    parts: list[str] = []
    for message in messages:
        if message.role != "assistant":
            continue
        for part in message.content:
            if part.type == "text":
                parts.append(part.text.value)
            elif part.type == "refusal":
                parts.append(part.refusal)
            elif part.type == "image_file":
                parts.append(f"[image_file {part.image_file.file_id}]")
            else:
                parts.append(f"[image_url {part.image_url.url}]")
    return "\n\n".join(parts)
