"""llama.cpp's OpenAI-compatible server, running inside this process through ``xllamacpp``.

One server runs per model file and setting (:class:`ServerSettings`); every
client asking for the same settings shares it. :func:`acquire` starts it on
the first request and returns a :class:`ServerLease`; the server stops when
its last lease is released, and every server still running stops at
interpreter exit. Each function here blocks: call them through
``asyncio.to_thread``.

xllamacpp's ``Server`` loads the model in its constructor (holding the GIL),
listens on the port the OS picked, and stops when the object is deleted.
Deleting it is safe only once it listens and while no request is waiting for
an answer on an open connection: the stop waits for such requests, which
never finish once the server's loop has ended. So a start waits for
``/health``, and the clients close their connections before releasing a lease.
"""

from __future__ import annotations

import atexit
import http.client
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from agentplex import TRACE_LOGGER_NAME

from ._errors import ServerStartError
from ._model_file import verify_model
from ._progress import progress_line

HOST: Final = "127.0.0.1"
PARALLEL: Final = 2
"""Requests the server answers at once (its slots); they share the context window."""
READY_TIMEOUT: Final = 30.0
"""Seconds a loaded server may take to answer ``/health``."""

_trace = logging.getLogger(TRACE_LOGGER_NAME)


@dataclass(frozen=True)
class ServerSettings:
    """What makes two servers different; clients with equal settings share one."""

    model_path: Path
    alias: str
    """The model name the server answers to."""
    n_ctx: int
    threads: int


class _Running:
    def __init__(self, server: Any, base_url: str) -> None:
        self.server: Any = server
        self.base_url = base_url
        self.leases = 0


_lock = threading.Lock()
_running: dict[ServerSettings, _Running] = {}


class ServerLease:
    """A hold on a running server; :meth:`release` it when done (once is enough)."""

    def __init__(self, settings: ServerSettings, running: _Running) -> None:
        self.settings = settings
        self.base_url = running.base_url
        """``http://127.0.0.1:PORT``."""
        self._running: _Running | None = running

    def release(self) -> None:
        """Let go of the server; the last release stops it."""
        with _lock:
            running, self._running = self._running, None
            if running is None or _running.get(self.settings) is not running:
                return  # released before, or stopped at interpreter exit
            running.leases -= 1
            if running.leases:
                return
            del _running[self.settings]
        _stop(running)


def acquire(settings: ServerSettings) -> ServerLease:
    """A lease on the server for ``settings``, started (model verified first) if none runs."""
    with _lock:
        running = _running.get(settings)
        if running is None:
            running = _start(settings)
            _running[settings] = running
        running.leases += 1
        return ServerLease(settings, running)


def running_servers() -> int:
    """How many servers run in this process."""
    with _lock:
        return len(_running)


def _start(settings: ServerSettings) -> _Running:
    import xllamacpp

    with progress_line() as line:
        line.step(f"verifying {settings.model_path.name}")
        verify_model(settings.model_path)
        line.step("loading")
        params = xllamacpp.CommonParams()
        params.model.path = str(settings.model_path)
        params.model_alias = {settings.alias}
        params.n_ctx = settings.n_ctx
        params.n_parallel = PARALLEL
        params.kv_unified = True  # each request may use all of n_ctx; the slots share it
        params.cpuparams.n_threads = settings.threads
        params.cpuparams_batch.n_threads = settings.threads
        params.hostnames = [HOST]
        params.port = 0  # the OS picks a free port; listening_address reports it
        params.use_jinja = True
        params.ui = False
        params.verbosity = 0  # errors only; llama.cpp logs every request otherwise
        try:
            server = xllamacpp.Server(params)
        except RuntimeError as exc:
            raise ServerStartError(
                f"llama.cpp could not load {settings.model_path} with n_ctx={settings.n_ctx}: {exc}"
            ) from None
        base_url = str(server.listening_address).rstrip("/")
        _wait_until_ready(base_url)
    _trace.info(
        "llama.cpp serves %s at %s (started in %.1f s, %d thread(s))",
        settings.model_path.name,
        base_url,
        line.elapsed,
        settings.threads,
    )
    return _Running(server, base_url)


def _wait_until_ready(base_url: str) -> None:
    port = int(base_url.rsplit(":", 1)[1])
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        connection = http.client.HTTPConnection(HOST, port, timeout=READY_TIMEOUT)
        try:
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        if time.monotonic() > deadline:
            # Not stopped: deleting a server that never listened can block forever.
            raise ServerStartError(
                f"llama.cpp's server at {base_url} did not become ready in {READY_TIMEOUT:.0f} s"
            )
        time.sleep(0.01)


def _stop(running: _Running) -> None:
    started = time.perf_counter()
    running.server = None  # the last reference: xllamacpp stops the server and frees the model
    _trace.info(
        "llama.cpp server at %s stopped in %.2f s", running.base_url, time.perf_counter() - started
    )


@atexit.register
def _stop_all() -> None:
    with _lock:
        left = list(_running.values())
        _running.clear()
    for running in left:
        _stop(running)
