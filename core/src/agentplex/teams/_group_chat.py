"""The machinery every group chat shares: turns, broadcasting, stopping, state."""

from __future__ import annotations

import asyncio
from abc import abstractmethod
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Mapping, Sequence
from typing import Any, TypeVar

from .._cancellation import CancellationToken
from ..agents import BaseChatAgent, Team
from ..agents._state import check_state
from ..conditions import TerminationCondition
from ..messages import (
    BaseAgentEvent,
    BaseChatMessage,
    ModelClientStreamingChunkEvent,
    Response,
    Task,
    TaskResult,
    default_message_factory,
    final_result,
    task_messages,
)

Message = BaseAgentEvent | BaseChatMessage
T = TypeVar("T")


class StopRun(Exception):
    """Raised by :meth:`BaseGroupChat.select_speaker` to end the run with a reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BaseGroupChat(Team):
    """Participants take turns on a shared conversation until a condition stops them.

    Each participant is handed only the chat messages it has not seen yet, so a
    turn costs the same however long the conversation is.
    """

    def __init__(
        self,
        participants: Sequence[BaseChatAgent],
        *,
        name: str | None = None,
        termination_condition: TerminationCondition | None = None,
        max_turns: int | None = None,
    ) -> None:
        if not participants:
            raise ValueError(f"{type(self).__name__} needs at least one participant")
        names = [agent.name for agent in participants]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"participant names must be unique; repeated: {duplicates}")
        if max_turns is not None and max_turns < 1:
            raise ValueError(f"max_turns must be at least 1, got {max_turns}")
        self._name = name or type(self).__name__
        self._participants = list(participants)
        self._by_name = {agent.name: agent for agent in participants}
        self._termination_condition = termination_condition
        self._max_turns = max_turns
        self._thread: list[Message] = []
        self._unseen: dict[str, list[BaseChatMessage]] = {n: [] for n in names}
        self._running = False

    @property
    def name(self) -> str:
        return self._name

    @property
    def participants(self) -> list[BaseChatAgent]:
        return list(self._participants)

    @property
    def termination_condition(self) -> TerminationCondition | None:
        return self._termination_condition

    @property
    def max_turns(self) -> int | None:
        return self._max_turns

    @property
    def thread(self) -> list[Message]:
        """Every message of the conversation so far, events included."""
        return list(self._thread)

    @abstractmethod
    async def select_speaker(self, new_messages: Sequence[Message]) -> BaseChatAgent:
        """Who speaks next, given the messages since the previous selection."""

    async def run(
        self, *, task: Task | None = None, cancellation_token: CancellationToken | None = None
    ) -> TaskResult:
        return await final_result(self.run_stream(task=task, cancellation_token=cancellation_token))

    async def run_stream(
        self, *, task: Task | None = None, cancellation_token: CancellationToken | None = None
    ) -> AsyncGenerator[Message | TaskResult, None]:
        if self._running:
            raise RuntimeError(f"{self._name} is already running")
        self._running = True
        token = cancellation_token or CancellationToken()
        produced: list[Message] = []
        stop_reason: str | None = None
        try:
            incoming = task_messages(task)
            for message in incoming:
                self._record(message, produced, speaker=None)
                yield message
            stop_reason = await self._check_stop(incoming)
            turns = 0
            delta: list[Message] = list(incoming)
            while stop_reason is None:
                if self._max_turns is not None and turns >= self._max_turns:
                    stop_reason = f"Maximum number of turns {self._max_turns} reached."
                    break
                if token.is_cancelled():
                    raise asyncio.CancelledError("the run was cancelled")
                try:
                    speaker = await _cancellable(self.select_speaker(delta), token)
                except StopRun as stop:
                    stop_reason = stop.reason
                    break
                delta = []
                async for item in self._turn(speaker, token):
                    # Streamed chunks are for watching live; the whole message follows.
                    if not isinstance(item, ModelClientStreamingChunkEvent):
                        self._record(item, produced, speaker=speaker.name)
                        delta.append(item)
                    yield item
                turns += 1
                stop_reason = await self._check_stop(delta)
        finally:
            self._running = False
            if self._termination_condition is not None:
                await self._termination_condition.reset()
        yield TaskResult(messages=produced, stop_reason=stop_reason)

    async def _turn(
        self, speaker: BaseChatAgent, token: CancellationToken
    ) -> AsyncIterator[Message]:
        unseen, self._unseen[speaker.name] = self._unseen[speaker.name], []
        stream = speaker.on_messages_stream(unseen, token)
        try:
            while True:
                try:
                    item = await _cancellable(anext(stream), token)
                except StopAsyncIteration:
                    return
                yield item.chat_message if isinstance(item, Response) else item
        finally:
            await stream.aclose()

    def _record(self, message: Message, produced: list[Message], speaker: str | None) -> None:
        self._thread.append(message)
        produced.append(message)
        if isinstance(message, BaseChatMessage):
            for name, unseen in self._unseen.items():
                if name != speaker:
                    unseen.append(message)

    async def _check_stop(self, delta: Sequence[Message]) -> str | None:
        if self._termination_condition is None or not delta:
            return None
        stop = await self._termination_condition(delta)
        return stop.content if stop is not None else None

    async def reset(self) -> None:
        if self._running:
            raise RuntimeError(f"cannot reset {self._name} while it is running")
        token = CancellationToken()
        for agent in self._participants:
            await agent.on_reset(token)
        if self._termination_condition is not None:
            await self._termination_condition.reset()
        self._thread = []
        self._unseen = {agent.name: [] for agent in self._participants}
        self._reset_selection()

    async def close(self) -> None:
        for agent in self._participants:
            await agent.close()

    def _reset_selection(self) -> None:
        """Forget who spoke; subclasses with selection state override this."""

    def _selection_state(self) -> dict[str, Any]:
        return {}

    def _load_selection_state(self, state: Mapping[str, Any]) -> None:
        """Restore what :meth:`_selection_state` saved."""

    async def save_state(self) -> Mapping[str, Any]:
        return {
            "type": f"{type(self).__name__}State",
            "version": 1,
            "agents": {agent.name: dict(await agent.save_state()) for agent in self._participants},
            "thread": [message.model_dump(mode="json") for message in self._thread],
            "unseen": {
                name: [message.id for message in unseen] for name, unseen in self._unseen.items()
            },
            "selection": self._selection_state(),
        }

    async def load_state(self, state: Mapping[str, Any]) -> None:
        data = check_state(state, f"{type(self).__name__}State", 1)
        agents = data.get("agents", {})
        missing = sorted(set(self._by_name) - set(agents))
        if missing:
            raise ValueError(f"saved state has no state for participants {missing}")
        for name, agent in self._by_name.items():
            await agent.load_state(agents[name])
        thread = [_message(item) for item in data.get("thread", [])]
        by_id = {message.id: message for message in thread}
        unseen: dict[str, list[BaseChatMessage]] = {}
        for name in self._by_name:
            ids = data.get("unseen", {}).get(name, [])
            unseen[name] = [m for i in ids if isinstance(m := by_id.get(i), BaseChatMessage)]
        self._thread = list(thread)
        self._unseen = unseen
        self._load_selection_state(data.get("selection", {}))


async def _cancellable(awaitable: Awaitable[T], token: CancellationToken) -> T:
    """Await ``awaitable`` in a task that ``token`` cancels at once."""
    task: asyncio.Future[T] = asyncio.ensure_future(awaitable)
    token.link_future(task)
    return await task


def _message(data: Mapping[str, Any]) -> Message:
    message = default_message_factory.create(data)
    if not isinstance(message, BaseAgentEvent | BaseChatMessage):
        raise ValueError(f"saved thread holds a {type(message).__name__}, not a message")
    return message
