"""The Console renders a run: messages, tool calls, streamed tokens, and a summary."""

from __future__ import annotations

import io

from agentplex import CancellationToken, FunctionCall
from agentplex.agents import AssistantAgent
from agentplex.messages import Response, TaskResult, TextMessage
from agentplex.models import ReplayChatCompletionClient
from agentplex.teams import RoundRobinGroupChat
from agentplex.ui import Console


def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


def make_agent() -> AssistantAgent:
    model = ReplayChatCompletionClient(
        [[FunctionCall(id="c1", name="add", arguments='{"a": 2, "b": 3}')], "The sum is 5."]
    )
    return AssistantAgent(
        "calc", model, tools=[add], reflect_on_tool_use=True, model_client_stream=True
    )


async def test_plain_output_of_a_team_run_with_tools_and_streaming() -> None:
    out = io.StringIO()
    team = RoundRobinGroupChat([make_agent()], max_turns=1)
    result = await Console(team.run_stream(task="What is 2 + 3?"), output=out)
    assert isinstance(result, TaskResult)
    text = out.getvalue()
    assert "---------- TextMessage (user) ----------\nWhat is 2 + 3?\n" in text
    assert 'call add({"a": 2, "b": 3})' in text
    assert "result add: 5" in text
    assert "---------- calc (streaming) ----------\nThe sum is 5.\n" in text
    assert text.count("The sum is 5.") == 1  # streamed once, not printed again
    assert "Stop reason: Maximum number of turns 1 reached." in text
    assert "Tokens: " in text
    assert "Duration: " in text


async def test_rich_output_and_agent_message_stream() -> None:
    out = io.StringIO()
    agent = make_agent()
    stream = agent.on_messages_stream(
        [TextMessage(content="What is 2 + 3?", source="user")],
        cancellation_token=CancellationToken(),
    )
    result = await Console(stream, output=out, use_rich=True)
    assert isinstance(result, Response)
    text = out.getvalue()
    assert "calc" in text
    assert 'add({"a": 2, "b": 3})' in text
    assert "The sum is 5." in text
    assert "Summary" in text


async def test_without_stats() -> None:
    out = io.StringIO()
    await Console(make_agent().run_stream(task="hi"), output=out, output_stats=False)
    assert "Summary" not in out.getvalue()
