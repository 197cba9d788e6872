"""Dumping and loading the HTTP tools, alone and inside a StaticStreamWorkbench, with secret
headers masked; the providers are registered through the plugin's entry point."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import SecretStr

from agentplex import CancellationToken, ComponentError
from agentplex.components import MASK, ComponentModel
from agentplex.plugins import providers
from agentplex.tools import StaticStreamWorkbench, StaticWorkbench, ToolResult, Workbench
from agentplex_http import HttpStreamTool, HttpTool

MakeTool = Callable[..., HttpTool]
MakeStreamTool = Callable[..., HttpStreamTool]

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"item_id": {"type": "string"}, "verbose": {"type": "boolean", "default": False}},
    "required": ["item_id"],
}
HEADERS: dict[str, str | SecretStr] = {
    "X-Client": "agentplex",
    "Authorization": SecretStr("Bearer s3cret"),
}


def test_the_plugin_registers_both_tools() -> None:
    tools = providers("tool")
    assert tools["http"] is HttpTool
    assert tools["http_stream"] is HttpStreamTool


def test_a_dump_holds_the_settings_with_secrets_masked(make_tool: MakeTool) -> None:
    tool = make_tool(
        "/items/{item_id}",
        SCHEMA,
        name="item",
        method="GET",
        headers=HEADERS,
        return_type="json",
        timeout=5,
    )
    spec = tool.dump_component()
    assert spec.provider == "http"
    assert spec.component_type == "tool"
    config = spec.config
    assert config["name"] == "item"
    assert config["method"] == "GET"
    assert config["path"] == "/items/{item_id}"
    assert config["json_schema"] == SCHEMA
    assert config["headers"] == {"X-Client": "agentplex"}
    assert config["secret_headers"] == {"Authorization": MASK}
    assert config["return_type"] == "json"
    assert config["timeout"] == 5
    assert "s3cret" not in spec.model_dump_json()
    with pytest.raises(ComponentError, match="header 'Authorization' was masked"):
        HttpTool.load_component(spec)


async def test_a_loaded_tool_makes_the_same_request(make_tool: MakeTool) -> None:
    tool = make_tool("/items/{item_id}", SCHEMA, method="GET", headers=HEADERS, return_type="json")
    spec = tool.dump_component(include_secrets=True)
    assert spec.config["secret_headers"] == {"Authorization": "Bearer s3cret"}
    loaded = HttpTool.load_component(ComponentModel.model_validate_json(spec.model_dump_json()))
    assert loaded.schema == tool.schema
    assert loaded.dump_component(include_secrets=True) == spec
    echo = await loaded.run_json({"item_id": "9"}, CancellationToken())
    assert echo["path"] == "/items/9"
    assert echo["query"] == [["verbose", "false"]]
    assert echo["authorization"] == "Bearer s3cret"


async def test_a_stream_workbench_round_trips_with_both_tools(
    make_tool: MakeTool, make_stream_tool: MakeStreamTool
) -> None:
    workbench = StaticStreamWorkbench(
        [
            make_tool("/echo", name="echo", method="GET", headers=HEADERS, return_type="json"),
            make_stream_tool(
                "/stream/lines",
                {"type": "object", "properties": {"count": {"type": "integer"}}},
                name="lines",
                headers={"Authorization": SecretStr("Bearer s3cret")},
                stream_format="lines",
            ),
        ]
    )
    masked = workbench.dump_component()
    assert masked.provider == "static_stream"
    assert [tool["provider"] for tool in masked.config["tools"]] == ["http", "http_stream"]
    assert "s3cret" not in masked.model_dump_json()
    with pytest.raises(ComponentError, match="masked"):
        Workbench.load_component(masked)

    spec = workbench.dump_component(include_secrets=True)
    loaded = Workbench.load_component(spec.model_dump(mode="json"))
    assert isinstance(loaded, StaticStreamWorkbench)
    assert await loaded.list_tools() == await workbench.list_tools()
    assert loaded.dump_component(include_secrets=True) == spec

    echo = await loaded.call_tool("echo")
    assert not echo.is_error
    assert '"authorization":"Bearer s3cret"' in echo.to_text()
    items = [item async for item in loaded.call_tool_stream("lines", {"count": 2})]
    assert items[:-1] == ["line 1", "line 2"]
    assert isinstance(items[-1], ToolResult)
    assert items[-1].to_text() == "line 1\nline 2"


def test_a_stream_tool_dump_keeps_its_format(make_stream_tool: MakeStreamTool) -> None:
    tool = make_stream_tool("/stream/sse", stream_format="sse", return_type="json", method="POST")
    spec = tool.dump_component()
    assert spec.provider == "http_stream"
    assert spec.config["stream_format"] == "sse"
    loaded = HttpStreamTool.load_component(spec)
    assert loaded.dump_component() == spec


def test_an_invalid_config_says_what_is_wrong() -> None:
    spec = {
        "provider": "http",
        "config": {
            "name": "bad",
            "description": "d",
            "host": "h",
            "port": 80,
            "path": "/items/{id}",
            "json_schema": {"properties": {}},
        },
    }
    with pytest.raises(ComponentError, match=r"path parameter '\{id\}' is not a property"):
        HttpTool.load_component(spec)
    spec["config"]["method"] = "TRACE"  # type: ignore[index]
    with pytest.raises(ComponentError, match="method"):
        StaticWorkbench.load_component({"provider": "static", "config": {"tools": [spec]}})
