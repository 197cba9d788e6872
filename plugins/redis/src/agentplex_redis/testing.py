"""A throwaway ``redis-server`` for tests: a free port of 127.0.0.1, nothing saved to disk.

::

    def test_something():
        with RedisServer() as server:
            client = redis.asyncio.Redis(host=server.host, port=server.port)

In a pytest fixture, call :func:`require_redis_server` first: it skips the test
when ``redis-server`` is not installed, and fails it instead when the environment
variable ``AGENTPLEX_REQUIRE_SERVICES`` is ``1`` (as CI sets it).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Final, Self

REQUIRE_SERVICES_ENV: Final = "AGENTPLEX_REQUIRE_SERVICES"
INSTALL_HINT: Final = (
    "redis-server is not on PATH; install it to run the redis tests "
    "(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)"
)

_STARTUP_TIMEOUT = 10.0
_PORT_ATTEMPTS = 3


def require_redis_server() -> str:
    """The path of ``redis-server``; skip the calling test when it is missing.

    When ``AGENTPLEX_REQUIRE_SERVICES=1`` a missing server fails the test instead,
    so CI never passes by skipping.
    """
    import pytest

    path = shutil.which("redis-server")
    if path is None:
        if os.environ.get(REQUIRE_SERVICES_ENV) == "1":
            pytest.fail(f"{INSTALL_HINT} ({REQUIRE_SERVICES_ENV}=1 forbids skipping)")
        pytest.skip(INSTALL_HINT)
    return path


class RedisServer:
    """``redis-server`` on a free port of 127.0.0.1, with persistence off.

    Runs with ``--save "" --appendonly no`` in a temporary working directory, which
    is removed on :meth:`stop`.
    """

    host: Final = "127.0.0.1"

    def __init__(self, executable: str = "redis-server") -> None:
        self._executable = executable
        self._process: subprocess.Popen[bytes] | None = None
        self._directory: tempfile.TemporaryDirectory[str] | None = None
        self._port: int | None = None

    @property
    def port(self) -> int:
        """The port listened on; ``RuntimeError`` when not running."""
        if self._port is None:
            raise RuntimeError("RedisServer is not running: call start() first")
        return self._port

    @property
    def url(self) -> str:
        """``redis://127.0.0.1:PORT/0``."""
        return f"redis://{self.host}:{self.port}/0"

    def start(self) -> None:
        """Start the server; returns once it answers ``PING``."""
        if self._process is not None:
            raise RuntimeError("RedisServer is already running")
        self._directory = tempfile.TemporaryDirectory(prefix="agentplex-redis-")
        try:
            self._process, self._port = self._launch(self._directory.name)
        except BaseException:
            self._directory.cleanup()
            self._directory = None
            raise

    def _launch(self, directory: str) -> tuple[subprocess.Popen[bytes], int]:
        failure = ""
        for _ in range(_PORT_ATTEMPTS):  # another program may take the port we picked
            port = _free_port()
            log = Path(directory) / f"redis-{port}.log"
            process = subprocess.Popen(
                [
                    *(self._executable, "--port", str(port), "--bind", self.host),
                    *("--save", "", "--appendonly", "no", "--dir", directory),
                    *("--logfile", str(log)),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if _wait_until_ready(process, port):
                return process, port
            process.kill()
            process.wait()
            failure = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
        raise RuntimeError(f"{self._executable} did not start; its log:\n{failure}")

    def stop(self) -> None:
        """Stop the server and remove its directory; does nothing when not running."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
            self._port = None
        if self._directory is not None:
            self._directory.cleanup()
            self._directory = None

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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_ready(process: subprocess.Popen[bytes], port: int) -> bool:
    deadline = time.monotonic() + _STARTUP_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(64).startswith(b"+PONG"):
                    return True
        except OSError:
            pass
        time.sleep(0.02)
    return False
