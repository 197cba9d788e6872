"""Termination conditions, alone and combined."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence

import pytest

from agentplex.conditions import (
    AndTerminationCondition,
    ExternalTermination,
    FunctionalTermination,
    FunctionCallTermination,
    HandoffTermination,
    MaxMessageTermination,
    OrTerminationCondition,
    SourceMatchTermination,
    StopMessageTermination,
    TerminatedError,
    TerminationCondition,
    TextMentionTermination,
    TextMessageTermination,
    TimeoutTermination,
    TokenUsageTermination,
)
from agentplex.messages import (
    BaseAgentEvent,
    BaseChatMessage,
    HandoffMessage,
    StopMessage,
    TextMessage,
    ToolCallExecutionEvent,
)
from agentplex.models import FunctionExecutionResult, RequestUsage

Msg = BaseAgentEvent | BaseChatMessage


def fired(condition: TerminationCondition) -> bool:
    return condition.terminated


def text(content: str, source: str = "a") -> TextMessage:
    return TextMessage(content=content, source=source)


async def test_max_message_counts_chat_messages_across_calls() -> None:
    condition = MaxMessageTermination(3)
    event = ToolCallExecutionEvent(content=[], source="a")
    assert await condition([text("1"), event]) is None
    assert await condition([text("2")]) is None
    stop = await condition([text("3")])
    assert stop is not None
    assert stop.content == "Maximum number of messages 3 reached"
    assert fired(condition)
    with pytest.raises(TerminatedError, match="reset"):
        await condition([text("4")])
    await condition.reset()
    assert not fired(condition)
    assert await condition([text("x")]) is None


async def test_max_message_can_count_events() -> None:
    condition = MaxMessageTermination(2, include_agent_event=True)
    assert await condition([ToolCallExecutionEvent(content=[], source="a"), text("x")])


def test_max_message_refuses_zero() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        MaxMessageTermination(0)


async def test_text_mention_with_and_without_sources() -> None:
    assert await TextMentionTermination("APPROVE")([text("I APPROVE", "critic")])
    limited = TextMentionTermination("APPROVE", sources=["critic"])
    assert await limited([text("APPROVE", "writer")]) is None
    assert await limited([text("ok, APPROVE", "critic")])


async def test_stop_message_handoff_source_and_text_message() -> None:
    assert await StopMessageTermination()([text("x"), StopMessage(content="bye", source="a")])
    handoff = HandoffMessage(content="over to you", target="user", source="a")
    assert await HandoffTermination("user")([handoff])
    assert await HandoffTermination("bob")([handoff]) is None
    assert await SourceMatchTermination(["b"])([text("x", "a")]) is None
    assert await SourceMatchTermination(["b"])([text("x", "b")])
    assert await TextMessageTermination("b")([text("x", "a")]) is None
    assert await TextMessageTermination()([text("x", "a")])


async def test_token_usage_accumulates() -> None:
    condition = TokenUsageTermination(max_total_token=10)
    used = text("x")
    used.models_usage = RequestUsage(prompt_tokens=4, completion_tokens=2)
    assert await condition([used]) is None
    stop = await condition([used])
    assert stop is not None
    assert "total 12 >= 10" in stop.content
    with pytest.raises(ValueError, match="at least one"):
        TokenUsageTermination()


async def test_timeout_and_external() -> None:
    timeout = TimeoutTermination(0.05)
    assert await timeout([text("x")]) is None
    await asyncio.sleep(0.06)
    assert await timeout([])
    external = ExternalTermination()
    assert await external([text("x")]) is None
    external.set()
    stop = await external([])
    assert stop is not None
    assert stop.content == "External termination requested"


async def test_function_call_termination_ignores_failed_calls() -> None:
    condition = FunctionCallTermination("approve")
    failed = FunctionExecutionResult(content="boom", name="approve", call_id="1", is_error=True)
    ok = FunctionExecutionResult(content="done", name="approve", call_id="2")
    assert await condition([ToolCallExecutionEvent(content=[failed], source="a")]) is None
    assert await condition([ToolCallExecutionEvent(content=[ok], source="a")])


def long_enough(messages: Sequence[Msg]) -> bool:
    return any(len(m.to_text()) > 5 for m in messages)


async def test_functional_sync_and_async() -> None:
    assert await FunctionalTermination(long_enough)([text("short")]) is None
    assert await FunctionalTermination(long_enough)([text("much longer")])

    async def has_done(messages: Sequence[Msg]) -> bool:
        return any("done" in m.to_text() for m in messages)

    assert await FunctionalTermination(has_done)([text("done")])


async def test_or_fires_on_either_and_merges_reasons() -> None:
    condition = MaxMessageTermination(5) | TextMentionTermination("STOP")
    assert isinstance(condition, OrTerminationCondition)
    stop = await condition([text("STOP")])
    assert stop is not None
    assert stop.content == "Text 'STOP' mentioned by a"
    both = MaxMessageTermination(1) | TextMentionTermination("STOP")
    stop = await both([text("STOP")])
    assert stop is not None
    assert stop.content.count(";") == 1


async def test_and_waits_for_all_even_across_calls() -> None:
    condition = TextMentionTermination("A") & TextMentionTermination("B")
    assert isinstance(condition, AndTerminationCondition)
    assert await condition([text("A")]) is None
    stop = await condition([text("B")])
    assert stop is not None
    assert "'A'" in stop.content
    assert "'B'" in stop.content
    await condition.reset()
    assert await condition([text("B")]) is None


def test_combinations_flatten() -> None:
    a, b, c = MaxMessageTermination(1), MaxMessageTermination(2), MaxMessageTermination(3)
    combined = a | b | c
    assert isinstance(combined, OrTerminationCondition)
    assert combined.conditions == [a, b, c]


@pytest.mark.parametrize(
    "condition",
    [
        MaxMessageTermination(4, include_agent_event=True),
        TextMentionTermination("DONE", sources=["x"]),
        StopMessageTermination(),
        TokenUsageTermination(max_prompt_token=5),
        HandoffTermination("user"),
        TimeoutTermination(1.5),
        ExternalTermination(),
        SourceMatchTermination(["a", "b"]),
        TextMessageTermination("a"),
        FunctionCallTermination("f"),
        (MaxMessageTermination(3) | TextMentionTermination("X")) & StopMessageTermination(),
    ],
)
def test_round_trip(condition: TerminationCondition) -> None:
    spec = json.loads(condition.dump_component().model_dump_json())
    loaded = TerminationCondition.load_component(spec)
    assert type(loaded) is type(condition)
    assert loaded.dump_component() == condition.dump_component()


def test_functional_needs_trust_and_refuses_lambdas() -> None:
    spec = FunctionalTermination(long_enough).dump_component()
    with pytest.raises(ValueError, match="trusted=True"):
        TerminationCondition.load_component(spec)
    loaded = TerminationCondition.load_component(spec, trusted=True)
    assert isinstance(loaded, FunctionalTermination)
    with pytest.raises(ValueError, match="lambda"):
        FunctionalTermination(lambda messages: True).dump_component()
