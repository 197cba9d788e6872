"""The request/response plumbing every route shares: recording, auth, bodies, lists."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from ._errors import ApiError, bad_request
from ._multipart import FormPart, parse_multipart
from ._objects import JSON
from ._run import Event
from ._state import RecordedRequest, State

_BETA_MESSAGE = (
    "You must provide the 'OpenAI-Beta' header to access the Assistants API. "
    "Please try again by setting the header 'OpenAI-Beta: assistants=v2'."
)


@dataclass(frozen=True)
class Call:
    """What a handler gets: the state, the path parameters, the query and the body."""

    state: State
    params: Mapping[str, str]
    query: Mapping[str, str]
    body: JSON
    form: Mapping[str, FormPart]

    def require(self, name: str) -> Any:
        """A body field the request must carry."""
        if self.body.get(name) is None:
            raise bad_request(f"Missing required parameter: '{name}'.", name)
        return self.body[name]


Handler: TypeAlias = Callable[[Call], Response]


def api_route(method: str, path: str, handler: Handler, *, beta: bool = True) -> Route:
    """A route whose handler runs under the state lock after recording and auth.

    `beta` routes need the `OpenAI-Beta: assistants=v2` header on the OpenAI side.
    """

    async def endpoint(request: Request) -> Response:
        raw = await request.body()
        state: State = request.app.state.assistants
        with state.lock:
            try:
                call = _read(request, raw, state, beta)
                return handler(call)
            except ApiError as error:
                return error.response()

    return Route(path, endpoint, methods=[method], name=f"{method} {path}")


def ok(obj: JSON, *, poll_after_ms: int | None = None) -> JSONResponse:
    """A 200 with the object; polled objects carry the `openai-poll-after-ms` hint."""
    headers = None if poll_after_ms is None else {"openai-poll-after-ms": str(poll_after_ms)}
    return JSONResponse(obj, headers=headers)


def deleted(object_id: str, kind: str) -> JSONResponse:
    """The answer to a delete."""
    return JSONResponse({"id": object_id, "object": kind, "deleted": True})


def event_stream(events: Iterable[Event], *, complete: bool = True) -> StreamingResponse:
    """The events as server-sent events, closed by `done`/`[DONE]` like the API.

    An incomplete stream just stops, as when a connection drops.
    """
    chunks = [f"event: {name}\ndata: {data}\n\n".encode() for name, data in events]
    if complete:
        chunks.append(b"event: done\ndata: [DONE]\n\n")

    async def body() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk

    return StreamingResponse(body(), media_type="text/event-stream")


def page(items: list[JSON], query: Mapping[str, str]) -> JSONResponse:
    """A cursor page of `items` (oldest first) as `limit`, `order`, `after`, `before` ask."""
    order = query.get("order", "desc")
    if order not in ("asc", "desc"):
        raise bad_request("Invalid 'order': expected 'asc' or 'desc'.", "order")
    limit_text = query.get("limit", "20")
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= 100:
        raise bad_request("Invalid 'limit': expected an integer from 1 to 100.", "limit")
    limit = int(limit_text)
    ordered = items if order == "asc" else items[::-1]
    ids = [item["id"] for item in ordered]
    for cursor in ("after", "before"):
        if cursor in query and query[cursor] not in ids:
            raise bad_request(f"Invalid '{cursor}': no object with id '{query[cursor]}'.", cursor)
    start = ids.index(query["after"]) + 1 if "after" in query else 0
    end = ids.index(query["before"]) if "before" in query else len(ids)
    window = ordered[start:end]
    data = window[-limit:] if "before" in query and "after" not in query else window[:limit]
    return JSONResponse(
        {
            "object": "list",
            "data": data,
            "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None,
            "has_more": len(window) > len(data),
        }
    )


def _read(request: Request, raw: bytes, state: State, beta: bool) -> Call:
    query = dict(request.query_params)
    content_type = request.headers.get("content-type", "")
    form: dict[str, FormPart] = {}
    body: Any = None
    unreadable: ApiError | None = None
    try:
        if content_type.startswith("multipart/"):
            form = parse_multipart(raw, content_type)
        else:
            body = _json_body(raw)
    except ApiError as error:
        unreadable = error
    fields = {n: p.filename or p.content.decode(errors="replace") for n, p in form.items()}
    state.requests.append(
        RecordedRequest(
            method=request.method,
            path=request.url.path,
            query=query,
            headers=dict(request.headers),
            json=body,
            form=fields if content_type.startswith("multipart/") else None,
        )
    )
    _authenticate(request, query, state, beta)
    if unreadable is not None:
        raise unreadable
    if body is not None and not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return Call(state, dict(request.path_params), query, body or {}, form)


def _json_body(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError as error:
        raise bad_request(f"We could not parse the JSON body of your request: {error}.") from None


def _authenticate(request: Request, query: Mapping[str, str], state: State, beta: bool) -> None:
    headers = request.headers
    bearer = headers.get("authorization", "").removeprefix("Bearer ").strip()
    if request.url.path.startswith("/openai/"):
        if not query.get("api-version"):
            raise ApiError(404, "Resource not found: missing 'api-version'.", code="404")
        key = headers.get("api-key") or bearer
    else:
        key = bearer
        if beta and "assistants=v2" not in headers.get("openai-beta", ""):
            raise ApiError(400, _BETA_MESSAGE, code="invalid_beta")
    expected = state.settings.api_key
    if not key or (expected is not None and key != expected):
        raise ApiError(401, "Incorrect API key provided.", code="invalid_api_key")


async def http_error_handler(request: Request, exc: Exception) -> Response:
    """Unknown URLs and methods answered in the OpenAI error shape."""
    status = getattr(exc, "status_code", 404)
    message = f"Invalid URL ({request.method} {request.url.path})"
    return ApiError(status, message).response()
