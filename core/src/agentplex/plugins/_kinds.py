"""Kinds of component and the hook that registers each."""

KINDS: dict[str, str] = {
    "model_client": "register_model_clients",
    "tool": "register_tools",
    "workbench": "register_workbenches",
    "memory": "register_memories",
    "cache_store": "register_cache_stores",
    "model_context": "register_model_contexts",
    "agent": "register_agents",
    "team": "register_teams",
    "termination_condition": "register_termination_conditions",
    "code_executor": "register_code_executors",
}
"""``kind -> hook name``; a component's ``component_type`` is one of the keys."""

ENTRY_POINT_GROUP = "agentplex"
BUILTIN_PLUGIN = "agentplex"
