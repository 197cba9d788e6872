"""The echo client as a component: its provider name, specs, and use inside a team."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from agentplex import ComponentError, hookimpl
from agentplex.components import Component, load_component
from agentplex.hookspecs import Register
from agentplex.messages import TextMessage
from agentplex.models import ChatCompletionClient, UserMessage
from agentplex.plugins import providers
from agentplex.teams import RoundRobinGroupChat
from agentplex.testing import RegisterPlugin
from agentplex.tools import BaseTool
from agentplex_echo import EchoChatCompletionClient, EchoChatCompletionClientConfig

SPEC: dict[str, Any] = {
    "provider": "echo",
    "component_type": "model_client",
    "config": {
        "prefix": "echo: ",
        "rules": [{"pattern": "(?i)hello", "reply": "Hi!"}],
        "stream_chunk_size": 3,
    },
}


def test_registered_as_echo() -> None:
    assert providers("model_client")["echo"] is EchoChatCompletionClient


async def test_spec_round_trip_keeps_behaviour() -> None:
    client = ChatCompletionClient.load_component(SPEC)
    assert isinstance(client, EchoChatCompletionClient)
    dumped = client.dump_component()
    assert dumped.provider == "echo"
    config = EchoChatCompletionClientConfig.model_validate(dumped.config)
    assert config == EchoChatCompletionClientConfig.model_validate(SPEC["config"])
    again = ChatCompletionClient.load_component(dumped)
    for text, expected in [("hello", "Hi!"), ("other", "echo: other")]:
        assert (await again.create([UserMessage(content=text)])).content == expected


def test_invalid_spec_names_the_field() -> None:
    bad = {**SPEC, "config": {"rules": [{"pattern": "(", "reply": "x"}]}}
    with pytest.raises(ComponentError, match=r"rules\.0"):
        load_component(bad)


class ShoutArgs(BaseModel):
    text: str


class ShoutConfig(BaseModel):
    pass


class Shout(BaseTool[ShoutArgs, str], Component[ShoutConfig]):
    """A tool only this test registers, in-process, as the provider ``shout``."""

    component_provider = "shout"
    component_config_schema = ShoutConfig

    def __init__(self) -> None:
        super().__init__(ShoutArgs, str, "shout", "Say it louder.")

    async def run(self, args: ShoutArgs, cancellation_token: object) -> str:
        return args.text.upper() + "!"

    def _to_config(self) -> ShoutConfig:
        return ShoutConfig()

    @classmethod
    def _from_config(cls, config: ShoutConfig) -> Shout:
        return cls()


class ShoutPlugin:
    @hookimpl
    def register_tools(self, register: Register) -> None:
        register("shout", Shout)


TEAM = {
    "provider": "round_robin",
    "component_type": "team",
    "config": {
        "participants": [
            {
                "provider": "assistant",
                "component_type": "agent",
                "config": {
                    "name": "crier",
                    "description": "Shouts.",
                    "system_message": None,
                    "model_client": {
                        "provider": "echo",
                        "component_type": "model_client",
                        "config": {
                            "rules": [
                                {
                                    "pattern": "shout (.+)",
                                    "call": "shout",
                                    "arguments": {"text": r"\1"},
                                }
                            ]
                        },
                    },
                    "tools": [{"provider": "shout", "component_type": "tool"}],
                    "reflect_on_tool_use": True,
                },
            }
        ],
        "termination_condition": {
            "provider": "max_message",
            "component_type": "termination_condition",
            "config": {"max_messages": 2},
        },
    },
}


async def test_team_spec_with_an_echo_model_calls_a_plugin_tool(
    register_plugin: RegisterPlugin,
) -> None:
    register_plugin(ShoutPlugin(), name="shout-test")
    team = load_component(TEAM)
    assert isinstance(team, RoundRobinGroupChat)
    result = await team.run(task="shout good news")
    last = result.messages[-1]
    assert isinstance(last, TextMessage)
    assert (last.source, last.content) == ("crier", "GOOD NEWS!")
