"""Starting, sharing and stopping llama.cpp's server in this process."""

from __future__ import annotations

import gc
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from agentplex.models import UserMessage
from agentplex_llamacpp import LlamaCppChatCompletionClient, ServerStartError
from agentplex_llamacpp._server import running_servers

from .conftest import os_threads, python_threads, settled_threads

HI = [UserMessage(content="Say hi.", source="user")]


def accepts_connections(url: str) -> bool:
    parts = urlsplit(url)
    assert parts.hostname == "127.0.0.1"
    assert parts.port is not None
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=1):
            return True
    except OSError:
        return False


async def run_once(client: LlamaCppChatCompletionClient) -> str:
    result = await client.create(HI)
    assert str(result.content).strip()
    assert client.server_url is not None
    return client.server_url


async def test_start_stop_and_restart_leave_nothing_behind() -> None:
    assert running_servers() == 0
    client = LlamaCppChatCompletionClient(max_tokens=4)
    assert client.server_url is None  # nothing starts before the first request
    first = await run_once(client)
    await client.close()
    assert client.server_url is None
    assert running_servers() == 0
    assert not accepts_connections(first)
    baseline, names = settled_threads(), python_threads()

    second = await run_once(client)  # a closed client starts the server again
    assert accepts_connections(second)
    assert os_threads() > baseline
    await client.close()
    assert not accepts_connections(second)
    assert settled_threads() <= baseline
    assert python_threads() == names


async def test_clients_of_one_model_share_a_server() -> None:
    first = LlamaCppChatCompletionClient(max_tokens=4)
    second = LlamaCppChatCompletionClient(max_tokens=4, temperature=0)
    other = LlamaCppChatCompletionClient(max_tokens=4, n_ctx=1024)
    try:
        url = await run_once(first)
        assert await run_once(second) == url
        assert running_servers() == 1
        await first.close()
        assert accepts_connections(url)  # still used by the second client
        assert await run_once(second) == url
        assert await run_once(other) != url  # other settings, another server
        assert running_servers() == 2
    finally:
        for client in (first, second, other):
            await client.close()
    assert running_servers() == 0
    assert not accepts_connections(url)


@pytest.mark.filterwarnings("ignore::ResourceWarning")  # its HTTP connection, never closed
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
async def test_a_client_dropped_unclosed_releases_its_server() -> None:
    client = LlamaCppChatCompletionClient(max_tokens=4)
    url = await run_once(client)
    del client
    gc.collect()
    assert running_servers() == 0
    assert not accepts_connections(url)


async def test_a_model_llama_cpp_cannot_load(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + bytes(1000))  # the magic bytes, then nothing usable
    client = LlamaCppChatCompletionClient(broken)
    with pytest.raises(ServerStartError, match=r"llama.cpp could not load .*broken.gguf"):
        await client.create(HI)
    assert running_servers() == 0
    assert client.server_url is None
