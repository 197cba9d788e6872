"""The test helpers: skip (or fail, in CI) without redis-server, and a server that starts or
says why not."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from agentplex_redis.testing import REQUIRE_SERVICES_ENV, RedisServer, require_redis_server


def test_a_missing_server_skips_with_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv(REQUIRE_SERVICES_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install redis-server"):
        require_redis_server()


def test_a_missing_server_fails_when_services_are_required(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv(REQUIRE_SERVICES_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match="apt-get install redis-server"):
        require_redis_server()


def test_a_server_that_cannot_start_is_reported(tmp_path: Path) -> None:
    fake = tmp_path / "redis-server"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    server = RedisServer(executable=str(fake))
    with pytest.raises(RuntimeError, match="redis-server did not start; its log"):
        server.start()
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.port
    with pytest.raises(FileNotFoundError):
        RedisServer(executable=str(tmp_path / "missing")).start()


def test_the_server_answers_and_stops(redis_server: RedisServer) -> None:
    with RedisServer(require_redis_server()) as server:
        assert server.port != redis_server.port
        assert server.url == f"redis://127.0.0.1:{server.port}/0"
        port = server.port
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.port
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", port), timeout=1),
    ):
        pass
