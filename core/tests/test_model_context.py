"""Model contexts: the windows each one shows, state save/load, component round trips."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agentplex import ComponentError, FunctionCall, Image
from agentplex.components import load_component
from agentplex.model_context import (
    STATE_VERSION,
    BufferedChatCompletionContext,
    ChatCompletionContext,
    HeadAndTailChatCompletionContext,
    TokenLimitedChatCompletionContext,
    UnboundedChatCompletionContext,
)
from agentplex.models import (
    REPLAY_MODEL_INFO,
    AssistantMessage,
    FunctionExecutionResult,
    FunctionExecutionResultMessage,
    LLMMessage,
    ReplayChatCompletionClient,
    SystemMessage,
    UserMessage,
)
from agentplex.tools import ToolSchema

PNG = Image.from_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))


def user(i: int, words: int = 1) -> UserMessage:
    return UserMessage(content=" ".join([f"u{i}"] * words))


def call(call_id: str) -> AssistantMessage:
    return AssistantMessage(content=[FunctionCall(id=call_id, name="f", arguments="{}")])


def result(call_id: str) -> FunctionExecutionResultMessage:
    return FunctionExecutionResultMessage(
        content=[FunctionExecutionResult(content="done", name="f", call_id=call_id)]
    )


SYSTEM = SystemMessage(content="be brief")
TOOL_HISTORY: list[LLMMessage] = [
    user(0),
    call("a"),
    result("a"),
    user(1),
    call("b"),
    result("b"),
    call("c"),
    result("c"),
    AssistantMessage(content="answer"),
    user(2),
]


def is_call(message: LLMMessage) -> bool:
    return isinstance(message, AssistantMessage) and isinstance(message.content, list)


def assert_calls_paired(view: list[LLMMessage]) -> None:
    """Every function result in ``view`` follows the call it answers, and every call
    except a final one is followed by its results."""
    for index, message in enumerate(view):
        if isinstance(message, FunctionExecutionResultMessage):
            before = view[index - 1] if index else None
            assert isinstance(before, AssistantMessage), f"orphaned result at {index}: {view}"
            assert isinstance(before.content, list)
            assert [c.id for c in before.content] == [r.call_id for r in message.content]
        if is_call(message) and index + 1 < len(view):
            assert isinstance(view[index + 1], FunctionExecutionResultMessage), view


async def filled(context: ChatCompletionContext, messages: list[LLMMessage]) -> None:
    for message in messages:
        await context.add_message(message)


# -- unbounded ---------------------------------------------------------------------------


async def test_unbounded_shows_everything_and_returns_a_copy() -> None:
    context = UnboundedChatCompletionContext(initial_messages=[SYSTEM])
    await filled(context, TOOL_HISTORY)
    view = await context.get_messages()
    assert view == [SYSTEM, *TOOL_HISTORY]
    view.clear()
    assert await context.get_messages() == [SYSTEM, *TOOL_HISTORY]


async def test_clear_forgets_initial_messages_too() -> None:
    context = UnboundedChatCompletionContext(initial_messages=[SYSTEM, user(0)])
    await context.add_message(user(1))
    await context.clear()
    assert await context.get_messages() == []


async def test_add_message_refuses_what_is_not_an_llm_message() -> None:
    context = UnboundedChatCompletionContext()
    with pytest.raises(TypeError, match=r"add_message\(\) takes an LLM message.*got str"):
        await context.add_message("hello")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="initial_messages"):
        UnboundedChatCompletionContext(initial_messages=[{"content": "hi"}])  # type: ignore[list-item]


# -- buffered ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 3, 7, 10, 25])
async def test_buffered_shows_the_last_buffer_size_messages(size: int) -> None:
    history: list[LLMMessage] = [user(i) for i in range(10)]
    context = BufferedChatCompletionContext(size, initial_messages=history)
    assert await context.get_messages() == history[-size:]


async def test_buffered_drops_a_result_whose_call_was_cut() -> None:
    history: list[LLMMessage] = [user(0), call("a"), result("a"), user(1)]
    assert await BufferedChatCompletionContext(2, history).get_messages() == [user(1)]
    assert await BufferedChatCompletionContext(3, history).get_messages() == history[1:]


async def test_buffered_keeps_a_leading_system_message_outside_the_count() -> None:
    history: list[LLMMessage] = [SYSTEM, *[user(i) for i in range(6)]]
    assert await BufferedChatCompletionContext(2, history).get_messages() == [
        SYSTEM,
        user(4),
        user(5),
    ]
    assert await BufferedChatCompletionContext(6, history).get_messages() == history
    assert await BufferedChatCompletionContext(9, history).get_messages() == history
    with_tools: list[LLMMessage] = [SYSTEM, user(0), call("a"), result("a"), user(1)]
    assert await BufferedChatCompletionContext(2, with_tools).get_messages() == [SYSTEM, user(1)]


@pytest.mark.parametrize("system", [False, True])
async def test_buffered_never_splits_a_tool_call_at_any_cut(system: bool) -> None:
    history = [SYSTEM, *TOOL_HISTORY] if system else list(TOOL_HISTORY)
    body = history[1:] if system else history
    for size in range(1, len(history) + 2):
        view = await BufferedChatCompletionContext(size, history).get_messages()
        window = view[1:] if system else view
        if system:
            assert view[0] == SYSTEM
        expected = body[-size:]
        while expected and isinstance(expected[0], FunctionExecutionResultMessage):
            expected = expected[1:]
        assert window == expected, size
        assert_calls_paired(window)


async def test_buffered_follows_messages_as_they_are_added() -> None:
    context = BufferedChatCompletionContext(2)
    assert await context.get_messages() == []
    await filled(context, [user(0), user(1), user(2)])
    assert await context.get_messages() == [user(1), user(2)]
    await context.add_message(user(3))
    assert await context.get_messages() == [user(2), user(3)]


# -- head and tail -----------------------------------------------------------------------


def note(skipped: int) -> UserMessage:
    return UserMessage(content=f"Skipped {skipped} messages.", source="System")


async def test_head_and_tail_shows_all_when_nothing_is_skipped() -> None:
    history: list[LLMMessage] = [user(i) for i in range(5)]
    assert await HeadAndTailChatCompletionContext(2, 3, history).get_messages() == history
    assert await HeadAndTailChatCompletionContext(4, 4, history).get_messages() == history


@pytest.mark.parametrize(("head", "tail"), [(1, 1), (2, 3), (3, 2), (4, 5)])
async def test_head_and_tail_arithmetic(head: int, tail: int) -> None:
    history: list[LLMMessage] = [user(i) for i in range(10)]
    view = await HeadAndTailChatCompletionContext(head, tail, history).get_messages()
    assert view == [*history[:head], note(10 - head - tail), *history[-tail:]]


async def test_head_and_tail_skips_calls_whose_results_were_skipped() -> None:
    history: list[LLMMessage] = [user(0), call("a"), result("a"), *[user(i) for i in range(1, 7)]]
    view = await HeadAndTailChatCompletionContext(2, 2, history).get_messages()
    assert view == [user(0), note(6), user(5), user(6)]


async def test_head_and_tail_skips_results_whose_calls_were_skipped() -> None:
    history: list[LLMMessage] = [*[user(i) for i in range(4)], call("a"), result("a"), user(4)]
    view = await HeadAndTailChatCompletionContext(1, 2, history).get_messages()
    assert view == [user(0), note(5), user(4)]


async def test_head_and_tail_keeps_a_leading_system_message() -> None:
    history: list[LLMMessage] = [SYSTEM, *[user(i) for i in range(6)]]
    view = await HeadAndTailChatCompletionContext(1, 1, history).get_messages()
    assert view == [SYSTEM, note(5), user(5)]


async def test_head_and_tail_never_splits_a_tool_call_at_any_cut() -> None:
    history = [SYSTEM, *TOOL_HISTORY]
    for head in range(1, len(history)):
        for tail in range(1, len(history) - head):
            view = await HeadAndTailChatCompletionContext(head, tail, history).get_messages()
            shown_head = history[:head]
            while (
                isinstance(shown_head[-1], AssistantMessage) and shown_head[-1].content != "answer"
            ):
                shown_head = shown_head[:-1]
            shown_tail = history[-tail:]
            while shown_tail and isinstance(shown_tail[0], FunctionExecutionResultMessage):
                shown_tail = shown_tail[1:]
            skipped = len(history) - len(shown_head) - len(shown_tail)
            assert view == [*shown_head, note(skipped), *shown_tail], (head, tail)
            assert_calls_paired(shown_head)
            assert_calls_paired(shown_tail)


@pytest.mark.parametrize(("head", "tail"), [(0, 1), (1, 0), (-1, 3)])
def test_head_and_tail_refuses_sizes_below_one(head: int, tail: int) -> None:
    with pytest.raises(ValueError, match="must be at least 1"):
        HeadAndTailChatCompletionContext(head, tail)


def test_buffered_refuses_a_size_below_one() -> None:
    with pytest.raises(ValueError, match="buffer_size must be at least 1, got 0"):
        BufferedChatCompletionContext(0)


# -- token limited -----------------------------------------------------------------------


def words_client(context_window: int | None = None) -> ReplayChatCompletionClient:
    """A client that counts one token per whitespace-separated word."""
    info: dict[str, Any] | None = None
    if context_window is not None:
        info = {**REPLAY_MODEL_INFO, "context_window": context_window}
    return ReplayChatCompletionClient([], model_info=info)


def oldest_first(
    client: ReplayChatCompletionClient, history: list[LLMMessage], limit: int
) -> list[LLMMessage]:
    """The expected view, found the slow way: drop the oldest until it fits."""
    system = history[:1] if history and isinstance(history[0], SystemMessage) else []
    body = history[len(system) :]
    while body and client.count_tokens([*system, *body]) > limit:
        body = body[1:]
    while body and isinstance(body[0], FunctionExecutionResultMessage):
        body = body[1:]
    return [*system, *body]


async def test_token_limited_drops_the_oldest_until_it_fits() -> None:
    history: list[LLMMessage] = [user(i, words=2) for i in range(6)]
    context = TokenLimitedChatCompletionContext(
        words_client(), token_limit=5, initial_messages=history
    )
    assert await context.get_messages() == history[-2:]


async def test_token_limited_keeps_the_system_message_and_counts_it() -> None:
    system = SystemMessage(content="one two three")
    history: list[LLMMessage] = [system, *[user(i) for i in range(6)]]
    context = TokenLimitedChatCompletionContext(words_client(), 5, initial_messages=history)
    assert await context.get_messages() == [system, user(4), user(5)]
    tiny = TokenLimitedChatCompletionContext(words_client(), 2, initial_messages=history)
    assert await tiny.get_messages() == [system]


async def test_token_limited_uses_remaining_tokens_without_a_limit() -> None:
    history: list[LLMMessage] = [user(i, words=3) for i in range(5)]
    context = TokenLimitedChatCompletionContext(
        words_client(context_window=7), initial_messages=history
    )
    assert await context.get_messages() == history[-2:]


async def test_token_limited_counts_the_tool_schema() -> None:
    schema: ToolSchema = {"name": "lookup", "description": "find a thing by name"}
    history: list[LLMMessage] = [user(i) for i in range(10)]
    client = words_client()
    schema_tokens = client.count_tokens([], tools=[schema])
    assert schema_tokens > 0
    context = TokenLimitedChatCompletionContext(
        client, token_limit=schema_tokens + 3, tool_schema=[schema], initial_messages=history
    )
    assert await context.get_messages() == history[-3:]


async def test_token_limited_drops_a_result_whose_call_was_cut() -> None:
    history: list[LLMMessage] = [user(0), call("a"), result("a"), user(1)]
    client = words_client()
    fits_result_and_user = client.count_tokens(history[2:])
    context = TokenLimitedChatCompletionContext(
        client, fits_result_and_user, initial_messages=history
    )
    assert await context.get_messages() == [user(1)]


@pytest.mark.parametrize("limit", [1, 3, 6, 10, 40])
async def test_token_limited_matches_the_slow_way_as_the_history_grows(limit: int) -> None:
    client = words_client()
    context = TokenLimitedChatCompletionContext(client, limit, initial_messages=[SYSTEM])
    history: list[LLMMessage] = [SYSTEM]
    for index, message in enumerate(TOOL_HISTORY * 4):
        if isinstance(message, UserMessage):
            message = user(index, words=index % 4 + 1)
        await context.add_message(message)
        history.append(message)
        view = await context.get_messages()
        assert view == oldest_first(client, history, limit), (limit, index)
        assert_calls_paired(view)


async def test_token_limited_starts_over_after_clear_and_load_state() -> None:
    client = words_client()
    context = TokenLimitedChatCompletionContext(client, 3)
    await filled(context, [user(i) for i in range(20)])
    assert await context.get_messages() == [user(17), user(18), user(19)]
    await context.load_state({"version": STATE_VERSION, "messages": []})
    await filled(context, [user(0), user(1)])
    assert await context.get_messages() == [user(0), user(1)]
    await context.clear()
    await context.add_message(user(5))
    assert await context.get_messages() == [user(5)]


def test_token_limited_refuses_a_limit_below_one() -> None:
    with pytest.raises(ValueError, match="token_limit must be at least 1"):
        TokenLimitedChatCompletionContext(words_client(), token_limit=0)


# -- state -------------------------------------------------------------------------------


HISTORY_WITH_EVERYTHING: list[LLMMessage] = [
    SYSTEM,
    UserMessage(content=["look at this", PNG], source="alice"),
    AssistantMessage(
        content=[FunctionCall(id="1", name="zoom", arguments='{"x": 2}')], thought="hm"
    ),
    FunctionExecutionResultMessage(
        content=[FunctionExecutionResult(content="boom", name="zoom", call_id="1", is_error=True)]
    ),
    AssistantMessage(content="a cat"),
]


def every_context() -> list[ChatCompletionContext]:
    return [
        UnboundedChatCompletionContext(),
        BufferedChatCompletionContext(3),
        HeadAndTailChatCompletionContext(1, 2),
        TokenLimitedChatCompletionContext(words_client(), 50),
    ]


@pytest.mark.parametrize("index", range(4))
async def test_state_round_trips_through_json(index: int) -> None:
    context, fresh = every_context()[index], every_context()[index]
    await filled(context, HISTORY_WITH_EVERYTHING)
    state = json.loads(json.dumps(await context.save_state()))
    assert state["version"] == STATE_VERSION
    assert len(state["messages"]) == len(HISTORY_WITH_EVERYTHING)
    await fresh.add_message(user(99))
    await fresh.load_state(state)
    assert await fresh.save_state() == state
    assert await fresh.get_messages() == await context.get_messages()


@pytest.mark.parametrize(
    ("state", "problem"),
    [
        (["not", "a", "dict"], "must be a mapping, got list"),
        ({"messages": []}, "no 'version' key"),
        ({"version": 99, "messages": []}, "version 99; this agentplex reads version 1"),
        ({"version": 1, "messages": [{"type": "Shout", "content": "x"}]}, "field 'messages.0'"),
        ({"version": 1, "messages": [{"type": "UserMessage"}]}, "content"),
        ({"version": 1, "messages": [], "extra": 1}, "field 'extra'"),
    ],
)
async def test_load_state_refuses_invalid_state(state: Any, problem: str) -> None:
    context = BufferedChatCompletionContext(3, initial_messages=[user(1)])
    with pytest.raises(ValueError, match="BufferedChatCompletionContext") as info:
        await context.load_state(state)
    assert problem in str(info.value)
    assert await context.get_messages() == [user(1)]


# -- components --------------------------------------------------------------------------


def through_json(context: ChatCompletionContext) -> ChatCompletionContext:
    spec = json.loads(json.dumps(context.dump_component().model_dump()))
    return ChatCompletionContext.load_component(spec)


async def test_every_context_dumps_and_loads_with_its_settings() -> None:
    initial = HISTORY_WITH_EVERYTHING
    contexts: list[ChatCompletionContext] = [
        UnboundedChatCompletionContext(initial),
        BufferedChatCompletionContext(2, initial),
        HeadAndTailChatCompletionContext(1, 2, initial),
        TokenLimitedChatCompletionContext(words_client(), 20, initial_messages=initial),
    ]
    for context in contexts:
        await context.add_message(user(7))  # later messages are state, not config
        loaded = through_json(context)
        assert type(loaded) is type(context)
        assert await loaded.save_state() == {
            "version": STATE_VERSION,
            "messages": [m.model_dump(mode="json") for m in initial],
        }
    buffered = through_json(contexts[1])
    assert isinstance(buffered, BufferedChatCompletionContext)
    assert buffered.buffer_size == 2
    head_tail = through_json(contexts[2])
    assert isinstance(head_tail, HeadAndTailChatCompletionContext)
    assert (head_tail.head_size, head_tail.tail_size) == (1, 2)


async def test_token_limited_nests_its_model_client() -> None:
    schema: ToolSchema = {"name": "lookup", "description": "find a thing by name"}
    client = ReplayChatCompletionClient(
        ["hi"], model_info={**REPLAY_MODEL_INFO, "context_window": 9}
    )
    context = TokenLimitedChatCompletionContext(client, tool_schema=[schema])
    spec = context.dump_component()
    assert spec.provider == "token_limited"
    assert spec.config["model_client"]["provider"] == "replay"
    assert spec.config["tool_schema"] == [schema]
    loaded = through_json(context)
    assert isinstance(loaded, TokenLimitedChatCompletionContext)
    assert isinstance(loaded.model_client, ReplayChatCompletionClient)
    assert loaded.token_limit is None
    history: list[LLMMessage] = [user(i) for i in range(12)]
    await filled(context, history)
    await filled(loaded, history)
    assert await loaded.get_messages() == await context.get_messages()
    assert len(await loaded.get_messages()) < len(history)


@pytest.mark.parametrize(
    ("provider", "config", "expected"),
    [
        ("unbounded", {}, UnboundedChatCompletionContext),
        ("buffered", {"buffer_size": 4}, BufferedChatCompletionContext),
        ("head_and_tail", {"head_size": 1, "tail_size": 1}, HeadAndTailChatCompletionContext),
    ],
)
def test_contexts_load_by_provider_name(
    provider: str, config: dict[str, Any], expected: type[ChatCompletionContext]
) -> None:
    spec = {"provider": provider, "component_type": "model_context", "config": config}
    assert type(load_component(spec)) is expected


@pytest.mark.parametrize(
    ("provider", "config", "problem"),
    [
        ("buffered", {"buffer_size": 0}, "field 'buffer_size'"),
        ("buffered", {}, "field 'buffer_size'"),
        ("head_and_tail", {"head_size": 1, "tail_size": -2}, "field 'tail_size'"),
        ("unbounded", {"buffer_size": 3}, "field 'buffer_size'"),
        ("unbounded", {"initial_messages": [{"type": "Nope"}]}, "field 'initial_messages.0'"),
    ],
)
def test_invalid_context_configs_are_refused(
    provider: str, config: dict[str, Any], problem: str
) -> None:
    spec = {"provider": provider, "component_type": "model_context", "config": config}
    with pytest.raises(
        ComponentError, match=f"invalid config for model_context '{provider}'"
    ) as info:
        ChatCompletionContext.load_component(spec)
    assert problem in str(info.value)
