"""Answering messages: replies, function calls, terminal failures, cancellation."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import openai
import pytest
from openai.types.beta.threads import Run

from agentplex import CancellationToken, Image
from agentplex.messages import (
    MultiModalMessage,
    Response,
    TextMessage,
    ToolCallExecutionEvent,
    ToolCallRequestEvent,
)
from agentplex.models import ReplayChatCompletionClient
from agentplex.tools import FunctionTool
from agentplex_assistant import AssistantRunError, OpenAIAssistantAgent
from agentplex_assistant._runs import backoff
from agentplex_assistant.testing import AssistantsServer, Fail, Reply, RequiresAction

from .conftest import MakeAgent, creates, sdk, sent, thread_texts

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(40))


def hello(who: str) -> str:
    return f"hello {who}"


async def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


def divide(a: int, b: int) -> float:
    """Divide a by b."""
    return a / b


async def test_plain_reply_creates_assistant_and_thread_once(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent
) -> None:
    server.script_run(Reply("First answer."))
    server.script_run(Reply("Second answer."))
    agent = make_agent(metadata={"team": "blue"}, temperature=0.2, top_p=0.9)

    first = await agent.on_messages([TextMessage(content="Hi", source="user")], CancellationToken())
    second = await agent.on_messages(
        [TextMessage(content="Again", source="user")], CancellationToken()
    )

    assert isinstance(first.chat_message, TextMessage)
    assert (first.chat_message.content, first.chat_message.source) == ("First answer.", "helper")
    assert first.inner_messages == []
    assert second.chat_message.to_text() == "Second answer."
    usage = first.chat_message.models_usage
    assert usage is not None
    assert (usage.prompt_tokens, usage.completion_tokens) == (1, 2)
    [assistant] = creates(server, "assistants")
    assert assistant.json == {
        "model": "gpt-4o",
        "name": "helper",
        "description": "A helpful assistant",
        "instructions": "Be brief.",
        "tools": [],
        "metadata": {"team": "blue"},
        "temperature": 0.2,
        "top_p": 0.9,
    }
    assert len(creates(server, "threads")) == 1
    assert agent.thread_id is not None
    assert agent.assistant_id is not None
    assert await thread_texts(client, agent.thread_id) == [
        ("user", "Hi"),
        ("assistant", "First answer."),
        ("user", "Again"),
        ("assistant", "Second answer."),
    ]
    # Messages go with the run request, and the run is followed through its event
    # stream: one request starts a turn and its answer says when the run is done.
    runs = creates(server, "runs")
    assert [r.json["additional_messages"] for r in runs] == [
        [{"role": "user", "content": "Hi"}],
        [{"role": "user", "content": "Again"}],
    ]
    assert all(r.json["stream"] is True for r in runs)
    assert [r for r in sent(server, "GET", "") if "/runs/" in r.path] == []
    await agent.close()  # the client is the caller's: it stays open
    assert not client.is_closed()


async def test_run_through_the_agent_api(server: AssistantsServer, make_agent: MakeAgent) -> None:
    server.script_run(Reply("Done."))
    result = await make_agent().run(task="Do it")
    assert [m.to_text() for m in result.messages] == ["Do it", "Done."]


async def test_existing_assistant_and_thread_are_used_not_created(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent
) -> None:
    assistant = await sdk(lambda: client.beta.assistants.create(model="gpt-4o"))
    thread = await sdk(lambda: client.beta.threads.create())
    server.script_run(Reply("Hello from an old friend."))
    agent = make_agent(assistant_id=assistant.id, thread_id=thread.id)

    response = await agent.on_messages([TextMessage(content="Hi", source="u")], CancellationToken())

    assert response.chat_message.to_text() == "Hello from an old friend."
    assert len(creates(server, "assistants")) == len(creates(server, "threads")) == 1  # the test's
    assert creates(server, "runs")[0].json["assistant_id"] == assistant.id
    assert (agent.assistant_id, agent.thread_id) == (assistant.id, thread.id)


async def test_images_are_uploaded_for_vision_and_sent_as_image_files(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent
) -> None:
    agent = make_agent()
    message = MultiModalMessage(content=["What is this?", Image.from_bytes(PNG)], source="user")

    await agent.on_messages([message], CancellationToken())

    [upload] = sent(server, "POST", "/files")
    assert upload.form == {"file": "image-1.png", "purpose": "vision"}
    [posted] = creates(server, "runs")[0].json["additional_messages"]
    file_id = posted["content"][1]["image_file"]["file_id"]
    assert posted["content"] == [
        {"type": "text", "text": "What is this?"},
        {"type": "image_file", "image_file": {"file_id": file_id}},
    ]
    assert (await client.files.content(file_id)).content == PNG
    assert (await agent.save_state())["uploaded_file_ids"] == [file_id]


async def test_one_function_call(server: AssistantsServer, make_agent: MakeAgent) -> None:
    server.script_run(RequiresAction(calls=[("add", {"a": 2, "b": 3})]), Reply("It is 5."))
    agent = make_agent(tools=[add])

    items = [
        item
        async for item in agent.on_messages_stream(
            [TextMessage(content="2+3?", source="user")], CancellationToken()
        )
    ]

    request, execution, response = items
    assert isinstance(request, ToolCallRequestEvent)
    assert isinstance(execution, ToolCallExecutionEvent)
    assert isinstance(response, Response)
    assert [(c.name, c.arguments) for c in request.content] == [("add", '{"a": 2, "b": 3}')]
    [result] = execution.content
    assert (result.content, result.is_error, result.call_id) == ("5", False, request.content[0].id)
    assert response.inner_messages == [request, execution]
    assert response.chat_message.to_text() == "It is 5."
    assert [(o.name, o.output) for o in server.tool_outputs] == [("add", "5")]
    function = creates(server, "assistants")[0].json["tools"][0]
    assert function["type"] == "function"
    assert function["function"]["name"] == "add"
    assert function["function"]["description"] == "Add two numbers."
    assert function["function"]["parameters"]["required"] == ["a", "b"]


async def test_several_calls_in_one_requires_action_run_concurrently(
    server: AssistantsServer, make_agent: MakeAgent
) -> None:
    both_started = threading.Barrier(2, timeout=5)

    def slow_hello(who: str) -> str:
        """Greet, once the other call has started too."""
        both_started.wait()
        return f"hello {who}"

    server.script_run(
        RequiresAction(calls=[("slow_hello", {"who": "ann"}), ("slow_hello", {"who": "bob"})]),
        RequiresAction(calls=[("add", {"a": 1, "b": 1})]),
        Reply("Greeted both."),
    )
    agent = make_agent(tools=[slow_hello, FunctionTool(add)])

    response = await agent.on_messages(
        [TextMessage(content="greet", source="user")], CancellationToken()
    )

    events = response.inner_messages
    assert [type(e).__name__ for e in events] == [
        "ToolCallRequestEvent",
        "ToolCallExecutionEvent",
        "ToolCallRequestEvent",
        "ToolCallExecutionEvent",
    ]
    assert isinstance(events[1], ToolCallExecutionEvent)
    assert [r.content for r in events[1].content] == ["hello ann", "hello bob"]
    assert [(o.name, o.output) for o in server.tool_outputs] == [
        ("slow_hello", "hello ann"),
        ("slow_hello", "hello bob"),
        ("add", "2"),
    ]
    assert response.chat_message.to_text() == "Greeted both."


async def test_tool_problems_become_error_outputs(
    server: AssistantsServer, make_agent: MakeAgent
) -> None:
    server.script_run(
        RequiresAction(
            calls=[
                ("divide", {"a": 1, "b": 0}),
                ("divide", "{not json"),
                ("missing", {}),
                ("divide", {"a": "x", "b": 1}),
            ]
        ),
        Reply("Sorry."),
    )
    agent = make_agent(tools=[divide])

    response = await agent.on_messages(
        [TextMessage(content="1/0?", source="user")], CancellationToken()
    )

    execution = response.inner_messages[1]
    assert isinstance(execution, ToolCallExecutionEvent)
    assert all(result.is_error for result in execution.content)
    outputs = [o.output for o in server.tool_outputs]
    assert "ZeroDivisionError" in outputs[0]
    assert "not valid JSON" in outputs[1]
    assert "unknown tool 'missing'" in outputs[2]
    assert "invalid arguments for tool 'divide'" in outputs[3]
    assert response.chat_message.to_text() == "Sorry."


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (Fail("failed", code="rate_limit_exceeded", message="slow down"), "rate_limit_exceeded"),
        (Fail("cancelled"), "ended with status 'cancelled'"),
        (Fail("expired"), "expired before it finished"),
        (Fail("incomplete", code="max_prompt_tokens"), "reason: max_prompt_tokens"),
    ],
)
async def test_terminal_failures_end_the_call(
    server: AssistantsServer,
    client: openai.AsyncOpenAI,
    make_agent: MakeAgent,
    step: Fail,
    expected: str,
) -> None:
    server.script_run(RequiresAction(calls=[("add", {"a": 1, "b": 2})]), step)
    agent = make_agent(tools=[add])

    with pytest.raises(AssistantRunError, match=expected) as error:
        await agent.on_messages([TextMessage(content="go", source="user")], CancellationToken())

    assert error.value.status == step.status
    assert agent.thread_id is not None
    assert error.value.thread_id == agent.thread_id
    assert error.value.run_id in str(error.value)
    assert (await _run(client, agent.thread_id, error.value.run_id)).status == step.status
    if step.status == "failed":
        assert (error.value.code, error.value.detail) == ("rate_limit_exceeded", "slow down")
    if step.status == "incomplete":
        assert error.value.code == "max_prompt_tokens"
    assert sent(server, "POST", "/cancel") == []
    # The thread is free again: the next call runs normally.
    server.script_run(Reply("Recovered."))
    response = await agent.on_messages(
        [TextMessage(content="again", source="user")], CancellationToken()
    )
    assert response.chat_message.to_text() == "Recovered."


async def test_cancelling_during_a_tool_call_cancels_the_remote_run(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent
) -> None:
    token = CancellationToken()
    started = asyncio.Event()

    async def wait_forever() -> str:
        """Never finish."""
        started.set()
        await asyncio.Event().wait()
        return "unreachable"

    server.script_run(RequiresAction(calls=[("wait_forever", {})]))
    agent = make_agent(tools=[wait_forever])
    call = asyncio.create_task(agent.on_messages([TextMessage(content="go", source="user")], token))
    await asyncio.wait_for(started.wait(), 5)
    token.cancel()

    with pytest.raises(asyncio.CancelledError):
        await call
    [cancel] = sent(server, "POST", "/cancel")
    run_id = cancel.path.split("/")[-2]
    assert agent.thread_id is not None
    run = await _run(client, agent.thread_id, run_id)
    assert run.status == "cancelled"
    assert server.tool_outputs == []
    server.script_run(Reply("Fresh start."))
    response = await agent.on_messages([TextMessage(content="hi", source="u")], CancellationToken())
    assert response.chat_message.to_text() == "Fresh start."


async def test_a_stream_that_breaks_off_is_followed_by_polling(
    server: AssistantsServer, make_agent: MakeAgent
) -> None:
    server.stream_event_limit = 1  # each stream stops after its first event
    server.script_run(RequiresAction(calls=[("add", {"a": 4, "b": 5})]), Reply("Nine."))
    agent = make_agent(tools=[add])

    response = await agent.on_messages(
        [TextMessage(content="4+5?", source="user")], CancellationToken()
    )

    assert response.chat_message.to_text() == "Nine."
    assert [o.output for o in server.tool_outputs] == ["9"]
    polls = [r for r in sent(server, "GET", "") if "/runs/" in r.path]
    assert len(polls) == 2  # once after the create stream, once after the submit stream


async def test_a_cancelled_token_starts_nothing(
    server: AssistantsServer, make_agent: MakeAgent
) -> None:
    token = CancellationToken()
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await make_agent().on_messages([TextMessage(content="go", source="user")], token)
    assert server.requests == []


async def test_an_abandoned_stream_cancels_the_remote_run(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent
) -> None:
    server.script_run(RequiresAction(calls=[("add", {"a": 1, "b": 2})]), Reply("3"))
    agent = make_agent(tools=[add])
    stream = agent.on_messages_stream(
        [TextMessage(content="go", source="user")], CancellationToken()
    )
    first = await anext(stream)
    assert isinstance(first, ToolCallRequestEvent)

    await stream.aclose()

    [cancel] = sent(server, "POST", "/cancel")
    assert agent.thread_id is not None
    assert (await _run(client, agent.thread_id, cancel.path.split("/")[-2])).status == "cancelled"


async def test_a_model_client_or_a_sync_client_is_refused(client: openai.AsyncOpenAI) -> None:
    model_client: Any = ReplayChatCompletionClient(["x"])
    with pytest.raises(TypeError, match="not an agentplex model client"):
        OpenAIAssistantAgent("a", "d", model_client, "gpt-4o", "i")
    sync_client: Any = openai.OpenAI(api_key="k", base_url="http://127.0.0.1:1")
    with sync_client, pytest.raises(TypeError, match="got OpenAI"):
        OpenAIAssistantAgent("a", "d", sync_client, "gpt-4o", "i")


@pytest.mark.parametrize(
    ("tools", "error", "match"),
    [
        (["web_search"], ValueError, "the hosted tools are code_interpreter, file_search"),
        (["file_search", "file_search"], ValueError, "listed twice"),
        ([42], TypeError, r"tools\[0\] is a int"),
        ([add, FunctionTool(add)], ValueError, "two tools are named 'add'"),
    ],
)
def test_bad_tools_are_refused(
    make_agent: MakeAgent, tools: list[Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        make_agent(tools=tools)


def test_hosted_and_function_tools_keep_their_order(make_agent: MakeAgent) -> None:
    agent = make_agent(tools=["file_search", hello, "code_interpreter"])
    spec = agent.dump_component()
    assert [t if isinstance(t, str) else t["provider"] for t in spec.config["tools"]] == [
        "file_search",
        "function",
        "code_interpreter",
    ]


def test_poll_delays_double_up_to_one_second() -> None:
    delays = backoff()
    assert [next(delays) for _ in range(9)] == [
        0.01,
        0.02,
        0.04,
        0.08,
        0.16,
        0.32,
        0.64,
        1.0,
        1.0,
    ]


async def _run(client: openai.AsyncOpenAI, thread_id: str, run_id: str) -> Run:
    return await sdk(lambda: client.beta.threads.runs.retrieve(run_id, thread_id=thread_id))
