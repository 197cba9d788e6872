"""Memory contents of every mime type, ListMemory's behaviour, dump and load."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from pydantic import ValidationError

from agentplex import ComponentError, Image
from agentplex.components import load_component
from agentplex.memory import ListMemory, Memory, MemoryContent, MemoryMimeType
from agentplex.model_context import BufferedChatCompletionContext, UnboundedChatCompletionContext
from agentplex.models import SystemMessage, UserMessage

PNG = Image.from_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
BLOB = bytes(range(256))

EVERY_KIND = [
    MemoryContent(content="likes tea", mime_type=MemoryMimeType.TEXT),
    MemoryContent(content="# Notes\n*tea*", mime_type=MemoryMimeType.MARKDOWN),
    MemoryContent(content={"drink": "tea", "sugar": 0}, mime_type=MemoryMimeType.JSON),
    MemoryContent(content=PNG, mime_type=MemoryMimeType.IMAGE, metadata={"from": "camera"}),
    MemoryContent(content=BLOB, mime_type=MemoryMimeType.BINARY, metadata={"n": 256}),
]


# -- MemoryContent -----------------------------------------------------------------------


@pytest.mark.parametrize("item", EVERY_KIND, ids=lambda item: item.mime_type.value)
def test_every_kind_round_trips_through_json(item: MemoryContent) -> None:
    text = item.model_dump_json()
    assert MemoryContent.model_validate_json(text) == item
    assert MemoryContent.model_validate(json.loads(text)) == item


def test_json_dump_carries_bytes_as_base64_and_mime_types_as_text() -> None:
    dumped = json.loads(json.dumps([item.model_dump(mode="json") for item in EVERY_KIND]))
    assert [d["mime_type"] for d in dumped] == [
        "text/plain",
        "text/markdown",
        "application/json",
        "image/*",
        "application/octet-stream",
    ]
    assert base64.b64decode(dumped[4]["content"], validate=True) == BLOB
    assert MemoryContent.model_validate(dumped[4]).content == BLOB


def test_a_mime_type_string_equal_to_a_member_becomes_the_member() -> None:
    item = MemoryContent(content="x", mime_type="text/markdown")
    assert item.mime_type is MemoryMimeType.MARKDOWN
    assert MemoryContent(content=PNG, mime_type="image/png").mime_type == "image/png"


@pytest.mark.parametrize(
    ("content", "mime_type", "problem"),
    [
        (b"raw", MemoryMimeType.TEXT, "'text/plain' must be a str, got bytes"),
        ({"a": 1}, MemoryMimeType.MARKDOWN, "'text/markdown' must be a str, got dict"),
        ("{}", MemoryMimeType.JSON, "'application/json' must be a dict, got str"),
        (PNG, MemoryMimeType.JSON, "must be a dict, got Image"),
        ("cat.png", MemoryMimeType.IMAGE, "'image/*' must be an Image, got str"),
        (BLOB, "image/png", "'image/png' must be an Image, got bytes"),
        ({"x": 1}, MemoryMimeType.BINARY, "'application/octet-stream' must be bytes, got dict"),
        ("not base64!", MemoryMimeType.BINARY, "binary content given as text must be base64"),
        ({"data": "AAAA", "mime_type": "text/plain"}, "image/*", "invalid image content"),
        (PNG, "image/jpeg", "'image/jpeg' does not match the image's 'image/png'"),
        ({"a": 1}, "text/csv", "'text/csv' must be a str, got dict"),
        ("[1, 2]", "application/vnd.thing+json", "must be a dict, got str"),
        ("tea", "plain", "mime_type must look like 'type/subtype', got 'plain'"),
    ],
)
def test_content_that_does_not_match_its_mime_type_is_refused(
    content: Any, mime_type: Any, problem: str
) -> None:
    with pytest.raises(ValidationError) as info:
        MemoryContent(content=content, mime_type=mime_type)
    assert problem in str(info.value)


def test_other_mime_types_take_any_content() -> None:
    assert MemoryContent(content=BLOB, mime_type="application/pdf").content == BLOB
    assert MemoryContent(content="a,b", mime_type="application/csv").content == "a,b"


def test_to_text_describes_every_kind() -> None:
    assert [item.to_text() for item in EVERY_KIND] == [
        "likes tea",
        "# Notes\n*tea*",
        '{"drink": "tea", "sugar": 0}',
        "[image image/png, 264 bytes]",
        "[application/octet-stream data, 256 bytes]",
    ]


# -- ListMemory --------------------------------------------------------------------------


async def test_update_context_adds_one_system_message_in_chronological_order() -> None:
    memory = ListMemory(name="prefs")
    for item in EVERY_KIND[:3]:
        await memory.add(item)
    context = UnboundedChatCompletionContext(initial_messages=[UserMessage(content="hi")])
    result = await memory.update_context(context)
    assert result.memories.results == EVERY_KIND[:3]
    assert await context.get_messages() == [
        UserMessage(content="hi"),
        SystemMessage(
            content="Relevant memory content (in chronological order):\n"
            "1. likes tea\n"
            "2. # Notes\n*tea*\n"
            '3. {"drink": "tea", "sugar": 0}'
        ),
    ]


async def test_update_context_with_no_memories_leaves_the_context_alone() -> None:
    context = BufferedChatCompletionContext(5, initial_messages=[UserMessage(content="hi")])
    result = await ListMemory().update_context(context)
    assert result.memories.results == []
    assert await context.get_messages() == [UserMessage(content="hi")]


async def test_query_returns_every_memory_whatever_the_query() -> None:
    memory = ListMemory(memory_contents=EVERY_KIND)
    assert (await memory.query("tea")).results == EVERY_KIND
    assert (await memory.query(EVERY_KIND[0])).results == EVERY_KIND
    found = await memory.query("anything")
    found.results.clear()
    assert (await memory.query("again")).results == EVERY_KIND


async def test_add_clear_and_the_content_property() -> None:
    memory = ListMemory()
    assert memory.name == "default_list_memory"
    await memory.add(EVERY_KIND[0])
    await memory.add(EVERY_KIND[1])
    assert memory.content == EVERY_KIND[:2]
    memory.content.append(EVERY_KIND[2])
    assert memory.content == EVERY_KIND[:2]
    memory.content = EVERY_KIND[3:]
    assert (await memory.query("")).results == EVERY_KIND[3:]
    await memory.clear()
    assert (await memory.query("")).results == []
    await memory.close()


async def test_list_memory_refuses_what_is_not_memory_content() -> None:
    memory = ListMemory()
    with pytest.raises(TypeError, match="MemoryContent items, got str"):
        await memory.add("likes tea")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got dict"):
        ListMemory(memory_contents=[{"content": "x", "mime_type": "text/plain"}])  # type: ignore[list-item]


async def test_list_memory_dumps_and_loads_every_kind_through_json() -> None:
    memory = ListMemory(name="prefs", memory_contents=EVERY_KIND)
    spec = memory.dump_component()
    assert (spec.provider, spec.component_type) == ("list", "memory")
    loaded = Memory.load_component(json.loads(spec.model_dump_json()))
    assert isinstance(loaded, ListMemory)
    assert loaded.name == "prefs"
    assert loaded.content == EVERY_KIND
    assert isinstance(loaded.content[4].content, bytes)
    assert isinstance(loaded.content[3].content, Image)


def test_list_memory_loads_by_provider_name() -> None:
    spec = {
        "provider": "list",
        "component_type": "memory",
        "config": {"memory_contents": [{"content": "hi", "mime_type": "text/plain"}]},
    }
    memory = load_component(spec)
    assert isinstance(memory, ListMemory)
    assert memory.content == [MemoryContent(content="hi", mime_type=MemoryMimeType.TEXT)]


def test_list_memory_config_with_mismatched_content_is_refused() -> None:
    spec = {
        "provider": "list",
        "component_type": "memory",
        "config": {"memory_contents": [{"content": {"a": 1}, "mime_type": "text/plain"}]},
    }
    with pytest.raises(ComponentError, match="invalid config for memory 'list'") as info:
        Memory.load_component(spec)
    assert "memory_contents.0" in str(info.value)
    assert "must be a str, got dict" in str(info.value)
