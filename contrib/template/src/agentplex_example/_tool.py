"""ExampleTool: a tool with arguments a model fills in and a config a spec carries."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field

from agentplex import CancellationToken
from agentplex.components import Component
from agentplex.tools import BaseTool


class ExampleArgs(BaseModel):
    """What the model passes; field descriptions end up in the tool's JSON schema."""

    name: str = Field(description="who to greet")


class ExampleToolConfig(BaseModel):
    """What a component spec carries: settings, never code, and secrets as SecretStr."""

    model_config = ConfigDict(extra="forbid")

    greeting: str = "Hello"


class ExampleTool(BaseTool[ExampleArgs, str], Component[ExampleToolConfig]):
    """Greets someone by name with the configured greeting."""

    component_provider = "example"
    component_config_schema = ExampleToolConfig

    def __init__(self, greeting: str = "Hello") -> None:
        super().__init__(ExampleArgs, str, "example", "Greet someone by name.")
        self._greeting = greeting

    async def run(self, args: ExampleArgs, cancellation_token: CancellationToken) -> str:
        return f"{self._greeting}, {args.name}!"

    def _to_config(self) -> ExampleToolConfig:
        return ExampleToolConfig(greeting=self._greeting)

    @classmethod
    def _from_config(cls, config: ExampleToolConfig) -> Self:
        return cls(greeting=config.greeting)
