"""Workload 3: an agent turn with one tool call against a text-only turn, and bare tools.

Both sides: one ``AssistantAgent`` with an async ``add`` ``FunctionTool`` on its
framework's ``ReplayChatCompletionClient``, scripted to alternate a text answer
and one call to ``add`` (answered, without reflection, by a tool-call summary).
Each turn is ``on_messages([TextMessage])`` after ``on_reset`` (untimed), so the
context is the same short one every time. The tool round trip is the tool turn
minus the text turn: announcing, validating, running and reporting one call.

Bare ``FunctionTool.run_json`` calls per second: ``add`` as a sync function (run
in a worker thread by both frameworks) and as an async one.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from .._workload import Metrics, Params, Row, Target, Workload

ARGUMENTS = '{"a": 1, "b": 2}'


def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


async def add_async(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


async def _turns(agent: Any, message: Any, token: Any, turns: int) -> Metrics:
    kinds: dict[str, list[float]] = {"text": [], "tool": []}
    for turn in range(2 * turns):
        await agent.on_reset(token)
        start = time.perf_counter()
        response = await agent.on_messages([message], token)
        kinds["tool" if turn % 2 else "text"].append(time.perf_counter() - start)
        expected = "ToolCallSummaryMessage" if turn % 2 else "TextMessage"
        if type(response.chat_message).__name__ != expected:
            raise RuntimeError(f"turn {turn} answered {response.chat_message!r}")
    text, tool = (statistics.mean(kinds[kind]) * 1e6 for kind in ("text", "tool"))
    return {
        "tools.text_turn_us": text,
        "tools.tool_turn_us": tool,
        "tools.round_trip_us": tool - text,
    }


async def _calls_per_second(tool: Any, token: Any, calls: int) -> float:
    args = {"a": 1, "b": 2}
    start = time.perf_counter()
    for _ in range(calls):
        await tool.run_json(args, token)
    return calls / (time.perf_counter() - start)


async def _bare(tool_class: Any, token: Any, params: Params) -> Metrics:
    sync_tool, async_tool = tool_class(add, "Add two numbers."), tool_class(add_async, "Add.")
    await _calls_per_second(sync_tool, token, 100)
    await _calls_per_second(async_tool, token, 100)
    return {
        "tools.run_json_sync_per_s": await _calls_per_second(sync_tool, token, params["sync"]),
        "tools.run_json_async_per_s": await _calls_per_second(async_tool, token, params["async"]),
    }


async def _agentplex_run(params: Params) -> Metrics:
    from agentplex import CancellationToken, FunctionCall
    from agentplex.agents import AssistantAgent
    from agentplex.messages import TextMessage
    from agentplex.models import ReplayChatCompletionClient, ReplayResponse
    from agentplex.tools import FunctionTool

    turns = params["turns"]
    call = [FunctionCall(id="call_1", name="add_async", arguments=ARGUMENTS)]
    script: list[ReplayResponse] = ["the answer is 3", call] * (turns + params["warmup"])
    client = ReplayChatCompletionClient(script)
    agent = AssistantAgent("agent", client, tools=[FunctionTool(add_async)])
    token, message = CancellationToken(), TextMessage(content="add 1 and 2", source="user")
    await _turns(agent, message, token, params["warmup"])
    return await _turns(agent, message, token, turns) | await _bare(FunctionTool, token, params)


async def _autogen_run(params: Params) -> Metrics:
    from autogen_agentchat.agents import AssistantAgent  # type: ignore[import-not-found]
    from autogen_agentchat.messages import TextMessage  # type: ignore[import-not-found]
    from autogen_core import CancellationToken, FunctionCall  # type: ignore[import-not-found]
    from autogen_core.models import CreateResult, RequestUsage  # type: ignore[import-not-found]
    from autogen_core.tools import FunctionTool  # type: ignore[import-not-found]
    from autogen_ext.models.replay import (  # type: ignore[import-not-found]
        ReplayChatCompletionClient,
    )

    turns = params["turns"]
    call = CreateResult(
        finish_reason="function_calls",
        content=[FunctionCall(id="call_1", name="add_async", arguments=ARGUMENTS)],
        usage=RequestUsage(prompt_tokens=0, completion_tokens=0),
        cached=False,
    )
    info: dict[str, Any] = {"vision": False, "function_calling": True, "json_output": False}
    info |= {"family": "unknown", "structured_output": False}
    script = ["the answer is 3", call] * (turns + params["warmup"])
    client = ReplayChatCompletionClient(script, model_info=info)
    tool = FunctionTool(add_async, description="Add two numbers.")
    agent = AssistantAgent("agent", client, tools=[tool])
    token, message = CancellationToken(), TextMessage(content="add 1 and 2", source="user")
    await _turns(agent, message, token, params["warmup"])
    return await _turns(agent, message, token, turns) | await _bare(FunctionTool, token, params)


def _agentplex(params: Params) -> Metrics:
    return asyncio.run(_agentplex_run(params))


def _autogen(params: Params) -> Metrics:
    return asyncio.run(_autogen_run(params))


def _params(quick: bool) -> Params:
    if quick:
        return {"turns": 20, "warmup": 5, "sync": 50, "async": 200}
    return {"turns": 2000, "warmup": 100, "sync": 3000, "async": 20000}


_ROWS = (
    Row("tools.text_turn_us", "agent turn, text only", "µs"),
    Row("tools.tool_turn_us", "agent turn, one tool call", "µs"),
    Row("tools.round_trip_us", "tool round trip (tool turn − text turn)", "µs", Target(0.3)),
    Row("tools.run_json_sync_per_s", "run_json, sync function", "calls/s", higher_is_better=True),
    Row("tools.run_json_async_per_s", "run_json, async function", "calls/s", higher_is_better=True),
)

WORKLOAD = Workload(
    name="tools",
    title="3. Tool calls",
    reps=3,
    rows=lambda _params: _ROWS,
    params=_params,
    agentplex=_agentplex,
    autogen=_autogen,
)
