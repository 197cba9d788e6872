"""Following a run: its event stream, tool outputs, polling as a fallback, remote cancel."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from openai import APIError
from openai.types.beta.threads import Run

from agentplex import TRACE_LOGGER_NAME, CancellationToken, FunctionCall
from agentplex.models import FunctionExecutionResult

from ._content import reply_text
from ._errors import AssistantRunError
from ._sdk import call, linked, thread_messages

if TYPE_CHECKING:
    from openai import AsyncOpenAI, AsyncStream
    from openai.types.beta import AssistantStreamEvent
    from openai.types.beta.threads.run_create_params import AdditionalMessage
    from openai.types.beta.threads.run_submit_tool_outputs_params import ToolOutput

    Events = AsyncStream[AssistantStreamEvent]

_trace = logging.getLogger(TRACE_LOGGER_NAME)

FIRST_DELAY = 0.01
"""Seconds before the first poll; each later wait doubles, up to :data:`MAX_DELAY`."""
MAX_DELAY = 1.0
CANCEL_WAIT = 10.0
"""Seconds to wait, after asking for a cancel, for the run to reach ``cancelled``."""

_MOVING = frozenset({"queued", "in_progress", "cancelling"})
_TERMINAL = frozenset({"completed", "failed", "cancelled", "expired", "incomplete"})


def backoff(first: float = FIRST_DELAY, cap: float = MAX_DELAY) -> Iterator[float]:
    """Poll delays: ``first``, doubling each time, never more than ``cap``."""
    delay = first
    while True:
        yield delay
        delay = min(delay * 2, cap)


class ActiveRun:
    """A run this agent started, followed through its event stream until it stops.

    Each stream (from the create request, then from each tool-output submission)
    ends when the run requires action or ends. A stream that breaks off earlier is
    followed up by polling with :func:`backoff`.
    """

    def __init__(
        self, client: AsyncOpenAI, run: Run, events: Events, token: CancellationToken
    ) -> None:
        self._client = client
        self._runs = client.beta.threads.runs
        self._token = token
        self._events: Events | None = events
        self.run = run

    @property
    def is_active(self) -> bool:
        """The run has not reached a terminal status (as last seen)."""
        return self.run.status not in _TERMINAL

    async def wait(self) -> Run:
        """Follow the run until it requires action or ends; returns it then."""
        events, self._events = self._events, None
        if events is not None:
            try:
                await linked(self._token, self._follow(events))
            finally:
                await events.close()
        delays = backoff()
        while self.run.status in _MOVING:
            await linked(self._token, asyncio.sleep(next(delays)))
            await self._refresh(self._token)
        return self.run

    def function_calls(self) -> list[FunctionCall]:
        """The function calls a ``requires_action`` run waits for."""
        action = self.run.required_action
        if action is None or action.type != "submit_tool_outputs":
            raise self._error(f"requires an action this agent cannot take: {action!r}")
        return [
            FunctionCall(id=c.id, name=c.function.name, arguments=c.function.arguments)
            for c in action.submit_tool_outputs.tool_calls
        ]

    async def submit(self, results: Iterable[FunctionExecutionResult]) -> None:
        """Send the tool outputs; :meth:`wait` follows the run from there."""
        outputs: list[ToolOutput] = [
            {"tool_call_id": r.call_id, "output": r.content} for r in results
        ]
        run, thread = self.run.id, self.run.thread_id
        self._events = await call(
            lambda: self._runs.submit_tool_outputs(
                run, thread_id=thread, tool_outputs=outputs, stream=True
            ),
            self._token,
        )
        # Accepted outputs requeue the run; the stream's events may not say so first.
        self.run = self.run.model_copy(update={"status": "queued", "required_action": None})

    def failure(self) -> AssistantRunError:
        """The error for a run that ended without completing."""
        run = self.run
        if run.status == "failed" and run.last_error is not None:
            error = run.last_error
            return self._error(f"failed: {error.code}: {error.message}", error.code, error.message)
        if run.status == "incomplete":
            reason = run.incomplete_details.reason if run.incomplete_details else None
            return self._error(f"ended incomplete (reason: {reason or 'not given'})", reason)
        if run.status == "expired":
            return self._error("expired before it finished")
        return self._error(f"ended with status {run.status!r}")

    async def reply(self) -> str:
        """The text of the messages a completed run added to the thread."""
        messages = await thread_messages(
            self._client, self.run.thread_id, self._token, run_id=self.run.id
        )
        if not any(message.role == "assistant" for message in messages):
            raise self._error("completed without adding a message to the thread")
        return reply_text(messages)

    async def cancel(self) -> None:
        """Cancel the run remotely and wait (briefly) until it is ``cancelled``.

        Used when the call that started the run ends early; failures are logged, not
        raised, so the original reason for ending stays the one the caller sees.
        """
        if self._events is not None:
            await self._events.close()
            self._events = None
        run, thread = self.run.id, self.run.thread_id
        try:
            self.run = await call(lambda: self._runs.cancel(run, thread_id=thread))
            async with asyncio.timeout(CANCEL_WAIT):
                delays = backoff()
                while self.is_active:
                    await asyncio.sleep(next(delays))
                    await self._refresh(None)
        except Exception as exc:  # the run may have ended meanwhile; nothing to undo then
            _trace.warning("could not cancel run %s on thread %s: %s", run, thread, exc)

    async def _follow(self, events: Events) -> None:
        async for event in events:
            if isinstance(event.data, Run):
                self.run = event.data

    async def _refresh(self, token: CancellationToken | None) -> None:
        run, thread = self.run.id, self.run.thread_id
        self.run = await call(lambda: self._runs.retrieve(run, thread_id=thread), token)

    def _error(
        self, what: str, code: str | None = None, detail: str | None = None
    ) -> AssistantRunError:
        run = self.run
        return AssistantRunError(
            f"run {run.id} on thread {run.thread_id} {what}",
            run_id=run.id,
            thread_id=run.thread_id,
            status=run.status,
            code=code,
            detail=detail,
        )


@asynccontextmanager
async def start_run(
    client: AsyncOpenAI,
    thread_id: str,
    assistant_id: str,
    messages: list[AdditionalMessage],
    token: CancellationToken,
) -> AsyncIterator[ActiveRun]:
    """Post ``messages`` and start a streamed run; leaving early cancels the run.

    Neither the create request nor the wait for the run's first event is cut short
    by ``token``: the run's id is always known, so a cancelled call never leaves a
    run going on the thread.
    """
    runs = client.beta.threads.runs
    events = await call(
        lambda: runs.create(
            thread_id, assistant_id=assistant_id, additional_messages=messages, stream=True
        )
    )
    try:
        active = ActiveRun(client, await _created_run(events), events, token)
    except BaseException:
        await events.close()
        raise
    try:
        if token.is_cancelled():
            raise asyncio.CancelledError
        yield active
    except BaseException:
        if active.is_active:
            await active.cancel()
        raise


async def _created_run(events: Events) -> Run:
    """The run, from the first event of its stream."""
    while True:
        try:
            event = await anext(events)
        except StopAsyncIteration:
            message = "the run's event stream ended before the run was created"
            raise APIError(message, events.response.request, body=None) from None
        if isinstance(event.data, Run):
            return event.data
