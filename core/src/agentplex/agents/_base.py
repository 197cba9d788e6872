"""The contract every agent implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, Mapping, Sequence
from typing import Any

from .._cancellation import CancellationToken
from ..components import ComponentBase
from ..messages import (
    BaseAgentEvent,
    BaseChatMessage,
    ModelClientStreamingChunkEvent,
    Response,
    Task,
    TaskResult,
    final_result,
    task_messages,
)
from ._state import check_state

StreamItem = BaseAgentEvent | BaseChatMessage | Response


class BaseChatAgent(ComponentBase, ABC):
    """An agent: takes new chat messages, answers with a :class:`Response`.

    A custom agent implements :attr:`produced_message_types`, :meth:`on_messages`
    and :meth:`on_reset`; everything else has a working default.
    """

    component_type = "agent"

    def __init__(self, name: str, description: str) -> None:
        if not name.isidentifier():
            raise ValueError(f"agent name must be a valid identifier, got {name!r}")
        self._name = name
        self._description = description

    @property
    def name(self) -> str:
        return self._name

    @property
    def description(self) -> str:
        return self._description

    @property
    @abstractmethod
    def produced_message_types(self) -> Sequence[type[BaseChatMessage]]:
        """The chat message types this agent can answer with."""

    @abstractmethod
    async def on_messages(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> Response:
        """Handle the messages new since the last call and answer."""

    async def on_messages_stream(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> AsyncGenerator[StreamItem, None]:
        """Like :meth:`on_messages`, yielding inner events first and the Response last."""
        response = await self.on_messages(messages, cancellation_token)
        for inner in response.inner_messages:
            yield inner
        yield response

    @abstractmethod
    async def on_reset(self, cancellation_token: CancellationToken) -> None:
        """Forget the conversation."""

    async def run(
        self, *, task: Task | None = None, cancellation_token: CancellationToken | None = None
    ) -> TaskResult:
        """Give the agent a task and wait for its answer."""
        return await final_result(self.run_stream(task=task, cancellation_token=cancellation_token))

    async def run_stream(
        self, *, task: Task | None = None, cancellation_token: CancellationToken | None = None
    ) -> AsyncGenerator[BaseAgentEvent | BaseChatMessage | TaskResult, None]:
        """The task messages, the agent's events and answer, then the :class:`TaskResult`."""
        token = cancellation_token or CancellationToken()
        incoming = task_messages(task)
        produced: list[BaseAgentEvent | BaseChatMessage] = []
        for message in incoming:
            produced.append(message)
            yield message
        async for item in self.on_messages_stream(incoming, token):
            if isinstance(item, Response):
                produced.append(item.chat_message)
                yield item.chat_message
            else:
                if not isinstance(item, ModelClientStreamingChunkEvent):
                    produced.append(item)
                yield item
        yield TaskResult(messages=produced)

    async def save_state(self) -> Mapping[str, Any]:
        """JSON-safe state; agents with a memory of the conversation extend it."""
        return {"type": type(self).__name__, "version": 1}

    async def load_state(self, state: Mapping[str, Any]) -> None:
        check_state(state, type(self).__name__, 1)

    async def close(self) -> None:
        """Release resources the agent holds."""
