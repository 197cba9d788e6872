"""The starlette app: OpenAI and Azure OpenAI routes answering from a `Script`."""

from __future__ import annotations

import json
import time
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ._replying import ReplyResponse
from ._script import ErrorReply
from ._state import RecordedRequest, Script
from ._wire import Completion, error_body


def build_app(script: Script, *, model: str) -> Starlette:
    """An ASGI app serving ``script``; ``model`` is listed and used when a request names none."""

    async def chat(request: Request) -> Response | ReplyResponse:
        return await _chat(request, script, model)

    async def models(request: Request) -> Response:
        await _record(request, script)
        if denied := _refuse_credentials(request, script, azure=False):
            return denied
        listed = {"id": model, "object": "model", "created": 0, "owned_by": "agentplex-testing"}
        return JSONResponse({"object": "list", "data": [listed]})

    async def not_found(request: Request, exc: Exception) -> Response:
        await _record(request, script)
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        what = "method not allowed" if status == 405 else "no route"
        message = f"{what}: {request.method} {request.url.path}"
        return _error(status, message, "invalid_request_error")

    return Starlette(
        routes=[
            Route("/v1/chat/completions", chat, methods=["POST"]),
            Route("/openai/deployments/{deployment}/chat/completions", chat, methods=["POST"]),
            Route("/v1/models", models, methods=["GET"]),
        ],
        exception_handlers={404: not_found, 405: not_found},
    )


async def _chat(request: Request, script: Script, model: str) -> Response | ReplyResponse:
    deployment: str | None = request.path_params.get("deployment")
    recorded, number = await _record(request, script, deployment)
    if denied := _refuse_credentials(request, script, azure=deployment is not None):
        return denied
    if deployment is not None and "api-version" not in request.query_params:
        message = "missing required query parameter 'api-version'"
        return _error(400, message, "invalid_request_error")
    body = recorded.json
    if not isinstance(body, dict):
        return _error(400, "request body is not a JSON object", "invalid_request_error")
    reply = script.next_reply()
    if reply is None:
        # A missing reply is a bug in the test: tell the SDK not to retry.
        message = f"script exhausted: no scripted reply for request {number}"
        return _error(500, message, "server_error", headers={"x-should-retry": "false"})

    def on_disconnect() -> None:
        recorded.disconnected = True

    if isinstance(reply, ErrorReply):
        return ReplyResponse.error(reply, on_disconnect)
    requested_model = body.get("model")
    completion = Completion(
        reply=reply,
        number=number,
        model=reply.model or (requested_model if isinstance(requested_model, str) else model),
        created=int(time.time()),
    )
    if body.get("stream") is True:
        options = body.get("stream_options")
        include_usage = isinstance(options, dict) and options.get("include_usage") is True
        return ReplyResponse.stream(completion, on_disconnect, include_usage=include_usage)
    return ReplyResponse.completion(completion, on_disconnect)


async def _record(
    request: Request, script: Script, deployment: str | None = None
) -> tuple[RecordedRequest, int]:
    raw = await request.body()
    recorded = RecordedRequest(
        method=request.method,
        path=request.url.path,
        query=dict(request.query_params),
        headers={name.lower(): value for name, value in request.headers.items()},
        json=_parse_json(raw),
        deployment=deployment,
    )
    return recorded, script.record(recorded)


def _parse_json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _refuse_credentials(request: Request, script: Script, *, azure: bool) -> Response | None:
    """A 401 when credentials are missing (Azure) or differ from ``expect_api_key``."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    bearer = token if scheme.lower() == "bearer" else ""
    offered = [bearer]
    if azure:
        offered = [key for key in (request.headers.get("api-key", ""), bearer) if key]
        if not offered:
            message = "missing credentials: send an 'api-key' header or 'Authorization: Bearer'"
            return _error(401, message, "invalid_request_error", code="invalid_api_key")
    if script.expect_api_key is not None and script.expect_api_key not in offered:
        message = "Incorrect API key provided"
        return _error(401, message, "invalid_request_error", code="invalid_api_key")
    return None


def _error(
    status: int,
    message: str,
    type: str,
    *,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    return JSONResponse(error_body(message, type, code=code), status_code=status, headers=headers)
