"""Chat messages and events: text forms, model forms, loading, v0.2 conversion."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from agentplex import FunctionCall, Image
from agentplex.messages import (
    BaseAgentEvent,
    BaseChatMessage,
    HandoffMessage,
    MultiModalMessage,
    StructuredMessage,
    TextMessage,
    ToolCallExecutionEvent,
    ToolCallRequestEvent,
    UntypedStructuredMessage,
    default_message_factory,
    from_v02_message,
    task_messages,
    to_v02_message,
)
from agentplex.models import FunctionExecutionResult, UserMessage

PNG = Image.from_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)


class Weather(BaseModel):
    city: str
    degrees: int


def test_common_fields() -> None:
    message = TextMessage(content="hi", source="a")
    other = TextMessage(content="hi", source="a")
    assert message.id != other.id
    assert message.created_at.tzinfo is not None
    assert message.metadata == {}
    assert message.models_usage is None


def test_model_forms() -> None:
    assert TextMessage(content="hi", source="a").to_model_message() == UserMessage(
        content="hi", source="a"
    )
    multi = MultiModalMessage(content=["look", PNG], source="u")
    assert multi.to_text() == "look\n[image]"
    assert multi.to_model_message().content == ["look", PNG]
    weather = StructuredMessage[Weather](
        content=Weather(city="Oslo", degrees=3), source="w", format_string="{city}: {degrees}°"
    )
    assert weather.to_text() == "Oslo: 3°"
    assert weather.to_model_message().content == "Oslo: 3°"


def test_every_message_reloads_through_json() -> None:
    messages = [
        TextMessage(content="hi", source="a"),
        MultiModalMessage(content=["look", PNG], source="u"),
        HandoffMessage(content="yours", target="b", source="a"),
        ToolCallRequestEvent(content=[FunctionCall(id="1", name="f", arguments="{}")], source="a"),
        ToolCallExecutionEvent(
            content=[FunctionExecutionResult(content="ok", name="f", call_id="1")], source="a"
        ),
    ]
    for message in messages:
        data = json.loads(message.model_dump_json())
        assert default_message_factory.create(data) == message


def test_structured_message_reloads_untyped() -> None:
    weather = StructuredMessage[Weather](content=Weather(city="Oslo", degrees=3), source="w")
    loaded = default_message_factory.create(json.loads(weather.model_dump_json()))
    assert isinstance(loaded, UntypedStructuredMessage)
    assert loaded.content == {"city": "Oslo", "degrees": 3}
    assert loaded.to_text() == weather.to_text() == '{"city":"Oslo","degrees":3}'


def test_factory_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match="unknown message type 'Nope'"):
        default_message_factory.create({"type": "Nope"})
    with pytest.raises(ValueError, match="invalid TextMessage"):
        default_message_factory.create({"type": "TextMessage", "source": "a"})


def test_task_messages() -> None:
    assert task_messages(None) == []
    (only,) = task_messages("do it")
    assert (only.source, only.to_text()) == ("user", "do it")
    mixed: list[Any] = [
        TextMessage(content="x", source="u"),
        ToolCallRequestEvent(content=[], source="a"),
    ]
    with pytest.raises(TypeError, match=r"task\[1\] is an agent event"):
        task_messages(mixed)


def test_v02_round_trip() -> None:
    call = FunctionCall(id="c1", name="search", arguments='{"q": "x"}')
    result = FunctionExecutionResult(content="found", name="search", call_id="c1")
    messages: list[BaseAgentEvent | BaseChatMessage] = [
        TextMessage(content="hi", source="writer"),
        MultiModalMessage(content=["look", PNG], source="user"),
        ToolCallRequestEvent(content=[call], source="writer"),
        ToolCallExecutionEvent(content=[result], source="tools"),
    ]
    for message in messages:
        v02 = to_v02_message(message, role="assistant")
        back = from_v02_message(json.loads(json.dumps(v02)))
        assert type(back) is type(message)
        assert back.content == message.content  # type: ignore[union-attr]
    assert to_v02_message(messages[2])["tool_calls"][0]["function"]["arguments"] == '{"q": "x"}'


def test_v02_accepts_args_key_and_reports_missing_parts() -> None:
    legacy = {
        "role": "assistant",
        "name": "w",
        "content": None,
        "tool_calls": [{"id": "1", "type": "function", "function": {"name": "f", "args": "{}"}}],
    }
    event = from_v02_message(legacy)
    assert isinstance(event, ToolCallRequestEvent)
    assert event.content[0].arguments == "{}"
    with pytest.raises(ValueError, match="missing 'content'"):
        from_v02_message({"role": "user"})
    with pytest.raises(ValueError, match=r"unknown v0\.2 content part type 'audio'"):
        from_v02_message({"role": "user", "content": [{"type": "audio"}]})
