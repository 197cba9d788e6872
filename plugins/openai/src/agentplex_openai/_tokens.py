"""Counting the tokens of a prompt before sending it.

For OpenAI's model families the text is encoded with the family's BPE
encoding (``o200k_base`` or ``cl100k_base``, shipped inside the ``bpe-openai``
wheel, so nothing is downloaded). Other models are estimated at
:data:`CHARS_PER_TOKEN` characters per token. Both add OpenAI's framing:
:data:`MESSAGE_TOKENS` per message, one per ``name``, :data:`REPLY_TOKENS` for
the reply. An image counts :data:`IMAGE_TOKENS`, and tools count the tokens of
their JSON definitions, so those parts are close estimates either way.
"""

from __future__ import annotations

import functools
import json
import warnings
from collections.abc import Callable, Iterable
from typing import Any, Final

from agentplex.models import ModelFamily

from ._messages import OpenAIMessage

ENCODINGS: Final = {
    ModelFamily.GPT_5: "o200k_base",
    ModelFamily.GPT_41: "o200k_base",
    ModelFamily.GPT_4O: "o200k_base",
    ModelFamily.O1: "o200k_base",
    ModelFamily.O3: "o200k_base",
    ModelFamily.O4: "o200k_base",
    ModelFamily.GPT_4: "cl100k_base",
    ModelFamily.GPT_35: "cl100k_base",
}
"""The BPE encoding of each OpenAI model family."""

CHARS_PER_TOKEN: Final = 4
MESSAGE_TOKENS: Final = 3
REPLY_TOKENS: Final = 3
IMAGE_TOKENS: Final = 765
"""A 1024x1024 image at high detail: 85 + 4 tiles x 170."""

TextCounter = Callable[[str], int]


def text_counter(family: str) -> TextCounter:
    """Counts the tokens of a text for models of ``family``: exact or estimated."""
    encoding = ENCODINGS.get(family)
    return estimate_tokens if encoding is None else _bpe_counter(encoding)


def estimate_tokens(text: str) -> int:
    """About one token per :data:`CHARS_PER_TOKEN` characters, rounded up."""
    return -(-len(text) // CHARS_PER_TOKEN)


@functools.cache
def _bpe_counter(encoding_name: str) -> TextCounter:
    with warnings.catch_warnings():
        # bpe-openai reads its bundled data with a deprecated importlib.resources call.
        warnings.filterwarnings("ignore", "open_binary is deprecated", DeprecationWarning)
        import bpe_openai

        encoding = bpe_openai.get_encoding(encoding_name)
    return lambda text: len(encoding.encode_ordinary(text))


def count_prompt_tokens(
    messages: Iterable[OpenAIMessage], tools: list[dict[str, Any]], count: TextCounter
) -> int:
    """Tokens of converted ``messages`` and ``tools`` params as the model sees them."""
    total = REPLY_TOKENS
    for message in messages:
        total += MESSAGE_TOKENS + _tokens(message, count) + (1 if "name" in message else 0)
    if tools:
        total += count(json.dumps(tools, separators=(",", ":")))
    return total


def _tokens(value: Any, count: TextCounter) -> int:
    if isinstance(value, str):
        return count(value)
    if isinstance(value, dict):
        if value.get("type") == "image_url":
            return IMAGE_TOKENS
        return sum(_tokens(item, count) for item in value.values())
    if isinstance(value, list):
        return sum(_tokens(item, count) for item in value)
    return 0
