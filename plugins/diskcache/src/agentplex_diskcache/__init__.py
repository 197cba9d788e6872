"""A cache store on disk for agentplex, on the ``diskcache`` library.

Registered as the cache store provider ``diskcache``.
"""

from ._store import DiskCacheStore, DiskCacheStoreConfig

__all__ = ["DiskCacheStore", "DiskCacheStoreConfig"]
