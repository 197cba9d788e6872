"""HttpStreamTool: an HTTP tool that yields a streamed response chunk by chunk."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from contextlib import aclosing
from typing import Any, Self

import httpx
from pydantic import SecretStr

from agentplex import CancellationToken, ComponentError
from agentplex.components import Component
from agentplex.tools import BaseStreamTool, ToolDefinitionError

from ._config import (
    HttpStreamToolConfig,
    ReturnType,
    StreamFormat,
    checked_return_type,
    config_fields,
    tool_options,
)
from ._endpoint import Endpoint
from ._errors import HttpToolError, describe, excerpt
from ._json_schema import SchemaArgs


class HttpStreamTool(BaseStreamTool[SchemaArgs, Any, Any], Component[HttpStreamToolConfig]):
    """Like :class:`HttpTool`, but yields the response as it arrives.

    The request is built exactly as :class:`HttpTool` builds it. The response is
    split by ``stream_format``: ``"lines"`` yields each non-empty line,
    ``"sse"`` the ``data`` of each server-sent event (multi-line data joined
    with newlines; comments, ``event``, ``id`` and ``retry`` fields skipped), and
    ``"auto"`` picks ``"sse"`` when the response is ``text/event-stream``.
    With ``return_type="json"`` each chunk is parsed as JSON (NDJSON lines, JSON
    event data). The last item, the tool's result, is every chunk: the text
    chunks joined with newlines, or the list of parsed JSON chunks.

    Errors are those of :class:`HttpTool`; a status error is raised before any
    chunk, and ``timeout`` also bounds the wait between two chunks. A cancelled
    token stops the stream at the next chunk and closes the response.
    """

    component_provider = "http_stream"
    component_config_schema = HttpStreamToolConfig

    def __init__(
        self,
        name: str,
        host: str,
        port: int,
        json_schema: Mapping[str, Any],
        *,
        description: str | None = None,
        scheme: str = "http",
        path: str = "/",
        method: str = "GET",
        headers: Mapping[str, str | SecretStr] | None = None,
        return_type: ReturnType = "text",
        stream_format: StreamFormat = "auto",
        timeout: float = 30.0,
        file_root: str | None = None,
    ) -> None:
        self._endpoint = Endpoint(
            name,
            scheme=scheme,
            host=host,
            port=port,
            path=path,
            method=method,
            json_schema=json_schema,
            headers=headers or {},
            timeout=timeout,
            file_root=file_root,
        )
        self._response_type = checked_return_type(f"tool '{name}'", return_type)
        if stream_format not in ("auto", "lines", "sse"):
            raise ToolDefinitionError(
                f"tool '{name}': stream_format must be 'auto', 'lines' or 'sse', "
                f"got {stream_format!r}"
            )
        self._stream_format: StreamFormat = stream_format
        super().__init__(
            self._endpoint.args.model,
            str if return_type == "text" else list,
            name,
            description
            or f"Streams the response of an HTTP {self._endpoint.method} request to "
            f"{self._endpoint.url}.",
        )

    @property
    def url(self) -> str:
        """The endpoint's URL, placeholders unfilled."""
        return self._endpoint.url

    async def run_stream(
        self, args: SchemaArgs, cancellation_token: CancellationToken
    ) -> AsyncGenerator[Any, None]:
        chunks: list[Any] = []
        async with (
            self._endpoint.send(args, stream=True) as response,
            aclosing(self._parts(response)) as parts,
        ):
            async for part in parts:
                if cancellation_token.is_cancelled():
                    raise asyncio.CancelledError(f"tool '{self.name}' was cancelled")
                chunk = self._chunk(part, response)
                chunks.append(chunk)
                yield chunk
        yield "\n".join(chunks) if self._response_type == "text" else chunks

    def _parts(self, response: httpx.Response) -> AsyncGenerator[str, None]:
        sse = self._stream_format == "sse" or (
            self._stream_format == "auto"
            and response.headers.get("content-type", "").startswith("text/event-stream")
        )
        return _event_data(response.aiter_lines()) if sse else _lines(response.aiter_lines())

    def _chunk(self, part: str, response: httpx.Response) -> Any:
        if self._response_type == "text":
            return part
        try:
            return json.loads(part)
        except ValueError:
            request = response.request
            raise HttpToolError(
                f"{describe(request)} streamed a chunk that is not JSON: {excerpt(part)}",
                status=response.status_code,
                body=excerpt(part),
            ) from None

    def _to_config(self) -> HttpStreamToolConfig:
        return HttpStreamToolConfig(
            name=self.name,
            description=self.description,
            return_type=self._response_type,
            stream_format=self._stream_format,
            **config_fields(self._endpoint),
        )

    @classmethod
    def _from_config(cls, config: HttpStreamToolConfig) -> Self:
        try:
            return cls(**tool_options(config), stream_format=config.stream_format)
        except ToolDefinitionError as exc:
            raise ComponentError(str(exc)) from None


async def _lines(lines: AsyncIterator[str]) -> AsyncGenerator[str, None]:
    async for line in lines:
        if line.strip():
            yield line


async def _event_data(lines: AsyncIterator[str]) -> AsyncGenerator[str, None]:
    """The ``data`` of each server-sent event (an event ends at a blank line or the end)."""
    data: list[str] = []
    async for line in lines:
        if not line:
            if data:
                yield "\n".join(data)
                data = []
            continue
        field, _, value = line.partition(":")
        if field == "data":
            data.append(value.removeprefix(" "))
    if data:
        yield "\n".join(data)
