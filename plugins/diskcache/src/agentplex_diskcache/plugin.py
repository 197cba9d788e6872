"""The hooks agentplex calls: the ``diskcache`` cache store provider."""

from __future__ import annotations

from agentplex import hookimpl
from agentplex.hookspecs import Register


@hookimpl
def register_cache_stores(register: Register) -> None:
    register("diskcache", "agentplex_diskcache:DiskCacheStore")
