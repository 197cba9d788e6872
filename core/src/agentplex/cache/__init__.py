"""Caching: the :class:`CacheStore` contract, an in-memory store, and a caching model client.

Store plugins (disk, redis, ...) implement :class:`CacheStore`; those that hold text
or bytes use :func:`encode_value` and :func:`decode_value`.
"""

from ._chat_cache import ChatCompletionCache, ChatCompletionCacheConfig
from ._codec import decode_value, encode_value
from ._memory_store import InMemoryStore, InMemoryStoreConfig
from ._store import CacheStore

__all__ = [
    "CacheStore",
    "ChatCompletionCache",
    "ChatCompletionCacheConfig",
    "InMemoryStore",
    "InMemoryStoreConfig",
    "decode_value",
    "encode_value",
]
