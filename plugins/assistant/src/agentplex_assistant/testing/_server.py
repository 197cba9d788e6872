"""`AssistantsServer`: the Assistants API on 127.0.0.1, served by uvicorn in a thread."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import replace
from types import TracebackType
from typing import Self

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Mount

from . import _routes_files, _routes_runs, _routes_threads
from ._http import http_error_handler
from ._run import SubmittedToolOutput
from ._script import ScriptStep, check_script
from ._state import RecordedRequest, Settings, State

_START_TIMEOUT = 10.0


class AssistantsServer:
    """A stateful, scriptable Assistants API server for tests, driven by the real SDK.

    Point `openai.AsyncOpenAI(base_url=server.base_url, ...)` or
    `openai.AsyncAzureOpenAI(azure_endpoint=server.azure_endpoint, ...)` at it.
    Queue what the next runs do with `script_run`; unscripted runs reply
    `default_reply`. Runs and file batches move one status per `polls_per_status`
    retrieves, so a poller sees `queued`, then `in_progress`, then the outcome.
    """

    def __init__(
        self,
        *,
        polls_per_status: int = 1,
        default_reply: str = "This is a scripted reply.",
        api_key: str | None = None,
        poll_after_ms: int = 5,
    ) -> None:
        self._state = State(Settings(api_key=api_key, poll_after_ms=poll_after_ms))
        self.polls_per_status = polls_per_status
        self.default_reply = default_reply
        self._initial = replace(self._state.settings)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None

    @property
    def polls_per_status(self) -> int:
        """How many retrieves see each intermediate status (0: none, jump ahead)."""
        return self._state.settings.polls_per_status

    @polls_per_status.setter
    def polls_per_status(self, value: int) -> None:
        if value < 0:
            raise ValueError(f"polls_per_status must be >= 0, not {value}")
        self._state.settings.polls_per_status = value

    @property
    def default_reply(self) -> str:
        """The text of the reply of a run that has no script."""
        return self._state.settings.default_reply

    @default_reply.setter
    def default_reply(self, value: str) -> None:
        self._state.settings.default_reply = value

    @property
    def stream_event_limit(self) -> int | None:
        """Cut streamed answers after this many events (None: send them all).

        The run still moves on to its next stop; a client sees the stream break off
        early, as when a connection drops, and must poll to learn the outcome.
        """
        return self._state.settings.stream_event_limit

    @stream_event_limit.setter
    def stream_event_limit(self, value: int | None) -> None:
        if value is not None and value < 0:
            raise ValueError(f"stream_event_limit must be >= 0 or None, not {value}")
        self._state.settings.stream_event_limit = value

    @property
    def base_url(self) -> str:
        """The OpenAI base URL, `http://127.0.0.1:PORT/v1`."""
        return f"{self._root()}/v1"

    @property
    def azure_endpoint(self) -> str:
        """The Azure endpoint; the SDK adds `/openai/...?api-version=...`."""
        return self._root()

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first."""
        with self._state.lock:
            return list(self._state.requests)

    @property
    def tool_outputs(self) -> list[SubmittedToolOutput]:
        """Every accepted tool output, in submission order."""
        with self._state.lock:
            return list(self._state.tool_outputs)

    @property
    def scripts_pending(self) -> int:
        """How many queued scripts no run has taken yet."""
        with self._state.lock:
            return len(self._state.scripts)

    def script_run(self, *steps: ScriptStep) -> None:
        """Queue a script for the next run created (scripts are taken first in, first out).

        A script that ends without `Reply` or `Fail` completes with `default_reply`.
        """
        script = check_script(steps)
        with self._state.lock:
            self._state.scripts.append(script)

    def reset(self) -> None:
        """Forget all objects, queued scripts and records, and restore the settings.

        A server shared by several tests is reset between them.
        """
        with self._state.lock:
            self._state.clear()
            self._state.settings = replace(self._initial)

    def start(self) -> Self:
        """Start serving on a free port; returns the server once it accepts requests."""
        if self._thread is not None:
            raise RuntimeError("the server is already running")
        app = Starlette(
            routes=[Mount(prefix, routes=_routes()) for prefix in ("/v1", "/openai")],
            exception_handlers={HTTPException: http_error_handler},
        )
        app.state.assistants = self._state
        # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on such sockets, and
        # without it every response waits ~40 ms for a delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            http="h11",
            ws="none",
            timeout_graceful_shutdown=2,
        )
        server = uvicorn.Server(config)  # closes `sock` when it shuts down
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="assistants-server", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                sock.close()
                raise RuntimeError("the assistants server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving and wait for the server thread to end."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(_START_TIMEOUT)
        self._server = self._thread = self._port = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _root(self) -> str:
        if self._port is None:
            raise RuntimeError("the assistants server is not running; call start() first")
        return f"http://127.0.0.1:{self._port}"


def _routes() -> list[BaseRoute]:
    return [*_routes_threads.routes(), *_routes_runs.routes(), *_routes_files.routes()]
