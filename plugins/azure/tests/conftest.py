"""A scripted OpenAI-compatible server (with Azure's routes) per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agentplex_openai.testing import ScriptedOpenAIServer


@pytest.fixture(scope="module")
def running_server() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer() as server:
        yield server


@pytest.fixture
def server(running_server: ScriptedOpenAIServer) -> Iterator[ScriptedOpenAIServer]:
    """The module's server, with an empty script and request log for each test."""
    running_server.reset()
    yield running_server
    running_server.reset()
    running_server.default = None
    running_server.expect_api_key = None
