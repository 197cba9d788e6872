"""AssistantAgent driven by the scripted model client: turns, tools, handoffs, state."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

import pytest
from pydantic import BaseModel

from agentplex import CancellationToken, ComponentError, FunctionCall, Image
from agentplex.agents import (
    AssistantAgent,
    BaseChatAgent,
    Handoff,
    StateError,
    StructuredOutputError,
)
from agentplex.memory import ListMemory, MemoryContent, MemoryMimeType
from agentplex.messages import (
    BaseAgentEvent,
    BaseChatMessage,
    HandoffMessage,
    MemoryQueryEvent,
    ModelClientStreamingChunkEvent,
    MultiModalMessage,
    Response,
    StructuredMessage,
    TaskResult,
    TextMessage,
    ThoughtEvent,
    ToolCallExecutionEvent,
    ToolCallRequestEvent,
    ToolCallSummaryMessage,
)
from agentplex.model_context import BufferedChatCompletionContext
from agentplex.models import (
    REPLAY_MODEL_INFO,
    AssistantMessage,
    CreateResult,
    FunctionExecutionResult,
    FunctionExecutionResultMessage,
    LLMMessage,
    ReplayChatCompletionClient,
    ReplayResponse,
    RequestUsage,
    SystemMessage,
    UserMessage,
)
from agentplex.tools import FunctionTool, StaticWorkbench

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"{city}: sunny, 21 C"


def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


def call(name: str, arguments: str = "{}", call_id: str | None = None) -> FunctionCall:
    return FunctionCall(id=call_id or f"call_{name}", name=name, arguments=arguments)


def client(*responses: ReplayResponse, **info: Any) -> ReplayChatCompletionClient:
    model_info = {**REPLAY_MODEL_INFO, **info} if info else None
    return ReplayChatCompletionClient(list(responses), model_info=model_info)


async def stream(
    agent: BaseChatAgent, *messages: BaseChatMessage, token: CancellationToken | None = None
) -> tuple[list[BaseAgentEvent | BaseChatMessage], Response]:
    """The inner items and the Response of one on_messages_stream call."""
    items: list[BaseAgentEvent | BaseChatMessage] = []
    response: Response | None = None
    async for item in agent.on_messages_stream(list(messages), token or CancellationToken()):
        if isinstance(item, Response):
            response = item
        else:
            items.append(item)
    assert response is not None
    assert response.inner_messages == items
    return items, response


def user(text: str) -> TextMessage:
    return TextMessage(content=text, source="user")


# -- text turns -------------------------------------------------------------------------


async def test_text_turn_sends_system_message_and_history() -> None:
    model = client("Hello!", "Why did the chicken cross the road?")
    agent = AssistantAgent("assistant", model, system_message="Be brief.")
    first = await agent.on_messages([user("Hi")], CancellationToken())
    assert isinstance(first.chat_message, TextMessage)
    assert first.chat_message.content == "Hello!"
    assert first.chat_message.source == "assistant"
    assert first.chat_message.models_usage == RequestUsage(prompt_tokens=3, completion_tokens=1)
    second = await agent.on_messages([user("Tell me a joke.")], CancellationToken())
    assert second.chat_message.to_text() == "Why did the chicken cross the road?"
    assert model.calls[1].messages == [
        SystemMessage(content="Be brief."),
        UserMessage(content="Hi", source="user"),
        AssistantMessage(content="Hello!", source="assistant"),
        UserMessage(content="Tell me a joke.", source="user"),
    ]
    assert model.calls[0].tools == []


async def test_run_returns_task_and_answer() -> None:
    agent = AssistantAgent("assistant", client("4"), system_message=None)
    result = await agent.run(task="2+2?")
    assert [m.to_text() for m in result.messages] == ["2+2?", "4"]
    assert agent.produced_message_types == (TextMessage,)


async def test_thought_is_yielded_and_kept_in_context() -> None:
    answer = CreateResult(finish_reason="stop", content="42", usage=RequestUsage(), thought="hmm")
    agent = AssistantAgent("assistant", client(answer))
    items, response = await stream(agent, user("?"))
    assert [type(i) for i in items] == [ThoughtEvent]
    assert items[0].to_text() == "hmm"
    history = await agent.model_context.get_messages()
    assert history[-1] == AssistantMessage(content="42", thought="hmm", source="assistant")
    assert response.chat_message.to_text() == "42"


async def test_reset_forgets_the_conversation() -> None:
    model = client("a", "b")
    agent = AssistantAgent("assistant", model, system_message=None)
    await agent.on_messages([user("one")], CancellationToken())
    await agent.on_reset(CancellationToken())
    await agent.on_messages([user("two")], CancellationToken())
    assert model.calls[1].messages == [UserMessage(content="two", source="user")]


# -- tools ------------------------------------------------------------------------------


async def test_single_tool_call_answers_with_summary() -> None:
    model = client([call("get_weather", '{"city": "Paris"}')])
    agent = AssistantAgent("assistant", model, tools=[get_weather])
    items, response = await stream(agent, user("Weather in Paris?"))
    request, execution = items
    assert isinstance(request, ToolCallRequestEvent)
    assert request.content == [call("get_weather", '{"city": "Paris"}')]
    assert request.models_usage is not None
    assert request.models_usage.completion_tokens > 0
    assert isinstance(execution, ToolCallExecutionEvent)
    expected = FunctionExecutionResult(
        content="Paris: sunny, 21 C", name="get_weather", call_id="call_get_weather"
    )
    assert execution.content == [expected]
    summary = response.chat_message
    assert isinstance(summary, ToolCallSummaryMessage)
    assert summary.content == "Paris: sunny, 21 C"
    assert summary.tool_calls == request.content
    assert summary.results == [expected]
    assert [t["name"] for t in model.calls[0].tools] == ["get_weather"]
    assert model.calls[0].tools[0]["description"] == "The weather in a city."
    history = await agent.model_context.get_messages()
    assert history[-2:] == [
        AssistantMessage(content=request.content, source="assistant"),
        FunctionExecutionResultMessage(content=[expected]),
    ]
    assert ToolCallSummaryMessage in agent.produced_message_types


async def test_parallel_tool_calls_run_concurrently() -> None:
    both_started = asyncio.Barrier(2)

    async def first(x: int) -> str:
        """First."""
        await asyncio.wait_for(both_started.wait(), 2)
        return f"first {x}"

    async def second(x: int) -> str:
        """Second."""
        await asyncio.wait_for(both_started.wait(), 2)
        return f"second {x}"

    calls = [call("second", '{"x": 2}', "b"), call("first", '{"x": 1}', "a")]
    agent = AssistantAgent("assistant", client(calls), tools=[first, second])
    response = await agent.on_messages([user("go")], CancellationToken())
    assert isinstance(response.chat_message, ToolCallSummaryMessage)
    assert response.chat_message.content == "second 2\nfirst 1"
    assert [r.call_id for r in response.chat_message.results] == ["b", "a"]


async def test_tool_loop_iterates_until_text() -> None:
    model = client(
        [call("add", '{"a": 1, "b": 2}', "1")],
        [call("add", '{"a": 3, "b": 4}', "2")],
        "The sums are 3 and 7.",
    )
    agent = AssistantAgent("assistant", model, tools=[add], max_tool_iterations=3)
    items, response = await stream(agent, user("sums?"))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["ToolCallRequestEvent", "ToolCallExecutionEvent"] * 2
    assert response.chat_message == TextMessage(
        id=response.chat_message.id,
        created_at=response.chat_message.created_at,
        content="The sums are 3 and 7.",
        source="assistant",
        models_usage=response.chat_message.models_usage,
    )
    last_prompt = model.calls[2].messages
    assert last_prompt[-1] == FunctionExecutionResultMessage(
        content=[FunctionExecutionResult(content="7", name="add", call_id="2")]
    )


async def test_tool_loop_stops_at_max_iterations_with_a_summary() -> None:
    model = client([call("add", '{"a": 1, "b": 2}', "1")], [call("add", '{"a": 3, "b": 4}', "2")])
    agent = AssistantAgent(
        "assistant",
        model,
        tools=[add],
        max_tool_iterations=2,
        tool_call_summary_format="{tool_name}({arguments}) -> {result} [error={is_error}]",
    )
    response = await agent.on_messages([user("sums?")], CancellationToken())
    assert response.chat_message.to_text() == (
        'add({"a": 1, "b": 2}) -> 3 [error=False]\nadd({"a": 3, "b": 4}) -> 7 [error=False]'
    )
    assert len(model.calls) == 2


@pytest.mark.parametrize(
    ("tool_call", "expected"),
    [
        (call("nope", "{}"), "unknown tool 'nope'; available tools: get_weather, explode"),
        (call("get_weather", '{"city": '), "arguments for tool 'get_weather' are not valid JSON"),
        (call("get_weather", '{"town": "x"}'), "field 'city': Field required"),
        (call("explode", "{}"), "tool 'explode' raised RuntimeError: boom"),
    ],
    ids=["unknown tool", "malformed JSON", "invalid arguments", "tool raises"],
)
async def test_tool_problems_go_back_to_the_model(tool_call: FunctionCall, expected: str) -> None:
    def explode() -> str:
        """Always fails."""
        raise RuntimeError("boom")

    model = client([tool_call], "Sorry, that failed.")
    agent = AssistantAgent(
        "assistant", model, tools=[get_weather, explode], reflect_on_tool_use=True
    )
    items, response = await stream(agent, user("go"))
    execution = items[1]
    assert isinstance(execution, ToolCallExecutionEvent)
    (result,) = execution.content
    assert result.is_error
    assert expected in result.content
    sent_back = model.calls[1].messages[-1]
    assert isinstance(sent_back, FunctionExecutionResultMessage)
    assert sent_back.content == [result]
    assert response.chat_message.to_text() == "Sorry, that failed."


async def test_workbench_and_tools_are_merged() -> None:
    model = client([call("add", '{"a": 2, "b": 2}', "1"), call("get_weather", '{"city": "Oslo"}')])
    workbench = StaticWorkbench([FunctionTool(add)])
    agent = AssistantAgent("assistant", model, tools=[get_weather], workbench=workbench)
    response = await agent.on_messages([user("go")], CancellationToken())
    assert response.chat_message.to_text() == "4\nOslo: sunny, 21 C"
    assert [t["name"] for t in model.calls[0].tools] == ["get_weather", "add"]


async def test_tool_names_must_be_unique_across_sources() -> None:
    workbench = StaticWorkbench([FunctionTool(get_weather)])
    agent = AssistantAgent("assistant", client("x"), tools=[get_weather], workbench=workbench)
    with pytest.raises(ValueError, match=r"two tools are named 'get_weather' \(from tools and"):
        await agent.on_messages([user("go")], CancellationToken())
    with pytest.raises(ValueError, match="has the name of a handoff"):
        AssistantAgent(
            "assistant",
            client(),
            tools=[FunctionTool(add, name="transfer_to_bob")],
            handoffs=["bob"],
        )


async def test_plain_function_without_docstring_is_described_by_its_name() -> None:
    def lookup(key: str) -> str:
        return key.upper()

    model = client([call("lookup", '{"key": "a"}')])
    agent = AssistantAgent("assistant", model, tools=[lookup])
    assert (
        await agent.on_messages([user("go")], CancellationToken())
    ).chat_message.to_text() == "A"
    assert model.calls[0].tools[0]["description"] == "lookup"


# -- reflection -------------------------------------------------------------------------


async def test_reflection_asks_the_model_once_more() -> None:
    model = client([call("get_weather", '{"city": "Rome"}')], "It is sunny in Rome.")
    agent = AssistantAgent("assistant", model, tools=[get_weather], reflect_on_tool_use=True)
    response = await agent.on_messages([user("Rome?")], CancellationToken())
    assert isinstance(response.chat_message, TextMessage)
    assert response.chat_message.content == "It is sunny in Rome."
    assert response.chat_message.models_usage is not None
    assert [c.tool_choice for c in model.calls] == ["auto", "none"]
    assert model.calls[1].messages[-1] == FunctionExecutionResultMessage(
        content=[
            FunctionExecutionResult(
                content="Rome: sunny, 21 C", name="get_weather", call_id="call_get_weather"
            )
        ]
    )


async def test_reflection_answered_with_another_tool_call_does_not_crash() -> None:
    ran: list[str] = []

    def record(city: str) -> str:
        """Records the city."""
        ran.append(city)
        return f"noted {city}"

    model = client(
        [call("record", '{"city": "Rome"}', "1")],
        [call("record", '{"city": "Milan"}', "2")],
        "Done.",
    )
    agent = AssistantAgent("assistant", model, tools=[record], reflect_on_tool_use=True)
    items, response = await stream(agent, user("go"))
    assert ran == ["Rome"]
    refused = items[-1]
    assert isinstance(refused, ToolCallExecutionEvent)
    assert refused.content[0].is_error
    assert "max_tool_iterations" in refused.content[0].content
    summary = response.chat_message
    assert isinstance(summary, ToolCallSummaryMessage)
    assert summary.content == "noted Rome"
    # The history stays valid: every tool call has its result, so the next turn works.
    history = await agent.model_context.get_messages()
    assert isinstance(history[-1], FunctionExecutionResultMessage)
    follow_up = await agent.on_messages([user("and?")], CancellationToken())
    assert follow_up.chat_message.to_text() == "Done."


async def test_structured_output_turns_reflection_on_by_default() -> None:
    class Weather(BaseModel):
        city: str

    model = client([call("get_weather", '{"city": "Rome"}')], '{"city": "Rome"}')
    agent = AssistantAgent("assistant", model, tools=[get_weather], output_content_type=Weather)
    response = await agent.on_messages([user("Rome?")], CancellationToken())
    assert isinstance(response.chat_message, StructuredMessage)
    assert response.chat_message.content == Weather(city="Rome")


# -- streaming --------------------------------------------------------------------------


async def test_streaming_chunks_name_the_final_message() -> None:
    agent = AssistantAgent("assistant", client("one two three"), model_client_stream=True)
    items, response = await stream(agent, user("count"))
    assert all(isinstance(i, ModelClientStreamingChunkEvent) for i in items)
    assert "".join(i.to_text() for i in items) == "one two three"
    assert {getattr(i, "full_message_id", None) for i in items} == {response.chat_message.id}


async def test_streaming_with_tools_and_reflection() -> None:
    model = client([call("get_weather", '{"city": "Rome"}')], "Sunny in Rome.")
    agent = AssistantAgent(
        "assistant", model, tools=[get_weather], reflect_on_tool_use=True, model_client_stream=True
    )
    items, response = await stream(agent, user("Rome?"))
    kinds = [type(i).__name__ for i in items]
    assert kinds[:2] == ["ToolCallRequestEvent", "ToolCallExecutionEvent"]
    chunks = [i for i in items if isinstance(i, ModelClientStreamingChunkEvent)]
    assert "".join(c.content for c in chunks) == "Sunny in Rome."
    assert {c.full_message_id for c in chunks} == {response.chat_message.id}
    assert all(c.stream for c in model.calls)


# -- handoffs ---------------------------------------------------------------------------


async def test_handoff_carries_the_turns_tool_calls() -> None:
    model = client(
        [call("get_weather", '{"city": "Oslo"}', "w"), call("transfer_to_bob", "{}", "h")]
    )
    agent = AssistantAgent("alice", model, tools=[get_weather], handoffs=["bob"])
    assert HandoffMessage in agent.produced_message_types
    items, response = await stream(agent, user("Ask bob."))
    handoff = response.chat_message
    assert isinstance(handoff, HandoffMessage)
    assert handoff.target == "bob"
    assert handoff.source == "alice"
    assert handoff.content == "Transferred to bob, adopting the role of bob immediately."
    weather = FunctionExecutionResult(content="Oslo: sunny, 21 C", name="get_weather", call_id="w")
    assert handoff.context == [
        AssistantMessage(content=[call("get_weather", '{"city": "Oslo"}', "w")], source="alice"),
        FunctionExecutionResultMessage(content=[weather]),
    ]
    execution = items[1]
    assert isinstance(execution, ToolCallExecutionEvent)
    assert [r.name for r in execution.content] == ["get_weather", "transfer_to_bob"]
    offered = {t["name"]: t for t in model.calls[0].tools}
    assert offered["transfer_to_bob"]["description"] == "Handoff to bob."


async def test_only_the_first_handoff_of_a_turn_is_taken() -> None:
    handoffs = [Handoff(target="bob", message="to bob"), Handoff(target="carol", name="ask_carol")]
    model = client([call("ask_carol", "{}", "1"), call("transfer_to_bob", "{}", "2")])
    agent = AssistantAgent("alice", model, handoffs=handoffs)
    items, response = await stream(agent, user("go"))
    assert isinstance(response.chat_message, HandoffMessage)
    assert response.chat_message.target == "carol"
    assert response.chat_message.context == []
    execution = items[1]
    assert isinstance(execution, ToolCallExecutionEvent)
    taken, skipped = execution.content
    assert not taken.is_error
    assert "carol" in taken.content
    assert skipped.is_error
    assert "transfers to carol" in skipped.content


async def test_incoming_handoff_context_enters_the_model_context() -> None:
    model = client("Hi, bob here.")
    agent = AssistantAgent("bob", model, system_message=None)
    context: list[LLMMessage] = [
        AssistantMessage(content=[call("lookup", "{}", "1")], source="alice"),
        FunctionExecutionResultMessage(
            content=[FunctionExecutionResult(content="found", name="lookup", call_id="1")]
        ),
    ]
    message = HandoffMessage(content="over to you", target="bob", source="alice", context=context)
    await agent.on_messages([message], CancellationToken())
    assert model.calls[0].messages == [*context, UserMessage(content="over to you", source="alice")]


# -- memory -----------------------------------------------------------------------------


async def test_memory_is_queried_before_the_model_call() -> None:
    memory = ListMemory(
        memory_contents=[MemoryContent(content="Likes metric units", mime_type=MemoryMimeType.TEXT)]
    )
    model = client("21 C")
    agent = AssistantAgent("assistant", model, memory=[memory, ListMemory(name="empty")])
    items, _ = await stream(agent, user("Temperature?"))
    assert len(items) == 1
    assert isinstance(items[0], MemoryQueryEvent)
    assert [m.content for m in items[0].content] == ["Likes metric units"]
    prompt = model.calls[0].messages
    assert isinstance(prompt[-1], SystemMessage)
    assert "Likes metric units" in prompt[-1].content


# -- structured output ------------------------------------------------------------------


class Verdict(BaseModel):
    approved: bool
    reason: str


async def test_structured_output_is_parsed() -> None:
    model = client('```json\n{"approved": true, "reason": "fine"}\n```')
    agent = AssistantAgent(
        "judge",
        model,
        output_content_type=Verdict,
        output_content_type_format="{approved}: {reason}",
    )
    response = await agent.on_messages([user("ok?")], CancellationToken())
    message = response.chat_message
    assert isinstance(message, StructuredMessage)
    assert message.content == Verdict(approved=True, reason="fine")
    assert message.to_text() == "True: fine"
    assert message.models_usage is not None
    assert model.calls[0].json_output is Verdict
    assert StructuredMessage in agent.produced_message_types


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("approved, looks fine", "it is not valid JSON"),
        ('{"approved": "maybe"}', "field 'approved'"),
    ],
)
async def test_structured_output_refuses_a_bad_answer(answer: str, problem: str) -> None:
    agent = AssistantAgent("judge", client(answer), output_content_type=Verdict)
    with pytest.raises(StructuredOutputError, match="not a valid Verdict") as caught:
        await agent.on_messages([user("ok?")], CancellationToken())
    assert problem in str(caught.value)


# -- cancellation and capabilities -----------------------------------------------------


async def test_cancellation_during_a_tool_call() -> None:
    started = asyncio.Event()
    cancelled = asyncio.Event()

    async def slow(cancellation_token: CancellationToken) -> str:
        """Takes long."""
        started.set()
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return "late"

    model = client([call("slow")], "never asked")
    agent = AssistantAgent("assistant", model, tools=[slow], reflect_on_tool_use=True)
    token = CancellationToken()
    task = asyncio.ensure_future(agent.on_messages([user("go")], token))
    await asyncio.wait_for(started.wait(), 2)
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 2)
    assert cancelled.is_set()
    assert len(model.calls) == 1
    # The unfinished call is recorded, so the history stays valid for the next turn.
    history = await agent.model_context.get_messages()
    assert history[-1] == FunctionExecutionResultMessage(
        content=[
            FunctionExecutionResult(
                content="cancelled before it finished",
                name="slow",
                call_id="call_slow",
                is_error=True,
            )
        ]
    )


async def test_model_without_function_calling_refuses_tools_up_front() -> None:
    model = client("x", function_calling=False)
    with pytest.raises(ValueError, match="does not support function calling"):
        AssistantAgent("assistant", model, tools=[add])
    with pytest.raises(ValueError, match="does not support function calling"):
        AssistantAgent("assistant", model, handoffs=["bob"])
    AssistantAgent("assistant", model)


async def test_model_without_vision_refuses_images_before_the_call() -> None:
    model = client("x", vision=False)
    agent = AssistantAgent("assistant", model)
    image = MultiModalMessage(content=["look", Image.from_bytes(PNG)], source="user")
    with pytest.raises(ValueError, match="does not support vision"):
        await agent.on_messages([image], CancellationToken())
    assert model.calls == []
    assert await agent.model_context.get_messages() == []


def test_invalid_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="tool_call_summary_format"):
        AssistantAgent("assistant", client(), tool_call_summary_format="{output}")
    with pytest.raises(ValueError, match="max_tool_iterations"):
        AssistantAgent("assistant", client(), max_tool_iterations=0)
    with pytest.raises(TypeError, match="pass workbenches with workbench="):
        AssistantAgent("assistant", client(), tools=[StaticWorkbench([])])  # type: ignore[list-item]


# -- state and components ---------------------------------------------------------------


async def test_state_round_trip_through_json_continues_exactly() -> None:
    first = AssistantAgent("assistant", client([call("add", '{"a": 1, "b": 1}')], "2"), tools=[add])
    await first.on_messages([user("1+1?")], CancellationToken())
    await first.on_messages([user("again")], CancellationToken())
    state = json.loads(json.dumps(await first.save_state()))
    assert state["type"] == "AssistantAgentState"
    assert state["version"] == 1

    model = client("Sure.")
    restored = AssistantAgent("assistant", model, tools=[add])
    await restored.load_state(state)
    await restored.on_messages([user("thanks")], CancellationToken())
    expected = await first.model_context.get_messages()
    assert model.calls[0].messages[1:] == [*expected, UserMessage(content="thanks", source="user")]


async def test_load_state_refuses_foreign_or_newer_state() -> None:
    agent = AssistantAgent("assistant", client())
    with pytest.raises(StateError, match="expected AssistantAgentState"):
        await agent.load_state({"type": "Other", "version": 1})
    with pytest.raises(StateError, match="newer"):
        await agent.load_state({"type": "AssistantAgentState", "version": 2, "llm_context": {}})
    with pytest.raises(StateError, match="llm_context"):
        await agent.load_state({"type": "AssistantAgentState", "version": 1})
    with pytest.raises(StateError, match="AssistantAgentState"):
        await agent.load_state(
            {"type": "AssistantAgentState", "version": 1, "llm_context": {"messages": []}}
        )


async def test_component_round_trip() -> None:
    agent = AssistantAgent(
        "assistant",
        client([call("add", '{"a": 2, "b": 3}')], "5"),
        tools=[add],
        workbench=StaticWorkbench([FunctionTool(get_weather)]),
        handoffs=["bob", Handoff(target="carol", message="over")],
        model_context=BufferedChatCompletionContext(buffer_size=4),
        memory=[ListMemory(memory_contents=[MemoryContent(content="m", mime_type="text/plain")])],
        system_message="sys",
        reflect_on_tool_use=True,
        max_tool_iterations=2,
        tool_call_summary_format="{tool_name}: {result}",
        model_client_stream=True,
    )
    spec = agent.dump_component()
    assert spec.provider == "assistant"
    assert spec.component_type == "agent"
    with pytest.raises(ComponentError, match="trusted"):
        BaseChatAgent.load_component(spec.model_dump_json())
    loaded = BaseChatAgent.load_component(spec.model_dump_json(), trusted=True)
    assert isinstance(loaded, AssistantAgent)
    assert loaded.dump_component() == spec
    response = await loaded.on_messages([user("2+3?")], CancellationToken())
    assert response.chat_message.to_text() == "5"


def test_output_content_type_cannot_be_dumped() -> None:
    agent = AssistantAgent("judge", client(), output_content_type=Verdict)
    with pytest.raises(ComponentError, match=r"output_content_type \(Verdict\)"):
        agent.dump_component()


# -- custom agents ----------------------------------------------------------------------


class EchoAgent(BaseChatAgent):
    """A custom agent written with only the three required members."""

    async def on_messages(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> Response:
        text = " | ".join(m.to_text() for m in messages)
        return Response(chat_message=TextMessage(content=f"echo: {text}", source=self.name))

    async def on_reset(self, cancellation_token: CancellationToken) -> None:
        pass

    @property
    def produced_message_types(self) -> Sequence[type[BaseChatMessage]]:
        return (TextMessage,)


async def test_custom_agent_with_three_methods_runs() -> None:
    agent = EchoAgent("echo", description="echoes")
    result = await agent.run(task="hello")
    assert isinstance(result, TaskResult)
    assert [m.to_text() for m in result.messages] == ["hello", "echo: hello"]
    streamed = [item async for item in agent.run_stream(task=[user("a"), user("b")])]
    assert isinstance(streamed[-1], TaskResult)
    assert streamed[-2].to_text() == "echo: a | b"  # type: ignore[union-attr]
    assert json.loads(json.dumps(await agent.save_state()))["type"] == "EchoAgent"
