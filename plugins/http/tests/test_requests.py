"""HttpTool against a real server: path, query and body, return types, headers, errors,
timeouts and cancellation."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import SecretStr

from agentplex import CancellationToken
from agentplex.tools import StaticWorkbench, ToolDefinitionError
from agentplex_http import HttpTool, HttpToolError

MakeTool = Callable[..., HttpTool]

ITEM: dict[str, Any] = {
    "type": "object",
    "properties": {
        "item_id": {"type": "string"},
        "limit": {"type": "integer", "default": 10},
        "tags": {"type": "array", "items": {"type": "string"}},
        "exact": {"type": "boolean"},
        "filter": {"type": "object"},
        "page": {"type": "integer"},
    },
    "required": ["item_id"],
}


async def call(tool: HttpTool, **args: Any) -> Any:
    return await tool.run_json(args, CancellationToken())


async def test_get_fills_the_path_and_sends_the_rest_as_query(make_tool: MakeTool) -> None:
    tool = make_tool("/items/{item_id}", ITEM, method="GET", return_type="json")
    echo = await call(tool, item_id="a/b c", tags=["x", "y"], exact=True, filter={"min": 1})
    assert echo["method"] == "GET"
    assert echo["raw_path"] == "/items/a%2Fb%20c"  # one path segment, percent-encoded
    assert echo["query"] == [
        ["limit", "10"],  # schema default
        ["tags", "x"],
        ["tags", "y"],
        ["exact", "true"],
        ["filter", '{"min":1}'],
    ]
    assert echo["json"] is None


async def test_delete_sends_a_query_too(make_tool: MakeTool) -> None:
    tool = make_tool("/items/{item_id}", ITEM, method="DELETE", return_type="json")
    echo = await call(tool, item_id="7", page=2)
    assert echo["method"] == "DELETE"
    assert echo["path_params"] == {"item_id": "7"}
    assert echo["query"] == [["limit", "10"], ["page", "2"]]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
async def test_body_methods_send_json(make_tool: MakeTool, method: str) -> None:
    tool = make_tool("/items/{item_id}", ITEM, method=method, return_type="json")
    echo = await call(tool, item_id="7", tags=["x"], filter={"a": [1, 2]})
    assert echo["method"] == method
    assert echo["path"] == "/items/7"
    assert echo["query"] == []
    assert echo["content_type"] == "application/json"
    assert echo["json"] == {"limit": 10, "tags": ["x"], "filter": {"a": [1, 2]}}


async def test_several_path_parameters(make_tool: MakeTool) -> None:
    schema = {
        "type": "object",
        "properties": {"user": {"type": "integer"}, "name": {"type": "string", "default": "x"}},
        "required": ["user"],
    }
    tool = make_tool("/users/{user}/files/{name}", schema, method="GET", return_type="json")
    echo = await call(tool, user=42)
    assert echo["path_params"] == {"user": "42", "name": "x"}
    assert echo["query"] == []


async def test_text_and_json_return_types(make_tool: MakeTool) -> None:
    text = await call(make_tool("/echo", method="GET"))
    assert isinstance(text, str)
    assert '"method":"GET"' in text
    parsed = await call(make_tool("/echo", method="GET", return_type="json"))
    assert parsed["method"] == "GET"


async def test_a_body_that_is_not_json_is_an_error_when_json_is_expected(
    make_tool: MakeTool,
) -> None:
    with pytest.raises(HttpToolError, match="answered 200 with a body that is not JSON") as caught:
        await call(make_tool("/text", method="GET", return_type="json"))
    assert caught.value.body == "plain text, not JSON"


async def test_headers_are_sent_and_secret_ones_too(make_tool: MakeTool) -> None:
    tool = make_tool(
        "/echo",
        method="GET",
        return_type="json",
        headers={"X-Client": "agentplex", "Authorization": SecretStr("Bearer s3cret")},
    )
    echo = await call(tool)
    assert echo["x_client"] == "agentplex"
    assert echo["authorization"] == "Bearer s3cret"


@pytest.mark.parametrize("status", [404, 500])
async def test_a_status_error_is_an_error_result_with_status_and_body(
    make_tool: MakeTool, status: int
) -> None:
    tool = make_tool(
        "/status/{code}",
        {
            "properties": {"code": {"type": "integer"}, "say": {"type": "string"}},
            "required": ["code"],
        },
        name="fetch",
        method="GET",
    )
    result = await StaticWorkbench([tool]).call_tool("fetch", {"code": status, "say": "no luck"})
    assert result.is_error
    text = result.to_text()
    assert f"answered {status}" in text
    assert f"/status/{status}?say=no+luck" in text
    assert f"status {status}: no luck" in text
    with pytest.raises(HttpToolError) as caught:
        await call(tool, code=status)
    assert caught.value.status == status


async def test_a_long_error_body_is_cut(make_tool: MakeTool) -> None:
    tool = make_tool("/status/500", {"properties": {"say": {"type": "string"}}}, method="GET")
    with pytest.raises(HttpToolError) as caught:
        await call(tool, say="x" * 2000)
    assert caught.value.body.endswith("... (2012 characters)")
    assert len(str(caught.value)) < 800  # URL and body cut short


async def test_a_timeout_is_an_error(make_tool: MakeTool) -> None:
    tool = make_tool("/slow", name="slow", method="GET", timeout=0.2)
    started = time.monotonic()
    result = await StaticWorkbench([tool]).call_tool("slow")
    assert time.monotonic() - started < 2
    assert result.is_error
    assert "timed out after 0.2 s (ReadTimeout)" in result.to_text()


async def test_a_connection_error_is_an_error(served: Any) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tool = HttpTool("down", "127.0.0.1", port, {"properties": {}}, method="GET", timeout=2)
    result = await StaticWorkbench([tool]).call_tool("down")
    assert result.is_error
    assert f"GET http://127.0.0.1:{port}/ failed: ConnectError" in result.to_text()


async def test_cancelling_the_token_cancels_the_request(make_tool: MakeTool) -> None:
    tool = make_tool("/slow", method="GET")
    token = CancellationToken()
    asyncio.get_running_loop().call_later(0.1, token.cancel)
    started = time.monotonic()
    with pytest.raises(asyncio.CancelledError):
        await tool.run_json({}, token)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"method": "HEAD"}, "method must be one of GET, POST, PUT, PATCH, DELETE"),
        ({"scheme": "ftp"}, "scheme must be 'http' or 'https'"),
        ({"path": "items"}, "path must start with '/'"),
        ({"path": "/items?x=1"}, "hold no query"),
        ({"path": "/items/{missing}"}, r"path parameter '\{missing\}' is not a property"),
        ({"path": "/items/{page}"}, "path parameter 'page' must be required or have a default"),
        ({"timeout": 0}, "timeout must be more than 0"),
        ({"return_type": "xml"}, "return_type must be 'text' or 'json'"),
        ({"headers": {"A": "1", "a": "2"}}, "headers 'A' and 'a' are the same header"),
        ({"headers": {"A": 1}}, "header 'A' must be a str or SecretStr"),
        ({"headers": {"A": SecretStr("**********")}}, "header 'A' was masked"),
    ],
)
def test_a_bad_definition_is_refused(
    make_tool: MakeTool, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(ToolDefinitionError, match=message):
        make_tool(options.pop("path", "/echo"), ITEM, **options)


@pytest.mark.parametrize("port", [0, 70000, True])
def test_a_bad_port_is_refused(port: Any) -> None:
    with pytest.raises(ToolDefinitionError, match="port must be 1-65535"):
        HttpTool("t", "127.0.0.1", port, ITEM)


def test_the_default_description_names_the_request() -> None:
    tool = HttpTool("t", "api.example", 443, ITEM, scheme="https", path="/v1/items", method="GET")
    assert tool.description == "Sends an HTTP GET request to https://api.example:443/v1/items."
