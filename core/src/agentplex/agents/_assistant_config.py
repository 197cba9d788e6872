"""The component config of AssistantAgent, and loading its parts back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .._errors import ComponentError
from ..components import ComponentBase, ComponentModel, load_component
from ..memory import Memory
from ..model_context import ChatCompletionContext
from ..models import ChatCompletionClient
from ..tools import Tool, Workbench
from ._handoff import Handoff


class AssistantAgentConfig(BaseModel):
    """Config of :class:`AssistantAgent`; child components nest as specs."""

    model_config = ConfigDict(extra="forbid")

    name: str
    model_client: ComponentModel
    tools: list[ComponentModel] = Field(default_factory=list)
    workbench: list[ComponentModel] = Field(default_factory=list)
    handoffs: list[Handoff] = Field(default_factory=list)
    model_context: ComponentModel | None = None
    memory: list[ComponentModel] = Field(default_factory=list)
    description: str
    system_message: str | None
    model_client_stream: bool = False
    reflect_on_tool_use: bool = False
    tool_call_summary_format: str = "{result}"
    max_tool_iterations: int = Field(default=1, ge=1)


def dump_each(items: Sequence[object], what: str, agent: str) -> list[ComponentModel]:
    """Specs of ``items``; a clear error for one that is not a component."""
    specs = []
    for index, item in enumerate(items):
        if not isinstance(item, ComponentBase):
            raise ComponentError(
                f"agent '{agent}' cannot be dumped: {what}[{index}] "
                f"({type(item).__name__}) is not a component"
            )
        specs.append(item.dump_component())
    return specs


def load_kwargs(config: AssistantAgentConfig) -> dict[str, Any]:
    """Constructor keyword arguments (everything but the name) for ``config``."""
    tools: list[Tool] = []
    for index, spec in enumerate(config.tools):
        tool = load_component(spec)
        if not isinstance(tool, Tool):
            raise ComponentError(
                f"tools[{index}] (provider '{spec.provider}') is a {type(tool).__name__}, "
                "not a tool"
            )
        tools.append(tool)
    context = config.model_context
    return {
        "model_client": ChatCompletionClient.load_component(config.model_client),
        "tools": tools,
        "workbench": [Workbench.load_component(spec) for spec in config.workbench],
        "handoffs": config.handoffs,
        "model_context": ChatCompletionContext.load_component(context) if context else None,
        "memory": [Memory.load_component(spec) for spec in config.memory],
        "description": config.description,
        "system_message": config.system_message,
        "model_client_stream": config.model_client_stream,
        "reflect_on_tool_use": config.reflect_on_tool_use,
        "tool_call_summary_format": config.tool_call_summary_format,
        "max_tool_iterations": config.max_tool_iterations,
    }
