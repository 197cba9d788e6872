"""The hooks agentplex calls: the ``redis`` cache store provider."""

from __future__ import annotations

from agentplex import hookimpl
from agentplex.hookspecs import Register


@hookimpl
def register_cache_stores(register: Register) -> None:
    register("redis", "agentplex_redis:RedisStore")
