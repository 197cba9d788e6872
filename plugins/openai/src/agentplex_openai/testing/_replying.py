"""Playing a scripted reply over ASGI, with delays, while watching for the client leaving."""

from __future__ import annotations

import json
from collections.abc import Callable

import anyio
from starlette.types import Receive, Scope, Send

from ._script import ErrorReply
from ._wire import JSON, Completion, completion_body, error_body, stream_chunks

_JSON_HEADERS = [(b"content-type", b"application/json")]
_SSE_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
]


class ReplyResponse:
    """An ASGI response that waits ``delay``, then sends its parts ``chunk_delay`` apart.

    If the client disconnects before the last part is sent, sending stops and
    ``on_disconnect`` is called.
    """

    def __init__(
        self,
        status: int,
        headers: list[tuple[bytes, bytes]],
        parts: list[bytes],
        on_disconnect: Callable[[], None],
        *,
        delay: float = 0.0,
        chunk_delay: float = 0.0,
    ) -> None:
        self._start = {"type": "http.response.start", "status": status, "headers": headers}
        self._parts = parts
        self._on_disconnect = on_disconnect
        self._delay = delay
        self._chunk_delay = chunk_delay

    @classmethod
    def error(cls, reply: ErrorReply, on_disconnect: Callable[[], None]) -> ReplyResponse:
        body = error_body(reply.message, reply.error_type, param=reply.param, code=reply.code)
        headers = list(_JSON_HEADERS)
        if reply.retry_after is not None:
            headers.append((b"retry-after", f"{reply.retry_after:g}".encode()))
        return cls(reply.status, headers, [_dump(body)], on_disconnect, delay=reply.delay)

    @classmethod
    def completion(cls, completion: Completion, on_disconnect: Callable[[], None]) -> ReplyResponse:
        body = _dump(completion_body(completion))
        return cls(200, _JSON_HEADERS, [body], on_disconnect, delay=completion.reply.delay)

    @classmethod
    def stream(
        cls, completion: Completion, on_disconnect: Callable[[], None], *, include_usage: bool
    ) -> ReplyResponse:
        events = [_dump(chunk) for chunk in stream_chunks(completion, include_usage=include_usage)]
        parts = [b"data: " + event + b"\n\n" for event in [*events, b"[DONE]"]]
        reply = completion.reply
        return cls(
            200,
            _SSE_HEADERS,
            parts,
            on_disconnect,
            delay=reply.delay,
            chunk_delay=reply.chunk_delay,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        finished = False

        async def play() -> None:
            nonlocal finished
            await self._play(send)
            finished = True
            group.cancel_scope.cancel()

        async with anyio.create_task_group() as group:
            group.start_soon(play)
            while (await receive())["type"] != "http.disconnect":
                pass
            group.cancel_scope.cancel()
        if not finished:
            self._on_disconnect()

    async def _play(self, send: Send) -> None:
        if self._delay:
            await anyio.sleep(self._delay)
        await send(self._start)
        last = len(self._parts) - 1
        for position, part in enumerate(self._parts):
            if position and self._chunk_delay:
                await anyio.sleep(self._chunk_delay)
            await send({"type": "http.response.body", "body": part, "more_body": position < last})


def _dump(body: JSON) -> bytes:
    return json.dumps(body).encode()
