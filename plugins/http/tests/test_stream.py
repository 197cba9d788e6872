"""HttpStreamTool: lines, NDJSON and server-sent events yielded as they arrive, through a
StaticStreamWorkbench; errors and cancellation."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest

from agentplex import CancellationToken
from agentplex.tools import StaticStreamWorkbench, ToolDefinitionError, ToolResult
from agentplex_http import HttpStreamTool, HttpToolError

MakeStreamTool = Callable[..., HttpStreamTool]

COUNT = {"type": "object", "properties": {"count": {"type": "integer"}}}


async def stream(tool: HttpStreamTool, args: dict[str, Any] | None = None) -> list[Any]:
    """Everything the workbench yields for one call: chunks, then the ToolResult."""
    workbench = StaticStreamWorkbench([tool])
    return [item async for item in workbench.call_tool_stream(tool.name, args or {})]


async def test_lines_are_yielded_one_by_one(make_stream_tool: MakeStreamTool) -> None:
    items = await stream(make_stream_tool("/stream/lines", COUNT), {"count": 4})
    assert items[:-1] == ["line 1", "line 2", "line 3", "line 4"]
    result = items[-1]
    assert isinstance(result, ToolResult)
    assert not result.is_error
    assert result.to_text() == "line 1\nline 2\nline 3\nline 4"


async def test_chunks_arrive_before_the_response_ends(make_stream_tool: MakeStreamTool) -> None:
    tool = make_stream_tool("/stream/stall")  # "first", then three seconds of silence
    started = time.monotonic()
    async for item in tool.run_json_stream({}, CancellationToken()):
        assert item == "first"
        break
    assert time.monotonic() - started < 2


async def test_server_sent_events_yield_their_data(make_stream_tool: MakeStreamTool) -> None:
    items = await stream(make_stream_tool("/stream/sse"))
    assert items[:-1] == ["hello", "first line\nsecond line", '{"done": true}']


async def test_json_chunks_are_parsed(make_stream_tool: MakeStreamTool) -> None:
    ndjson = await stream(make_stream_tool("/stream/ndjson", return_type="json"))
    assert ndjson[:-1] == [{"n": 1}, {"n": 2}]  # the blank line between them is skipped
    assert ndjson[-1].to_text() == '[{"n":1},{"n":2}]'
    events = await stream(make_stream_tool("/stream/sse", return_type="json", name="events"))
    assert isinstance(events[-1], ToolResult)
    assert events[-1].is_error  # "hello" is not JSON
    assert "streamed a chunk that is not JSON: hello" in events[-1].to_text()


@pytest.mark.parametrize(("stream_format", "expected"), [("lines", 8), ("sse", 3)])
async def test_the_format_can_be_forced(
    make_stream_tool: MakeStreamTool, stream_format: str, expected: int
) -> None:
    items = await stream(make_stream_tool("/stream/sse", stream_format=stream_format))
    assert len(items) - 1 == expected


async def test_a_status_error_comes_before_any_chunk(make_stream_tool: MakeStreamTool) -> None:
    items = await stream(make_stream_tool("/status/503", name="down"))
    assert len(items) == 1
    assert items[0].is_error
    assert "answered 503 Service Unavailable: status 503:" in items[0].to_text()


async def test_a_broken_chunk_ends_the_stream_with_an_error(
    make_stream_tool: MakeStreamTool,
) -> None:
    items = await stream(make_stream_tool("/stream/broken", return_type="json"))
    assert items[0] == {"n": 1}
    assert items[-1].is_error
    with pytest.raises(HttpToolError, match="not JSON: not json"):
        await make_stream_tool("/stream/broken", return_type="json").run_json(
            {}, CancellationToken()
        )


async def test_a_stall_longer_than_the_timeout_is_an_error(
    make_stream_tool: MakeStreamTool,
) -> None:
    items = await stream(make_stream_tool("/stream/stall", timeout=0.3))
    assert items[0] == "first"
    assert items[-1].is_error
    assert "timed out after 0.3 s (ReadTimeout)" in items[-1].to_text()


async def test_cancelling_stops_the_stream(make_stream_tool: MakeStreamTool) -> None:
    tool = make_stream_tool("/stream/lines", COUNT)
    token = CancellationToken()
    received = []

    async def read_and_cancel() -> None:
        workbench = StaticStreamWorkbench([tool])
        async for item in workbench.call_tool_stream(tool.name, {"count": 50}, token):
            received.append(item)
            token.cancel()

    with pytest.raises(asyncio.CancelledError):
        await read_and_cancel()
    assert received == ["line 1"]


async def test_run_returns_the_whole_stream(make_stream_tool: MakeStreamTool) -> None:
    tool = make_stream_tool("/stream/lines", COUNT)
    assert await tool.run_json({"count": 2}, CancellationToken()) == "line 1\nline 2"


def test_a_bad_stream_format_is_refused(make_stream_tool: MakeStreamTool) -> None:
    with pytest.raises(ToolDefinitionError, match="stream_format must be 'auto', 'lines' or 'sse'"):
        make_stream_tool("/stream/lines", stream_format="chunks")
