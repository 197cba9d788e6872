"""What an agent answers and what a run ends with."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

from ._base import BaseAgentEvent, BaseChatMessage, BaseMessage
from ._chat import TextMessage


@dataclass
class Response:
    """An agent's answer to one call: the chat message and the events on the way."""

    chat_message: BaseChatMessage
    inner_messages: list[BaseAgentEvent | BaseChatMessage] = field(default_factory=list)


@dataclass
class TaskResult:
    """The messages a run produced and why it stopped (None: it did not stop early)."""

    messages: list[BaseAgentEvent | BaseChatMessage]
    stop_reason: str | None = None


async def final_result(stream: AsyncIterator[object]) -> TaskResult:
    """Drain a ``run_stream`` and return its closing :class:`TaskResult`."""
    result = None
    async for item in stream:
        if isinstance(item, TaskResult):
            result = item
    if result is None:
        raise RuntimeError("the run ended without a TaskResult")
    return result


Task = str | BaseChatMessage | Sequence[BaseChatMessage]
"""A task: text (sent as a user TextMessage), a message, or a list of messages."""


def task_messages(task: Task | None) -> list[BaseChatMessage]:
    """The task as a list of chat messages; a clear error for anything else."""
    if task is None:
        return []
    if isinstance(task, str):
        return [TextMessage(content=task, source="user")]
    if isinstance(task, BaseChatMessage):
        return [task]
    messages: list[object] = list(task)
    for index, message in enumerate(messages):
        if not isinstance(message, BaseChatMessage):
            kind = "an agent event" if isinstance(message, BaseMessage) else type(message).__name__
            raise TypeError(f"task[{index}] is {kind}, but a task holds only chat messages")
    return [m for m in messages if isinstance(m, BaseChatMessage)]
