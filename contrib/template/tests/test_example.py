"""The example plugin: its hooks, its entry point, its tool, and the tool in an agent."""

from __future__ import annotations

import pytest

from agentplex import CancellationToken, ComponentError, FunctionCall
from agentplex.agents import AssistantAgent
from agentplex.components import load_component
from agentplex.messages import ToolCallSummaryMessage
from agentplex.models import ReplayChatCompletionClient
from agentplex.plugins import Registry, plugins, providers
from agentplex.tools import ToolArgumentsError
from agentplex_example import ExampleTool, plugin


def test_hooks_register_the_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hooks alone, in a registry that loads no installed plugin."""
    monkeypatch.setenv("AGENTPLEX_PLUGINS", "")
    registry = Registry()
    registry.register(plugin, name="example-in-process")
    assert registry.providers("tool")["example"] is ExampleTool


def test_installed_entry_point_is_found() -> None:
    """The pyproject's entry point, as ``pip install`` set it up."""
    (info,) = [info for info in plugins() if info.name == "example"]
    assert (info.distribution, info.errors) == ("agentplex-example", [])
    assert info.providers == {"tool": ["example"]}
    assert providers("tool")["example"] is ExampleTool


async def test_tool_greets() -> None:
    tool = ExampleTool(greeting="Hi")
    assert await tool.run_json({"name": "Ada"}, CancellationToken()) == "Hi, Ada!"
    with pytest.raises(ToolArgumentsError, match="name"):
        await tool.run_json({}, CancellationToken())


def test_spec_round_trip() -> None:
    spec = {"provider": "example", "component_type": "tool", "config": {"greeting": "Hey"}}
    tool = load_component(spec)
    assert isinstance(tool, ExampleTool)
    assert tool.dump_component().config == spec["config"]
    with pytest.raises(ComponentError, match="greting"):
        load_component({**spec, "config": {"greting": "typo"}})


async def test_an_agent_calls_the_tool() -> None:
    """A scripted model asks for the tool, as a real one would."""
    call = FunctionCall(id="call-1", name="example", arguments='{"name": "Ada"}')
    model = ReplayChatCompletionClient([[call]])
    agent = AssistantAgent("greeter", model_client=model, tools=[ExampleTool()])
    result = await agent.run(task="greet Ada")
    last = result.messages[-1]
    assert isinstance(last, ToolCallSummaryMessage)
    assert last.content == "Hello, Ada!"
