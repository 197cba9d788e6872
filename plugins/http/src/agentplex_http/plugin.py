"""The hooks agentplex calls: the ``http`` and ``http_stream`` tool providers."""

from __future__ import annotations

from agentplex import hookimpl
from agentplex.hookspecs import Register


@hookimpl
def register_tools(register: Register) -> None:
    register("http", "agentplex_http:HttpTool")
    register("http_stream", "agentplex_http:HttpStreamTool")
