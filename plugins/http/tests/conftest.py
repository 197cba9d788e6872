"""A real HTTP server on 127.0.0.1 (starlette + uvicorn) with the endpoints the tests call."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from agentplex_http import HttpStreamTool, HttpTool
from agentplex_http.testing import LocalServer

ECHO_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@dataclass
class Served:
    """The running server and the paths of the requests it received."""

    server: LocalServer
    requests: list[str] = field(default_factory=list)

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port


def build_app(requests: list[str]) -> ASGIApp:
    async def echo(request: Request) -> Response:
        body = await request.body()
        return JSONResponse(
            {
                "method": request.method,
                "path": request.url.path,
                "raw_path": request.scope["raw_path"].decode(),
                "path_params": request.path_params,
                "query": list(request.query_params.multi_items()),
                "json": (await request.json()) if body else None,
                "content_type": request.headers.get("content-type"),
                "authorization": request.headers.get("authorization"),
                "x_client": request.headers.get("x-client"),
            }
        )

    async def status(request: Request) -> Response:
        code = int(request.path_params["code"])
        return PlainTextResponse(f"status {code}: " + request.query_params.get("say", ""), code)

    async def slow(request: Request) -> Response:
        await asyncio.sleep(float(request.query_params.get("seconds", "3")))
        return PlainTextResponse("finally")

    async def text(request: Request) -> Response:
        return PlainTextResponse("plain text, not JSON")

    async def upload(request: Request) -> Response:
        # The standard library's MIME parser reads multipart/form-data byte for byte.
        head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
        form = BytesParser(policy=HTTP).parsebytes(head + await request.body())
        files: list[dict[str, Any]] = []
        fields: dict[str, list[str]] = {}
        for part in form.iter_parts():
            name = part.get_param("name", header="content-disposition")
            content = part.get_payload(decode=True)
            assert isinstance(name, str)
            assert isinstance(content, bytes)
            if part.get_filename() is None:
                fields.setdefault(name, []).append(content.decode())
                continue
            files.append(
                {
                    "field": name,
                    "filename": part.get_filename(),
                    "content_type": part.get_content_type(),
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "size": len(content),
                }
            )
        return JSONResponse({"files": files, "fields": fields})

    def streaming(parts: list[str], media_type: str, pause: float = 0.01) -> Response:
        async def chunks() -> AsyncIterator[str]:
            for part in parts:
                yield part
                await asyncio.sleep(pause)

        return StreamingResponse(chunks(), media_type=media_type)

    async def stream_lines(request: Request) -> Response:
        count = int(request.query_params.get("count", "3"))
        return streaming([f"line {index}\n" for index in range(1, count + 1)], "text/plain")

    async def stream_ndjson(request: Request) -> Response:
        return streaming(['{"n": 1}\n', "\n", '{"n": 2}\n'], "application/x-ndjson")

    async def stream_sse(request: Request) -> Response:
        events = [
            ": a comment, skipped\n",
            "event: greeting\nid: 1\ndata: hello\n\n",
            "data: first line\ndata: second line\n\n",
            "retry: 100\n\n",  # no data: no event
            'data: {"done": true}\n\n',
        ]
        return streaming(events, "text/event-stream")

    async def stream_stall(request: Request) -> Response:
        return streaming(["first\n", "second\n"], "text/plain", pause=3)

    async def stream_broken(request: Request) -> Response:
        return streaming(['{"n": 1}\n', "not json\n"], "application/x-ndjson")

    routes = [
        Route("/echo", echo, methods=ECHO_METHODS),
        Route("/items/{item_id:path}", echo, methods=ECHO_METHODS),
        Route("/users/{user}/files/{name}", echo, methods=ECHO_METHODS),
        Route("/status/{code}", status, methods=ECHO_METHODS),
        Route("/slow", slow, methods=ECHO_METHODS),
        Route("/text", text, methods=ECHO_METHODS),
        Route("/upload", upload, methods=["POST", "PUT"]),
        Route("/stream/lines", stream_lines, methods=ECHO_METHODS),
        Route("/stream/ndjson", stream_ndjson),
        Route("/stream/sse", stream_sse),
        Route("/stream/stall", stream_stall),
        Route("/stream/broken", stream_broken),
    ]
    app = Starlette(routes=routes)

    async def logged(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            requests.append(scope["path"])
        await app(scope, receive, send)

    return logged


@pytest.fixture(scope="session")
def running_server() -> Iterator[Served]:
    requests: list[str] = []
    with LocalServer(build_app(requests)) as server:
        yield Served(server, requests)


@pytest.fixture
def served(running_server: Served) -> Served:
    """The session's server, with an empty request log."""
    running_server.requests.clear()
    return running_server


MakeTool = Callable[..., HttpTool]
MakeStreamTool = Callable[..., HttpStreamTool]


@pytest.fixture
def make_tool(served: Served) -> MakeTool:
    """``make_tool(path, json_schema=None, name="call", **options)``: an HttpTool of the server."""

    def make(
        path: str, json_schema: dict[str, Any] | None = None, name: str = "call", **options: Any
    ) -> HttpTool:
        schema = json_schema if json_schema is not None else {"type": "object", "properties": {}}
        return HttpTool(name, served.host, served.port, schema, path=path, **options)

    return make


@pytest.fixture
def make_stream_tool(served: Served) -> MakeStreamTool:
    """``make_stream_tool(path, json_schema=None, name="stream", **options)``."""

    def make(
        path: str, json_schema: dict[str, Any] | None = None, name: str = "stream", **options: Any
    ) -> HttpStreamTool:
        schema = json_schema if json_schema is not None else {"type": "object", "properties": {}}
        return HttpStreamTool(name, served.host, served.port, schema, path=path, **options)

    return make
