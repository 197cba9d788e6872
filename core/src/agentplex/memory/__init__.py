"""Memories an agent consults before it asks its model.

``ListMemory`` loads its module on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports
from ._base import Memory, MemoryQueryResult, UpdateContextResult
from ._content import ContentType, MemoryContent, MemoryMimeType

if TYPE_CHECKING:
    from ._list_memory import ListMemory

_LAZY = {
    "ListMemory": "._list_memory",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "ContentType",
    "ListMemory",
    "Memory",
    "MemoryContent",
    "MemoryMimeType",
    "MemoryQueryResult",
    "UpdateContextResult",
]
