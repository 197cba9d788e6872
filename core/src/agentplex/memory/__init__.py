"""Memories an agent consults before it asks its model."""

from ._base import Memory, MemoryQueryResult, UpdateContextResult
from ._content import ContentType, MemoryContent, MemoryMimeType
from ._list_memory import ListMemory

__all__ = [
    "ContentType",
    "ListMemory",
    "Memory",
    "MemoryContent",
    "MemoryMimeType",
    "MemoryQueryResult",
    "UpdateContextResult",
]
