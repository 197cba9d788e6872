"""Serve an ASGI app on 127.0.0.1 for tests, so HTTP tools make real requests.

::

    with LocalServer(app) as server:
        tool = HttpTool("echo", server.host, server.port, schema, path="/echo")

Needs ``uvicorn`` (``pip install 'agentplex-http[testing]'``).
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Any, Final, Self

try:
    import uvicorn
except ImportError as error:  # pragma: no cover
    raise ImportError(
        "agentplex_http.testing needs uvicorn: pip install 'agentplex-http[testing]'"
    ) from error

_STARTUP_TIMEOUT = 10.0


class LocalServer:
    """Runs ``app`` with uvicorn in a daemon thread, on a free port of 127.0.0.1."""

    host: Final = "127.0.0.1"

    def __init__(self, app: Any) -> None:
        self._app = app
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None

    @property
    def port(self) -> int:
        """The port listened on; ``RuntimeError`` when not running."""
        if self._port is None:
            raise RuntimeError("LocalServer is not running: call start() first")
        return self._port

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        """Listen; returns once connections are accepted."""
        if self._server is not None:
            raise RuntimeError("LocalServer is already running")
        # IPPROTO_TCP so asyncio sets TCP_NODELAY on accepted connections (no 40 ms stalls).
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        listener.bind((self.host, 0))
        listener.listen()
        config = uvicorn.Config(
            self._app,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [listener]}, name="local-http", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                thread.join()
                listener.close()
                raise RuntimeError("LocalServer failed to start")
            time.sleep(0.005)
        self._server, self._thread, self._port = server, thread, listener.getsockname()[1]

    def stop(self) -> None:
        """Stop serving; does nothing when not running."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join()
        self._server = self._thread = self._port = None

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
