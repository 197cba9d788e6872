"""Requests a model cannot serve are refused before any HTTP request."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from agentplex import Image
from agentplex.models import UserMessage
from agentplex_openai import UnsupportedCapabilityError
from agentplex_openai.testing import ScriptedOpenAIServer, TextReply

from .conftest import MakeClient, drain

PNG = Image.from_base64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
NOTHING = {
    "vision": False,
    "function_calling": False,
    "json_output": False,
    "structured_output": False,
    "family": "unknown",
}


class Answer(BaseModel):
    text: str


@pytest.mark.parametrize(
    ("request_options", "messages", "refused"),
    [
        ({"tools": [{"name": "add"}]}, [UserMessage(content="hi")], "tools: model_info"),
        ({"json_output": True}, [UserMessage(content="hi")], r"JSON mode \(json_output=True\)"),
        ({"json_output": Answer}, [UserMessage(content="hi")], r"structured output \(json_output"),
        ({}, [UserMessage(content="hi"), UserMessage(content=["see", PNG])], r"messages\[1\]"),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
async def test_refused_before_any_request(
    server: ScriptedOpenAIServer,
    make_client: MakeClient,
    request_options: dict[str, Any],
    messages: list[UserMessage],
    refused: str,
    stream: bool,
) -> None:
    client = make_client("tiny", model_info=NOTHING)
    call = (
        drain(client.create_stream(messages, **request_options))
        if stream
        else client.create(messages, **request_options)
    )
    with pytest.raises(
        UnsupportedCapabilityError, match=f"model 'tiny' does not support .*{refused}"
    ):
        await call
    assert server.requests == []


async def test_known_model_without_vision_refuses_images(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    with pytest.raises(
        UnsupportedCapabilityError, match=r"'gpt-3\.5-turbo' does not support images"
    ):
        await make_client("gpt-3.5-turbo").create([UserMessage(content=[PNG])])
    assert server.requests == []


async def test_declared_capabilities_are_used(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply('{"text": "hi"}'))
    client = make_client("tiny", model_info={**NOTHING, "structured_output": True})
    result = await client.create([UserMessage(content="hi")], json_output=Answer)
    assert result.content == '{"text": "hi"}'
