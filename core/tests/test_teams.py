"""Group chats driven by simple custom agents and the scripted model client."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

import pytest

from agentplex import CancellationToken
from agentplex.agents import BaseChatAgent, SocietyOfMindAgent
from agentplex.conditions import (
    ExternalTermination,
    HandoffTermination,
    MaxMessageTermination,
    TextMentionTermination,
)
from agentplex.messages import (
    BaseChatMessage,
    HandoffMessage,
    Response,
    StopMessage,
    TaskResult,
    TextMessage,
)
from agentplex.models import ReplayChatCompletionClient
from agentplex.teams import RoundRobinGroupChat, SelectorGroupChat, Swarm, Team


class CountingAgent(BaseChatAgent):
    """Answers with the last number it saw plus one (the seed's example)."""

    def __init__(self, name: str, description: str = "counts") -> None:
        super().__init__(name, description)
        self.calls: list[list[str]] = []

    async def on_messages(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> Response:
        self.calls.append([m.to_text() for m in messages])
        last = int(messages[-1].to_text()) if messages else 0
        return Response(chat_message=TextMessage(content=str(last + 1), source=self.name))

    async def on_reset(self, cancellation_token: CancellationToken) -> None:
        self.calls = []

    @property
    def produced_message_types(self) -> Sequence[type[BaseChatMessage]]:
        return (TextMessage,)


class ScriptedAgent(BaseChatAgent):
    """Sends the given messages in order, one per turn."""

    def __init__(self, name: str, replies: list[str | tuple[str, str]], delay: float = 0) -> None:
        super().__init__(name, f"{name} agent")
        self.replies = list(replies)
        self.delay = delay

    async def on_messages(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> Response:
        if self.delay:
            await asyncio.sleep(self.delay)
        reply = self.replies.pop(0)
        if isinstance(reply, tuple):
            target, content = reply
            return Response(HandoffMessage(content=content, target=target, source=self.name))
        return Response(chat_message=TextMessage(content=reply, source=self.name))

    async def on_reset(self, cancellation_token: CancellationToken) -> None:
        pass

    @property
    def produced_message_types(self) -> Sequence[type[BaseChatMessage]]:
        return (TextMessage, HandoffMessage)


def contents(result: TaskResult) -> list[str]:
    return [m.to_text() for m in result.messages]


async def test_round_robin_order_max_turns_and_resume() -> None:
    a, b = CountingAgent("a"), CountingAgent("b")
    team = RoundRobinGroupChat([a, b], max_turns=3)
    result = await team.run(task="1")
    assert contents(result) == ["1", "2", "3", "4"]
    assert [m.source for m in result.messages] == ["user", "a", "b", "a"]
    assert result.stop_reason == "Maximum number of turns 3 reached."
    resumed = await team.run()
    assert contents(resumed) == ["5", "6", "7"]
    assert [m.source for m in resumed.messages] == ["b", "a", "b"]
    assert b.calls[1] == ["4"]  # each agent gets only what it has not seen yet


async def test_round_robin_stops_on_condition_and_resets_it() -> None:
    condition = TextMentionTermination("4")
    team = RoundRobinGroupChat(
        [CountingAgent("a"), CountingAgent("b")], termination_condition=condition
    )
    result = await team.run(task="1")
    assert contents(result)[-1] == "4"
    assert result.stop_reason == "Text '4' mentioned by a"
    assert not condition.terminated
    again = await team.run(task=TextMessage(content="10", source="user"))
    assert contents(again) == ["10", "11", "12", "13", "14"]  # fires again: reset worked


async def test_task_forms_and_bad_task() -> None:
    team = RoundRobinGroupChat([CountingAgent("a")], max_turns=1)
    task = [TextMessage(content="1", source="x"), TextMessage(content="7", source="y")]
    assert contents(await team.run(task=task)) == ["1", "7", "8"]
    with pytest.raises(TypeError, match="task\\[0\\]"):
        await team.run(task=[42])  # type: ignore[list-item]


def test_team_construction_errors() -> None:
    with pytest.raises(ValueError, match="at least one participant"):
        RoundRobinGroupChat([])
    with pytest.raises(ValueError, match="unique"):
        RoundRobinGroupChat([CountingAgent("a"), CountingAgent("a")])
    with pytest.raises(ValueError, match="max_turns"):
        RoundRobinGroupChat([CountingAgent("a")], max_turns=0)


async def test_run_stream_yields_messages_then_result() -> None:
    team = RoundRobinGroupChat([CountingAgent("a"), CountingAgent("b")], max_turns=2)
    items = [item async for item in team.run_stream(task="1")]
    assert isinstance(items[-1], TaskResult)
    assert [i.to_text() for i in items if not isinstance(i, TaskResult)] == ["1", "2", "3"]


async def test_cancelling_run_stream_stops_promptly_and_keeps_history() -> None:
    slow = ScriptedAgent("slow", ["first", "second", "third"], delay=0.05)
    other = ScriptedAgent("other", ["x", "y", "z"])
    team = RoundRobinGroupChat([slow, other])
    token = CancellationToken()
    seen: list[str] = []

    async def consume() -> None:
        async for item in team.run_stream(task="go", cancellation_token=token):
            if isinstance(item, TextMessage):
                seen.append(item.content)
                if item.content == "x":
                    token.cancel()  # the next speaker is mid-sleep when this lands

    with pytest.raises(asyncio.CancelledError):
        await consume()
    assert seen == ["go", "first", "x"]
    assert [m.to_text() for m in team.thread] == ["go", "first", "x"]
    state = await team.save_state()
    assert [m["content"] for m in state["thread"]] == ["go", "first", "x"]


async def test_cancelling_run_mid_turn() -> None:
    team = RoundRobinGroupChat([ScriptedAgent("slow", ["never"], delay=10)])
    token = CancellationToken()
    task = asyncio.create_task(team.run(task="go", cancellation_token=token))
    await asyncio.sleep(0.05)
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 1)
    assert [m.to_text() for m in team.thread] == ["go"]


async def test_external_termination_between_turns() -> None:
    stop = ExternalTermination()
    team = RoundRobinGroupChat(
        [CountingAgent("a"), CountingAgent("b")], termination_condition=stop, max_turns=10
    )
    async for item in team.run_stream(task="1"):
        if isinstance(item, TextMessage) and item.content == "3":
            stop.set()
        if isinstance(item, TaskResult):
            assert item.stop_reason == "External termination requested"
            assert contents(item)[-1] == "3"


async def test_state_round_trip_through_json_and_continue() -> None:
    team = RoundRobinGroupChat([CountingAgent("a"), CountingAgent("b")], max_turns=3)
    await team.run(task="1")
    state = json.loads(json.dumps(await team.save_state()))
    fresh = RoundRobinGroupChat([CountingAgent("a"), CountingAgent("b")], max_turns=2)
    await fresh.load_state(state)
    assert [m.to_text() for m in fresh.thread] == ["1", "2", "3", "4"]
    result = await fresh.run()
    assert [m.source for m in result.messages] == ["b", "a"]
    assert contents(result) == ["5", "6"]


async def test_load_state_errors() -> None:
    team = RoundRobinGroupChat([CountingAgent("a")])
    with pytest.raises(ValueError, match="expected RoundRobinGroupChatState"):
        await team.load_state({"type": "SwarmState", "version": 1})
    with pytest.raises(ValueError, match="newer"):
        await team.load_state({"type": "RoundRobinGroupChatState", "version": 99})
    with pytest.raises(ValueError, match="no state for participants"):
        await team.load_state({"type": "RoundRobinGroupChatState", "version": 1, "agents": {}})


async def test_reset_forgets_everything() -> None:
    a = CountingAgent("a")
    team = RoundRobinGroupChat([a, CountingAgent("b")], max_turns=2)
    await team.run(task="5")
    await team.reset()
    assert team.thread == []
    assert a.calls == []
    result = await team.run(task="1")
    assert [m.source for m in result.messages] == ["user", "a", "b"]


async def test_selector_func_and_candidate_func() -> None:
    agents = [CountingAgent("planner"), CountingAgent("worker"), CountingAgent("checker")]

    def selector(thread: Sequence[Any]) -> str | None:
        return "planner" if thread[-1].source != "planner" else None

    def candidates(thread: Sequence[Any]) -> list[str]:
        return ["worker"]

    model = ReplayChatCompletionClient([])
    team = SelectorGroupChat(
        agents, model, selector_func=selector, candidate_func=candidates, max_turns=4
    )
    result = await team.run(task="1")
    assert [m.source for m in result.messages[1:]] == ["planner", "worker", "planner", "worker"]
    assert model.calls == []  # neither choice needed the model


async def test_selector_model_picks_valid_name() -> None:
    model = ReplayChatCompletionClient(["I think worker.", "checker"])
    agents = [CountingAgent("planner"), CountingAgent("worker"), CountingAgent("checker")]
    team = SelectorGroupChat(agents, model, max_turns=2)
    result = await team.run(task="1")
    assert [m.source for m in result.messages[1:]] == ["worker", "checker"]
    prompt = model.calls[0].messages[0].content
    assert "planner: counts" in prompt
    assert "user: 1" in prompt


async def test_selector_model_with_invalid_names_retries_then_falls_back() -> None:
    model = ReplayChatCompletionClient(["nobody", "planner and worker", "still nobody"])
    agents = [CountingAgent("planner"), CountingAgent("worker"), CountingAgent("checker")]
    team = SelectorGroupChat(agents, model, max_turns=1, max_selector_attempts=3)
    result = await team.run(task="1")
    assert [m.source for m in result.messages[1:]] == ["planner"]  # first in order
    assert len(model.calls) == 3
    feedback = model.calls[1].messages[-1].content
    assert "names none of" in str(feedback)


async def test_selector_does_not_repeat_speaker_unless_allowed() -> None:
    model = ReplayChatCompletionClient(["planner", "planner", "planner", "planner"])
    agents = [CountingAgent("planner"), CountingAgent("worker")]
    team = SelectorGroupChat(agents, model, max_turns=2, max_selector_attempts=1)
    result = await team.run(task="1")
    assert [m.source for m in result.messages[1:]] == ["planner", "worker"]


async def test_swarm_follows_handoffs_and_stops_on_user_handoff() -> None:
    alice = ScriptedAgent("alice", [("bob", "bob, take it"), ("user", "need the user")])
    bob = ScriptedAgent("bob", ["working", ("alice", "back to alice")])
    carol = ScriptedAgent("carol", [])
    team = Swarm([alice, bob, carol], termination_condition=HandoffTermination("user"))
    result = await team.run(task="start")
    assert [m.source for m in result.messages] == ["user", "alice", "bob", "bob", "alice"]
    assert result.stop_reason == "Handoff to user from alice detected"
    state = json.loads(json.dumps(await team.save_state()))
    assert state["selection"] == {"current": "alice"}


async def test_swarm_handoff_to_outsider_ends_run() -> None:
    team = Swarm([ScriptedAgent("alice", [("user", "over to you")])])
    result = await team.run(task="start")
    assert result.stop_reason == "alice handed off to 'user', which is not a participant of Swarm"
    stopped = Swarm(
        [ScriptedAgent("alice", [("user", "over")])],
        termination_condition=HandoffTermination("user"),
    )
    assert (await stopped.run(task="s")).stop_reason == "Handoff to user from alice detected"


class NestedCountingAgent(BaseChatAgent):
    """The seed's nested-chat example: an agent that runs a counting team."""

    def __init__(self, name: str, counting_team: RoundRobinGroupChat) -> None:
        super().__init__(name, description="An agent that counts numbers.")
        self._counting_team = counting_team

    async def on_messages(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> Response:
        result = await self._counting_team.run(task=messages, cancellation_token=cancellation_token)
        last = result.messages[-1]
        assert isinstance(last, TextMessage)
        return Response(chat_message=last, inner_messages=result.messages[len(messages) : -1])

    async def on_reset(self, cancellation_token: CancellationToken) -> None:
        await self._counting_team.reset()

    @property
    def produced_message_types(self) -> Sequence[type[BaseChatMessage]]:
        return (TextMessage,)


async def test_seed_nested_counting_example() -> None:
    team = RoundRobinGroupChat(
        [CountingAgent("counting_agent_1"), CountingAgent("counting_agent_2")], max_turns=5
    )
    nested = NestedCountingAgent("nested_counting_agent", team)
    response = await nested.on_messages(
        [TextMessage(content="1", source="user")], CancellationToken()
    )
    assert [m.to_text() for m in response.inner_messages] == ["2", "3", "4", "5"]
    assert [m.source for m in response.inner_messages] == [
        "counting_agent_1",
        "counting_agent_2",
        "counting_agent_1",
        "counting_agent_2",
    ]
    assert response.chat_message.to_text() == "6"


async def test_society_of_mind_inside_a_team() -> None:
    inner = RoundRobinGroupChat([CountingAgent("c1"), CountingAgent("c2")], max_turns=2)
    summariser = ReplayChatCompletionClient(["The count reached 3.", "Now it reached 5."])
    mind = SocietyOfMindAgent("mind", inner, summariser)
    outer = RoundRobinGroupChat([mind], termination_condition=MaxMessageTermination(2))
    result = await outer.run(task="1")
    assert contents(result) == ["1", "2", "3", "The count reached 3."]
    prompt = summariser.calls[0].messages
    assert [getattr(m, "content", None) for m in prompt[1:4]] == ["1", "2", "3"]
    state = json.loads(json.dumps(await outer.save_state()))
    assert state["agents"]["mind"]["type"] == "SocietyOfMindAgentState"


async def test_agent_run_for_a_single_agent() -> None:
    result = await CountingAgent("solo").run(task="41")
    assert contents(result) == ["41", "42"]


async def test_stop_message_from_agent() -> None:
    class Stopper(ScriptedAgent):
        async def on_messages(
            self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
        ) -> Response:
            return Response(StopMessage(content="enough", source=self.name))

    from agentplex.conditions import StopMessageTermination

    team = RoundRobinGroupChat([Stopper("s", [])], termination_condition=StopMessageTermination())
    assert (await team.run(task="go")).stop_reason == "Stop message received"


def test_team_is_a_team() -> None:
    assert issubclass(RoundRobinGroupChat, Team)
