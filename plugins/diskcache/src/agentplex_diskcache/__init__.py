"""A cache store on disk for agentplex, on the ``diskcache`` library.

Registered as the cache store provider ``diskcache``.

Importing this package is cheap: ``diskcache`` is imported when a name below is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentplex import lazy_exports

if TYPE_CHECKING:
    from ._store import DiskCacheStore, DiskCacheStoreConfig

_LAZY = {
    "DiskCacheStore": "._store",
    "DiskCacheStoreConfig": "._store",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "DiskCacheStore",
    "DiskCacheStoreConfig",
]
