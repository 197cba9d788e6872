"""The configs of the HTTP tools, and the conversions between them and the tools."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, cast

from pydantic import BaseModel, Field, SecretStr

from agentplex.tools import ToolDefinitionError

from ._endpoint import Endpoint, Method, Scheme

ReturnType = Literal["text", "json"]
StreamFormat = Literal["auto", "lines", "sse"]


class HttpToolConfig(BaseModel):
    """A dumped :class:`HttpTool`; ``secret_headers`` are masked unless dumped with secrets."""

    name: str
    description: str | None = None
    scheme: Scheme = "http"
    host: str
    port: int = Field(ge=1, le=65535)
    path: str = "/"
    method: Method = "POST"
    json_schema: dict[str, Any]
    headers: dict[str, str] = {}
    secret_headers: dict[str, SecretStr] = {}
    return_type: ReturnType = "text"
    timeout: float = Field(default=30.0, gt=0)
    file_root: str | None = None


class HttpStreamToolConfig(HttpToolConfig):
    """A dumped :class:`HttpStreamTool`."""

    stream_format: StreamFormat = "auto"


def checked_return_type(what: str, return_type: str) -> ReturnType:
    if return_type in ("text", "json"):
        return cast(ReturnType, return_type)
    raise ToolDefinitionError(f"{what}: return_type must be 'text' or 'json', got {return_type!r}")


def tool_options(config: HttpToolConfig) -> dict[str, Any]:
    """Keyword arguments for a tool's constructor from ``config`` (name and schema included)."""
    headers: list[tuple[str, str | SecretStr]] = [
        *config.headers.items(),
        *config.secret_headers.items(),
    ]
    return {
        "name": config.name,
        "description": config.description,
        "scheme": config.scheme,
        "host": config.host,
        "port": config.port,
        "path": config.path,
        "method": config.method,
        "json_schema": config.json_schema,
        "headers": headers,
        "return_type": config.return_type,
        "timeout": config.timeout,
        "file_root": config.file_root,
    }


def config_fields(endpoint: Endpoint) -> dict[str, Any]:
    """The config fields that describe ``endpoint``; secret headers kept apart."""
    return {
        "scheme": endpoint.scheme,
        "host": endpoint.host,
        "port": endpoint.port,
        "path": endpoint.path,
        "method": endpoint.method,
        "json_schema": endpoint.json_schema,
        "headers": _plain(endpoint.headers),
        "secret_headers": _secret(endpoint.headers),
        "timeout": endpoint.timeout,
        "file_root": endpoint.file_root,
    }


def _plain(headers: Mapping[str, str | SecretStr]) -> dict[str, str]:
    return {name: value for name, value in headers.items() if isinstance(value, str)}


def _secret(headers: Mapping[str, str | SecretStr]) -> dict[str, SecretStr]:
    return {name: value for name, value in headers.items() if isinstance(value, SecretStr)}
