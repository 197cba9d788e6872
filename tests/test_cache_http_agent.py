"""An AssistantAgent with an HttpTool, its model behind a ChatCompletionCache over each store
(in memory, diskcache, redis), run twice: the second run asks the model nothing and gives the
same answer, while the tool still calls the real HTTP server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import diskcache
import pytest
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from agentplex import FunctionCall
from agentplex.agents import AssistantAgent
from agentplex.cache import CacheStore, ChatCompletionCache, InMemoryStore
from agentplex.messages import TaskResult, TextMessage, ToolCallExecutionEvent
from agentplex.models import ReplayChatCompletionClient
from agentplex_diskcache import DiskCacheStore
from agentplex_http import HttpTool
from agentplex_http.testing import LocalServer
from agentplex_redis import RedisStore
from agentplex_redis.testing import RedisServer, require_redis_server

TASK = "What is the weather in Paris?"
ANSWER = "It is sunny and 21 C in Paris."


@pytest.fixture(scope="module")
def weather_server() -> Iterator[tuple[LocalServer, list[str]]]:
    cities: list[str] = []

    async def weather(request: Request) -> JSONResponse:
        city = request.path_params["city"]
        cities.append(city)
        return JSONResponse({"city": city, "sky": "sunny", "celsius": 21})

    with LocalServer(Starlette(routes=[Route("/weather/{city}", weather)])) as server:
        yield server, cities


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    with RedisServer(require_redis_server()) as server:
        yield server


@pytest.fixture(params=["in_memory", "diskcache", "redis"])
async def stores(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[CacheStore[Any], CacheStore[Any]]]:
    """Two stores over the same entries: one for each run, as two program runs would open."""
    if request.param == "in_memory":
        store: InMemoryStore[Any] = InMemoryStore()
        yield store, store
    elif request.param == "diskcache":
        first: DiskCacheStore[Any] = DiskCacheStore(diskcache.Cache(str(tmp_path)))
        second: DiskCacheStore[Any] = DiskCacheStore(diskcache.Cache(str(tmp_path)))
        yield first, second
        await first.close()
        await second.close()
    else:
        server: RedisServer = request.getfixturevalue("redis_server")
        client = Redis(host=server.host, port=server.port)
        yield RedisStore(client, prefix="agent-test:"), RedisStore(client, prefix="agent-test:")
        await client.flushdb()
        await client.aclose()


@pytest.mark.parametrize("stream", [False, True], ids=["create", "create_stream"])
async def test_the_second_run_is_answered_from_the_cache(
    weather_server: tuple[LocalServer, list[str]],
    stores: tuple[CacheStore[Any], CacheStore[Any]],
    stream: bool,
) -> None:
    server, cities = weather_server
    cities.clear()
    weather = HttpTool(
        "get_weather",
        server.host,
        server.port,
        {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
        path="/weather/{city}",
        method="GET",
        return_type="json",
        description="The current weather in a city.",
    )
    model = ReplayChatCompletionClient(  # scripted for one run only
        [[FunctionCall(id="call-1", name="get_weather", arguments='{"city": "Paris"}')], ANSWER]
    )

    async def run(store: CacheStore[Any]) -> TaskResult:
        agent = AssistantAgent(
            "assistant",
            ChatCompletionCache(model, store),
            tools=[weather],
            reflect_on_tool_use=True,
            model_client_stream=stream,
        )
        return await agent.run(task=TASK)

    first = await run(stores[0])
    assert len(model.calls) == 2
    second = await run(stores[1])
    assert len(model.calls) == 2  # no model call in the second run

    for result in (first, second):
        answer = result.messages[-1]
        assert isinstance(answer, TextMessage)
        assert answer.content == ANSWER
        [execution] = [item for item in result.messages if isinstance(item, ToolCallExecutionEvent)]
        assert not execution.content[0].is_error
        assert '"celsius":21' in execution.content[0].content
    assert cities == ["Paris", "Paris"]  # the tool ran both times; only the model was cached
