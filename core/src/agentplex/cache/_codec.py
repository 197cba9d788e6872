"""Turning cache values into text and back, for stores that hold text or bytes."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any


def encode_value(value: Any) -> str:
    """``value`` (JSON-safe data) as compact JSON text.

    Raises ``TypeError`` for data that is not JSON-safe. Disk, redis and other
    store plugins call this in ``set``.
    """
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def decode_value(data: str | bytes | bytearray) -> Any:
    """The value :func:`encode_value` turned into ``data``.

    Raises ``ValueError`` for data that is not UTF-8 JSON. A store may let that
    propagate from ``get``: :class:`~agentplex.cache.ChatCompletionCache` treats a
    failing ``get`` as a miss and overwrites the entry.

    The values of the last 256 texts are kept, so decoding the same text again
    returns the same object: treat a decoded value as read-only.
    """
    if isinstance(data, bytes | bytearray):
        data = data.decode("utf-8")
    return _parse(data)


@lru_cache(maxsize=256)
def _parse(text: str) -> Any:
    return json.loads(text)
