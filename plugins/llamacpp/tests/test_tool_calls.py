"""Tool calls through the constrained path, with the real SmolLM2 model."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from agentplex.agents import AssistantAgent
from agentplex.messages import ToolCallExecutionEvent, ToolCallRequestEvent
from agentplex.models import CreateResult, UserMessage
from agentplex.tools import FunctionTool
from agentplex_llamacpp import LlamaCppChatCompletionClient

from .conftest import drain

pytestmark = pytest.mark.asyncio(loop_scope="module")


def get_weather(city: str) -> str:
    """Get the current weather in a city."""
    return f"The weather in {city} is sunny, 21 degrees."


def convert(amount: float, currency: str) -> str:
    """Convert an amount of euros into another currency."""
    return f"{amount} EUR is {amount * 1.1:.2f} {currency}"


WEATHER = FunctionTool(get_weather)
CONVERT = FunctionTool(convert)
ASK_WEATHER = [UserMessage(content="What is the weather in Paris?", source="user")]


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def client() -> AsyncIterator[LlamaCppChatCompletionClient]:
    async with LlamaCppChatCompletionClient(temperature=0, seed=1, max_tokens=96) as client:
        yield client


def check_call(result: CreateResult, *tools: FunctionTool) -> str:
    """The name of the one valid call ``result`` holds, to one of ``tools``."""
    assert result.finish_reason == "function_calls"
    assert isinstance(result.content, list)
    [call] = result.content
    by_name = {tool.name: tool for tool in tools}
    assert call.name in by_name
    by_name[call.name].args_type().model_validate_json(call.arguments)
    return call.name


async def test_an_agent_calls_a_tool(client: LlamaCppChatCompletionClient) -> None:
    agent = AssistantAgent(
        "assistant",
        client,
        tools=[WEATHER],
        system_message="You are a helpful assistant. Use the get_weather tool for weather.",
    )
    result = await agent.run(task="What is the weather in Paris? Use the get_weather tool.")
    [request] = [m for m in result.messages if isinstance(m, ToolCallRequestEvent)]
    [call] = request.content
    assert call.name == "get_weather"
    arguments = WEATHER.args_type().model_validate_json(call.arguments)
    [execution] = [m for m in result.messages if isinstance(m, ToolCallExecutionEvent)]
    assert not execution.content[0].is_error
    assert execution.content[0].content == get_weather(**arguments.model_dump())


async def test_required_and_named_tool_choice(client: LlamaCppChatCompletionClient) -> None:
    required = await client.create(ASK_WEATHER, tools=[WEATHER, CONVERT], tool_choice="required")
    check_call(required, WEATHER, CONVERT)
    named = await client.create(ASK_WEATHER, tools=[WEATHER, CONVERT], tool_choice="convert")
    assert check_call(named, CONVERT) == "convert"


async def test_no_tools_offered_with_tool_choice_none(
    client: LlamaCppChatCompletionClient,
) -> None:
    result = await client.create(
        ASK_WEATHER, tools=[WEATHER], tool_choice="none", extra_create_args={"max_tokens": 24}
    )
    assert isinstance(result.content, str)
    assert result.finish_reason in ("stop", "length")


async def test_streaming_with_tools_yields_the_final_result(
    client: LlamaCppChatCompletionClient,
) -> None:
    parts = await drain(client.create_stream(ASK_WEATHER, tools=[WEATHER], tool_choice="required"))
    [result] = parts
    assert isinstance(result, CreateResult)
    assert check_call(result, WEATHER) == "get_weather"
