"""``create`` over real HTTP: what is sent, and what comes back."""

from __future__ import annotations

import pytest

from agentplex import FunctionCall, Image
from agentplex.models import (
    AssistantMessage,
    FunctionExecutionResult,
    FunctionExecutionResultMessage,
    LLMMessage,
    SystemMessage,
    UnknownModelWarning,
    UserMessage,
)
from agentplex_openai.testing import ScriptedOpenAIServer, TextReply

from .conftest import MakeClient

PNG = Image.from_base64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
SMOLLM_INFO = {
    "vision": False,
    "function_calling": False,
    "json_output": True,
    "structured_output": True,
    "family": "smollm",
    "context_window": 2048,
}


async def test_text_answer_with_usage_and_create_args(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("Paris.", prompt_tokens=20, completion_tokens=2, cached_tokens=16))
    client = make_client("gpt-4o", temperature=0.2, seed=7)

    result = await client.create(
        [UserMessage(content="Capital of France?")], extra_create_args={"max_tokens": 5}
    )

    assert result.content == "Paris."
    assert result.finish_reason == "stop"
    assert result.thought is None
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (20, 2)
    assert result.usage.cached_prompt_tokens == 16
    [request] = server.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.json == {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": "Capital of France?", "name": "user"}],
        "temperature": 0.2,
        "seed": 7,
        "max_tokens": 5,
    }


async def test_reasoning_content_becomes_thought(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("42", reasoning_content="six times seven"))
    result = await make_client().create([UserMessage(content="6*7?")])
    assert (result.content, result.thought) == ("42", "six times seven")


async def test_conversation_with_tool_calls_is_converted(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("It is sunny."))
    call = FunctionCall(id="call_1", name="weather", arguments='{"city": "Paris"}')
    await make_client().create(
        [
            SystemMessage(content="You are terse."),
            UserMessage(content="Weather in Paris?", source="Agent Smith!"),
            AssistantMessage(content=[call], thought="I will look it up."),
            FunctionExecutionResultMessage(
                content=[FunctionExecutionResult(content="sunny", name="weather", call_id="call_1")]
            ),
            AssistantMessage(content="Sunny."),
        ]
    )
    assert server.requests[0].json["messages"] == [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Weather in Paris?", "name": "Agent_Smith_"},
        {
            "role": "assistant",
            "content": "I will look it up.",
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "weather", "arguments": '{"city": "Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
        {"role": "assistant", "content": "Sunny."},
    ]


async def test_an_empty_source_sends_no_name(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("ok"))
    await make_client().create([UserMessage(content="Hi", source="")])
    assert server.requests[0].json["messages"] == [{"role": "user", "content": "Hi"}]


async def test_images_are_sent_as_data_uri_parts(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("A white pixel."))
    await make_client("gpt-4o").create([UserMessage(content=["What is this?", PNG])])
    [message] = server.requests[0].json["messages"]
    assert message["content"] == [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": PNG.data_uri, "detail": "auto"}},
    ]


async def test_adjacent_system_messages_merge_for_single_system_models(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("ok"), TextReply("ok"))
    messages: list[LLMMessage] = [
        SystemMessage(content="Be brief."),
        SystemMessage(content="Answer in French."),
        UserMessage(content="Hi"),
    ]
    single = make_client("smollm2", model_info={**SMOLLM_INFO, "multiple_system_messages": False})
    multiple = make_client("gpt-4o")

    await single.create(messages)
    await multiple.create(messages)

    merged, kept = (request.json["messages"] for request in server.requests)
    assert merged[0] == {"role": "system", "content": "Be brief.\nAnswer in French."}
    assert len(merged) == 2
    assert [message["role"] for message in kept] == ["system", "system", "user"]


async def test_separated_system_messages_are_refused_for_single_system_models(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    client = make_client("smollm2", model_info=SMOLLM_INFO)  # no multiple_system_messages
    messages: list[LLMMessage] = [
        SystemMessage(content="One."),
        UserMessage(content="Hi"),
        SystemMessage(content="Two."),
    ]
    with pytest.raises(ValueError, match=r"messages\[0\], messages\[2\] are separated"):
        await client.create(messages)
    assert server.requests == []


async def test_unknown_model_warns_and_gets_conservative_info(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    with pytest.warns(UnknownModelWarning, match="'my-local-model' is not known"):
        client = make_client("my-local-model")
    assert client.model_info["function_calling"] is False
    assert client.model_info["vision"] is False
    server.enqueue(TextReply("still answers"))
    result = await client.create([UserMessage(content="Hi")])
    assert result.content == "still answers"
    assert result.usage.cost is None


def test_model_info_override_replaces_the_table(make_client: MakeClient) -> None:
    client = make_client("gpt-4o", model_info={**SMOLLM_INFO, "vision": True})
    assert client.model_info["family"] == "smollm"
    assert client.model_info["context_window"] == 2048
    with pytest.raises(ValueError, match="model_info is missing structured_output"):
        make_client(
            "x",
            model_info={
                "vision": True,
                "function_calling": True,
                "json_output": True,
                "family": "x",
            },
        )


def test_dated_snapshot_resolves_to_its_model(make_client: MakeClient) -> None:
    assert make_client("gpt-4o-mini-2024-07-18").model_info["family"] == "gpt-4o"
    assert make_client("gpt-4.1-2025-04-14").model_info["context_window"] == 1_047_576


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"stream": True}, "'stream' cannot be set here; call create_stream"),
        ({"tools": []}, "'tools' cannot be set here"),
        ({"temprature": 0}, "'temprature' is not a chat completion parameter"),
    ],
)
def test_unknown_or_reserved_create_args_are_refused(
    make_client: MakeClient, args: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        make_client("gpt-4o", **args)


async def test_extra_create_args_are_checked_before_sending(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    with pytest.raises(ValueError, match="extra_create_args: 'messages' cannot be set here"):
        await make_client().create([UserMessage(content="Hi")], extra_create_args={"messages": []})
    assert server.requests == []


async def test_extra_body_reaches_the_server(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("ok"))
    await make_client("gpt-4o", extra_body={"top_k": 20}).create([UserMessage(content="Hi")])
    assert server.requests[0].json["top_k"] == 20


def test_missing_api_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from agentplex_openai import OpenAIChatCompletionClient

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ValueError, match="no API key for model 'gpt-4o'"):
        OpenAIChatCompletionClient("gpt-4o")


async def test_api_key_from_environment(
    server: ScriptedOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentplex_openai import OpenAIChatCompletionClient

    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    server.enqueue(TextReply("ok"))
    async with OpenAIChatCompletionClient("gpt-4o", base_url=server.base_url) as client:
        await client.create([UserMessage(content="Hi")])
    assert server.requests[0].headers["authorization"] == "Bearer sk-from-env"


async def test_default_headers_and_organization_are_sent(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("ok"))
    client = make_client(default_headers={"x-team": "blue"}, organization="org-42")
    await client.create([UserMessage(content="Hi")])
    headers = server.requests[0].headers
    assert (headers["x-team"], headers["openai-organization"]) == ("blue", "org-42")
