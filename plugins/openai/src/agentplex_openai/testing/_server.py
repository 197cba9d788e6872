"""`ScriptedOpenAIServer`: the scripted app served by uvicorn in a daemon thread."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import NamedTuple, Self

import anyio

try:
    import starlette  # noqa: F401  (imported by ._app; checked here for the hint)
    import uvicorn
except ImportError as error:  # pragma: no cover
    hint = "agentplex_openai.testing needs starlette and uvicorn: "
    raise ImportError(hint + "pip install 'agentplex-openai[testing]'") from error

from ._app import build_app
from ._script import Reply
from ._state import RecordedRequest, Script

_STARTUP_TIMEOUT = 10.0
_WAIT_TIMEOUT = 5.0


class _Serving(NamedTuple):
    server: uvicorn.Server
    thread: threading.Thread
    port: int


class ScriptedOpenAIServer:
    """An OpenAI-compatible HTTP server on 127.0.0.1 that answers from a script.

    Each chat completion request, on any route, takes the next reply from one
    FIFO queue (see `enqueue`); when the queue is empty it gets ``default``, or
    a 500 error naming the request when ``default`` is ``None``. Every request
    is recorded in `requests`. Point a real ``openai.AsyncOpenAI`` at `base_url`
    or an ``openai.AsyncAzureOpenAI`` at `azure_endpoint`::

        with ScriptedOpenAIServer() as server:
            server.enqueue(TextReply("hi"))
            client = AsyncOpenAI(base_url=server.base_url, api_key="sk-test")

    Routes: ``POST /v1/chat/completions``,
    ``POST /openai/deployments/{deployment}/chat/completions?api-version=...``
    (needs an ``api-key`` header or a bearer token) and ``GET /v1/models``.
    Set ``expect_api_key`` to answer 401 to any other key.
    """

    def __init__(
        self,
        default: Reply | None = None,
        *,
        model: str = "scripted-model",
        expect_api_key: str | None = None,
    ) -> None:
        self._script = Script(default=default, expect_api_key=expect_api_key)
        self._app = build_app(self._script, model=model)
        self._serving: _Serving | None = None

    @property
    def default(self) -> Reply | None:
        """The reply given when the queue is empty (``None``: a 500 error)."""
        return self._script.default

    @default.setter
    def default(self, reply: Reply | None) -> None:
        self._script.default = reply

    @property
    def expect_api_key(self) -> str | None:
        """When set, requests with any other key get a 401."""
        return self._script.expect_api_key

    @expect_api_key.setter
    def expect_api_key(self, key: str | None) -> None:
        self._script.expect_api_key = key

    @property
    def port(self) -> int:
        """The port listened on; `RuntimeError` when not running."""
        if self._serving is None:
            raise RuntimeError("ScriptedOpenAIServer is not running: call start() first")
        return self._serving.port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v1``, for ``AsyncOpenAI(base_url=...)``."""
        return f"{self.azure_endpoint}/v1"

    @property
    def azure_endpoint(self) -> str:
        """``http://127.0.0.1:PORT``, for ``AsyncAzureOpenAI(azure_endpoint=...)``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def requests(self) -> list[RecordedRequest]:
        """The requests received so far, oldest first (a copy)."""
        return self._script.requests()

    @property
    def disconnects(self) -> int:
        """How many requests the client abandoned before the answer ended."""
        return sum(request.disconnected for request in self._script.requests())

    @property
    def pending(self) -> int:
        """How many queued replies no request has taken yet."""
        return self._script.pending()

    def enqueue(self, *replies: Reply) -> None:
        """Queue replies, answered in order by the coming chat completion requests."""
        self._script.enqueue(replies)

    def reset(self) -> None:
        """Forget queued replies and recorded requests."""
        self._script.reset()

    async def wait_for_disconnects(self, count: int = 1) -> None:
        """Wait until `disconnects` reaches ``count``; ``TimeoutError`` after 5 seconds."""
        with anyio.fail_after(_WAIT_TIMEOUT):
            # Disconnects are counted on the server thread, which cannot set an
            # event of the caller's loop, so poll.
            while self.disconnects < count:  # noqa: ASYNC110
                await anyio.sleep(0.01)

    def start(self) -> None:
        """Listen on a free port of 127.0.0.1; returns once connections are accepted."""
        if self._serving is not None:
            raise RuntimeError("ScriptedOpenAIServer is already running")
        # IPPROTO_TCP (not 0) so asyncio turns TCP_NODELAY on for accepted connections;
        # without it every request on a kept-alive connection waits ~40 ms for delayed ACKs.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port: int = listener.getsockname()[1]
        config = uvicorn.Config(
            self._app,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            http="h11",
            ws="none",
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [listener]},
            name="scripted-openai-server",
            daemon=True,
        )
        thread.start()
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                thread.join()
                listener.close()
                raise RuntimeError("ScriptedOpenAIServer failed to start")
            time.sleep(0.005)
        self._serving = _Serving(server, thread, port)

    def stop(self) -> None:
        """Stop serving and close the port; does nothing when not running."""
        if self._serving is None:
            return
        self._serving.server.should_exit = True
        self._serving.thread.join()
        self._serving = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
