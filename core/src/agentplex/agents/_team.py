"""The contract of a team, kept beside the agents so an agent can wrap a team."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, Mapping
from typing import Any

from .._cancellation import CancellationToken
from ..components import ComponentBase
from ..messages import BaseAgentEvent, BaseChatMessage, Task, TaskResult


class Team(ComponentBase, ABC):
    """Agents working a task together; implementations live in ``agentplex.teams``."""

    component_type = "team"

    @property
    @abstractmethod
    def name(self) -> str:
        """The team's name."""

    @abstractmethod
    async def run(
        self, *, task: Task | None = None, cancellation_token: CancellationToken | None = None
    ) -> TaskResult:
        """Work ``task`` (or continue the previous one) until a stop condition."""

    @abstractmethod
    def run_stream(
        self, *, task: Task | None = None, cancellation_token: CancellationToken | None = None
    ) -> AsyncGenerator[BaseAgentEvent | BaseChatMessage | TaskResult, None]:
        """Like :meth:`run`, yielding each message as it is produced, then the result."""

    @abstractmethod
    async def reset(self) -> None:
        """Forget the conversation and reset every participant."""

    @abstractmethod
    async def save_state(self) -> Mapping[str, Any]:
        """JSON-safe state of the team and its participants."""

    @abstractmethod
    async def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore what :meth:`save_state` returned."""

    async def close(self) -> None:
        """Release what the team and its participants hold (model connections, servers)."""
