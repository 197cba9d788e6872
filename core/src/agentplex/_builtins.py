"""The core's own components, registered through the same hooks as any plugin.

Targets are ``"module:Class"`` strings so nothing is imported until used.
"""

from __future__ import annotations

from .hookspecs import Register, hookimpl


@hookimpl
def register_model_clients(register: Register) -> None:
    register("replay", "agentplex.models:ReplayChatCompletionClient")
    register("chat_completion_cache", "agentplex.cache:ChatCompletionCache")


@hookimpl
def register_tools(register: Register) -> None:
    register("function", "agentplex.tools:FunctionTool")


@hookimpl
def register_workbenches(register: Register) -> None:
    register("static", "agentplex.tools:StaticWorkbench")
    register("static_stream", "agentplex.tools:StaticStreamWorkbench")


@hookimpl
def register_memories(register: Register) -> None:
    register("list", "agentplex.memory:ListMemory")


@hookimpl
def register_cache_stores(register: Register) -> None:
    register("in_memory", "agentplex.cache:InMemoryStore")


@hookimpl
def register_model_contexts(register: Register) -> None:
    register("unbounded", "agentplex.model_context:UnboundedChatCompletionContext")
    register("buffered", "agentplex.model_context:BufferedChatCompletionContext")
    register("head_and_tail", "agentplex.model_context:HeadAndTailChatCompletionContext")
    register("token_limited", "agentplex.model_context:TokenLimitedChatCompletionContext")
