"""UserProxyAgent: sync and async input, cancellation, handoffs, web-style input."""

from __future__ import annotations

import asyncio
import threading

import pytest

from agentplex import CancellationToken
from agentplex.agents import BaseChatAgent, UserProxyAgent
from agentplex.messages import (
    HandoffMessage,
    Response,
    TextMessage,
    UserInputRequestedEvent,
)


async def test_async_input_gets_prompt_and_answers_with_text() -> None:
    prompts: list[str] = []

    async def ask(prompt: str) -> str:
        prompts.append(prompt)
        return "yes"

    agent = UserProxyAgent("user", input_func=ask)
    result = await agent.run(task="Proceed?")
    requested, answer = result.messages[1:]
    assert isinstance(requested, UserInputRequestedEvent)
    assert requested.source == "user"
    assert isinstance(answer, TextMessage)
    assert answer.content == "yes"
    assert prompts == ["Enter your response: "]


async def test_sync_input_runs_off_the_event_loop() -> None:
    loop_thread = threading.get_ident()
    seen: list[int] = []

    def ask(prompt: str) -> str:
        seen.append(threading.get_ident())
        return "from a thread"

    agent = UserProxyAgent("user", input_func=ask)
    response = await agent.on_messages([], CancellationToken())
    assert response.chat_message.to_text() == "from a thread"
    assert seen
    assert seen[0] != loop_thread


async def test_input_func_may_take_the_token() -> None:
    tokens: list[CancellationToken] = []

    async def ask(prompt: str, cancellation_token: CancellationToken) -> str:
        tokens.append(cancellation_token)
        return "ok"

    token = CancellationToken()
    await UserProxyAgent("user", input_func=ask).on_messages([], token)
    assert tokens == [token]


async def test_web_backend_answers_through_a_future() -> None:
    """A server publishes the request event, then resolves the matching future."""
    pending: dict[str, asyncio.Future[str]] = {}
    asked = asyncio.Event()

    async def ask(prompt: str) -> str:
        request_id = UserProxyAgent.InputRequestContext.request_id()
        pending[request_id] = asyncio.get_running_loop().create_future()
        asked.set()
        return await pending[request_id]

    agent = UserProxyAgent("user", input_func=ask)
    stream = agent.on_messages_stream(
        [TextMessage(content="Name?", source="bot")], CancellationToken()
    )
    event = await anext(stream)
    assert isinstance(event, UserInputRequestedEvent)
    waiting = asyncio.ensure_future(anext(stream))
    await asyncio.wait_for(asked.wait(), 2)
    pending[event.request_id].set_result("Ada")
    response = await asyncio.wait_for(waiting, 2)
    assert isinstance(response, Response)
    assert response.chat_message.to_text() == "Ada"


async def test_cancellation_ends_the_wait() -> None:
    never: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def ask(prompt: str) -> str:
        return await never

    token = CancellationToken()
    task = asyncio.ensure_future(UserProxyAgent("user", input_func=ask).on_messages([], token))
    await asyncio.sleep(0.01)
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 2)
    assert never.cancelled()


async def test_cancellation_ends_a_blocking_sync_wait() -> None:
    release = threading.Event()

    def ask(prompt: str) -> str:
        release.wait(5)
        return "late"

    token = CancellationToken()
    task = asyncio.ensure_future(UserProxyAgent("user", input_func=ask).on_messages([], token))
    await asyncio.sleep(0.01)
    token.cancel()
    try:
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, 2)
    finally:
        release.set()


async def test_handoff_to_the_user_is_answered_with_a_handoff_back() -> None:
    prompts: list[str] = []

    async def ask(prompt: str) -> str:
        prompts.append(prompt)
        return "Paris, please"

    agent = UserProxyAgent("user", input_func=ask)
    handoff = HandoffMessage(content="Which city?", target="user", source="travel_agent")
    response = await agent.on_messages([handoff], CancellationToken())
    answer = response.chat_message
    assert isinstance(answer, HandoffMessage)
    assert (answer.target, answer.source, answer.content) == (
        "travel_agent",
        "user",
        "Paris, please",
    )
    assert prompts == ["Handoff received from travel_agent. Enter your response: "]
    wrong = HandoffMessage(content="x", target="someone_else", source="travel_agent")
    with pytest.raises(ValueError, match="meant for 'someone_else'"):
        await agent.on_messages([wrong], CancellationToken())


async def test_input_failures_are_reported_clearly() -> None:
    async def broken(prompt: str) -> str:
        raise OSError("terminal gone")

    with pytest.raises(RuntimeError, match="input_func failed: OSError: terminal gone"):
        await UserProxyAgent("user", input_func=broken).on_messages([], CancellationToken())

    def closed_stdin(prompt: str) -> str:
        raise EOFError

    with pytest.raises(RuntimeError, match="no input available"):
        await UserProxyAgent("user", input_func=closed_stdin).on_messages([], CancellationToken())

    def not_text(prompt: str) -> str:
        return 42  # type: ignore[return-value]

    with pytest.raises(TypeError, match="must return a str, got int"):
        await UserProxyAgent("user", input_func=not_text).on_messages([], CancellationToken())


async def test_request_id_outside_input_func_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="only available inside the input_func"):
        UserProxyAgent.InputRequestContext.request_id()


def test_component_round_trip() -> None:
    agent = UserProxyAgent("user", description="The person at the keyboard")
    spec = agent.dump_component()
    assert spec.provider == "user_proxy"
    loaded = BaseChatAgent.load_component(spec.model_dump_json())
    assert isinstance(loaded, UserProxyAgent)
    assert (loaded.name, loaded.description) == ("user", "The person at the keyboard")
    assert loaded.produced_message_types == (TextMessage, HandoffMessage)
