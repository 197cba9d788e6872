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


@hookimpl
def register_termination_conditions(register: Register) -> None:
    for name, cls in [
        ("max_message", "MaxMessageTermination"),
        ("text_mention", "TextMentionTermination"),
        ("stop_message", "StopMessageTermination"),
        ("token_usage", "TokenUsageTermination"),
        ("handoff", "HandoffTermination"),
        ("timeout", "TimeoutTermination"),
        ("external", "ExternalTermination"),
        ("source_match", "SourceMatchTermination"),
        ("text_message", "TextMessageTermination"),
        ("function_call", "FunctionCallTermination"),
        ("functional", "FunctionalTermination"),
        ("or", "OrTerminationCondition"),
        ("and", "AndTerminationCondition"),
    ]:
        register(name, f"agentplex.conditions:{cls}")


@hookimpl
def register_agents(register: Register) -> None:
    register("assistant", "agentplex.agents:AssistantAgent")
    register("user_proxy", "agentplex.agents:UserProxyAgent")
    register("code_executor", "agentplex.agents:CodeExecutorAgent")
    register("society_of_mind", "agentplex.agents:SocietyOfMindAgent")


@hookimpl
def register_code_executors(register: Register) -> None:
    register("local", "agentplex.code_executors:LocalCommandLineCodeExecutor")


@hookimpl
def register_teams(register: Register) -> None:
    register("round_robin", "agentplex.teams:RoundRobinGroupChat")
    register("selector", "agentplex.teams:SelectorGroupChat")
    register("swarm", "agentplex.teams:Swarm")
