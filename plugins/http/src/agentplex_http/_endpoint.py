"""Where an HTTP tool sends its request, and how the arguments become that request."""

from __future__ import annotations

import asyncio
import copy
import functools
import json
import mimetypes
import re
import ssl
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import quote

import httpx
from pydantic import SecretStr

from agentplex.components import MASK
from agentplex.tools import ToolDefinitionError

from ._errors import HttpToolError, describe, excerpt
from ._json_schema import ArgsSpec, SchemaArgs, args_model

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
Scheme = Literal["http", "https"]

METHODS: Final = ("GET", "POST", "PUT", "PATCH", "DELETE")
_QUERY_METHODS: Final = frozenset({"GET", "DELETE"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SCALARS = (str, int, float, bool)

Upload = tuple[str, tuple[str, bytes, str]]


class Endpoint:
    """The request an HTTP tool makes, checked when the tool is built.

    Raises :class:`ToolDefinitionError` for a bad scheme, port, path, method,
    schema, timeout or header.
    """

    def __init__(
        self,
        tool: str,
        *,
        scheme: str,
        host: str,
        port: int,
        path: str,
        method: str,
        json_schema: Mapping[str, Any],
        headers: Mapping[str, str | SecretStr] | Sequence[tuple[str, str | SecretStr]],
        timeout: float,
        file_root: str | None,
    ) -> None:
        what = f"tool '{tool}'"
        _check_target(what, scheme, host, port, path, method, timeout)
        self.headers = _checked_headers(what, headers)
        self.args: ArgsSpec = args_model(json_schema, tool)
        self.json_schema = copy.deepcopy(dict(json_schema))
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.method = method.upper()
        self.timeout = timeout
        self.file_root = file_root
        self._path_params = tuple(dict.fromkeys(_PLACEHOLDER.findall(path)))
        self._check_parameters(what)
        body_fields = set(self.json_schema.get("properties", {})) - set(self._path_params)
        self._has_body = bool(body_fields) or bool(self.json_schema.get("additionalProperties"))

    @property
    def url(self) -> str:
        """The URL without path parameters filled in, for messages and descriptions."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}{self.path}"

    @asynccontextmanager
    async def send(
        self, args: SchemaArgs, *, stream: bool = False
    ) -> AsyncIterator[httpx.Response]:
        """The response to the request ``args`` make (body unread with ``stream``).

        A non-2xx status, a timeout or a connection error (also while the body is
        read inside the block) raises :class:`HttpToolError`.
        """
        async with httpx.AsyncClient(
            timeout=self.timeout, verify=_tls_context(), follow_redirects=True
        ) as client:
            request = await self._request(client, args)
            with self._failures(request):
                response = await client.send(request, stream=stream)
                try:
                    if not response.is_success:
                        await response.aread()
                        body = excerpt(response.text)
                        raise HttpToolError(
                            f"{describe(request)} answered {response.status_code} "
                            f"{response.reason_phrase}: {body}",
                            status=response.status_code,
                            body=body,
                        )
                    yield response
                finally:
                    await response.aclose()

    def _check_parameters(self, what: str) -> None:
        properties = self.json_schema.get("properties", {})
        required = self.json_schema.get("required", [])
        for name in self._path_params:
            if name not in properties:
                raise ToolDefinitionError(
                    f"{what}: path parameter '{{{name}}}' is not a property of json_schema"
                )
            if name not in required and "default" not in properties[name]:
                raise ToolDefinitionError(
                    f"{what}: path parameter '{name}' must be required or have a default"
                )
            if name in self.args.file_fields:
                raise ToolDefinitionError(f"{what}: path parameter '{name}' cannot be a file")
        if self.args.file_fields and self.method in _QUERY_METHODS:
            raise ToolDefinitionError(
                f"{what}: file uploads ({', '.join(sorted(self.args.file_fields))}) need "
                f"POST, PUT or PATCH, not {self.method}"
            )

    async def _request(self, client: httpx.AsyncClient, args: SchemaArgs) -> httpx.Request:
        values = args.to_wire()
        url = httpx.URL(
            scheme=self.scheme, host=self.host, port=self.port, path=self._fill_path(values)
        )
        headers = {
            name: value.get_secret_value() if isinstance(value, SecretStr) else value
            for name, value in self.headers.items()
        }
        if self.args.file_fields:
            files = await self._uploads(values)
            data: dict[str, list[Any]] = {}
            for key, text in _pairs(values):
                data.setdefault(key, []).append(text)
            return client.build_request(self.method, url, headers=headers, files=files, data=data)
        if self.method in _QUERY_METHODS:
            return client.build_request(self.method, url, headers=headers, params=_pairs(values))
        body = values if self._has_body else None
        return client.build_request(self.method, url, headers=headers, json=body)

    def _fill_path(self, values: dict[str, Any]) -> str:
        """The path with its ``{name}`` placeholders filled in (and removed from ``values``)."""

        def fill(match: re.Match[str]) -> str:
            value = values.get(match.group(1))
            if value is None:
                raise HttpToolError(f"path parameter '{match.group(1)}' has no value (got null)")
            return quote(_text(value), safe="")

        path = _PLACEHOLDER.sub(fill, self.path)
        for name in self._path_params:
            values.pop(name, None)
        return path

    async def _uploads(self, values: dict[str, Any]) -> list[Upload]:
        """The files named by file-path arguments (removed from ``values``), read from disk."""
        uploads = []
        for name in sorted(self.args.file_fields & values.keys()):
            given = values.pop(name)
            for path in given if isinstance(given, list) else [given]:
                if path is not None:
                    upload = await asyncio.to_thread(_read_file, name, path, self.file_root)
                    uploads.append((name, upload))
        return uploads

    @contextmanager
    def _failures(self, request: httpx.Request) -> Iterator[None]:
        try:
            yield
        except httpx.TimeoutException as exc:
            raise HttpToolError(
                f"{describe(request)} timed out after {self.timeout:g} s ({type(exc).__name__})"
            ) from exc
        except httpx.HTTPError as exc:
            raise HttpToolError(f"{describe(request)} failed: {type(exc).__name__}: {exc}") from exc


def _check_target(
    what: str, scheme: str, host: str, port: int, path: str, method: str, timeout: float
) -> None:
    if scheme not in ("http", "https"):
        raise ToolDefinitionError(f"{what}: scheme must be 'http' or 'https', got {scheme!r}")
    if not host or "/" in host:
        raise ToolDefinitionError(f"{what}: host must be a host name or address, got {host!r}")
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise ToolDefinitionError(f"{what}: port must be 1-65535, got {port!r}")
    if not path.startswith("/") or "?" in path or "#" in path:
        raise ToolDefinitionError(
            f"{what}: path must start with '/' and hold no query or fragment (arguments "
            f"become the query), got {path!r}"
        )
    if method.upper() not in METHODS:
        raise ToolDefinitionError(
            f"{what}: method must be one of {', '.join(METHODS)}, got {method!r}"
        )
    if not timeout > 0:
        raise ToolDefinitionError(f"{what}: timeout must be more than 0 seconds, got {timeout}")


def _checked_headers(
    what: str, headers: Mapping[str, str | SecretStr] | Sequence[tuple[str, str | SecretStr]]
) -> dict[str, str | SecretStr]:
    checked: dict[str, str | SecretStr] = {}
    seen: dict[str, str] = {}
    for name, value in headers.items() if isinstance(headers, Mapping) else headers:
        if not isinstance(value, str | SecretStr):
            raise ToolDefinitionError(
                f"{what}: header '{name}' must be a str or SecretStr, got {type(value).__name__}"
            )
        if isinstance(value, SecretStr) and value.get_secret_value() == MASK:
            raise ToolDefinitionError(
                f"{what}: header '{name}' was masked when the tool was dumped; dump with "
                "include_secrets=True, or set the header again"
            )
        if name.lower() in seen:
            raise ToolDefinitionError(
                f"{what}: headers '{seen[name.lower()]}' and '{name}' are the same header"
            )
        seen[name.lower()] = name
        checked[name] = value
    return checked


def response_value(response: httpx.Response, return_type: str) -> Any:
    """The body of ``response``: text, or with ``return_type="json"`` the parsed JSON."""
    if return_type == "text":
        return response.text
    try:
        return response.json()
    except ValueError:
        request = response.request
        raise HttpToolError(
            f"{describe(request)} answered {response.status_code} with a body that "
            f"is not JSON: {excerpt(response.text)}",
            status=response.status_code,
            body=excerpt(response.text),
        ) from None


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default TLS settings, built once: building them costs more than a request."""
    return httpx.create_ssl_context()


def _read_file(name: str, given: str, root: str | None) -> tuple[str, bytes, str]:
    path = Path(given)
    if root is not None:
        base = Path(root).resolve()
        path = (base / path).resolve()
        if not path.is_relative_to(base):
            raise HttpToolError(f"argument '{name}': file '{given}' is outside {base}")
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise HttpToolError(
            f"argument '{name}': cannot read file '{given}': {exc.strerror or exc}"
        ) from exc
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return path.name, content, media_type


def _pairs(values: Mapping[str, Any]) -> list[tuple[str, str | int | float | bool | None]]:
    """Query or form fields, as text: lists of scalars repeat the field, None is left out."""
    pairs: list[tuple[str, str | int | float | bool | None]] = []
    for key, value in values.items():
        if isinstance(value, list) and all(isinstance(item, _SCALARS) for item in value):
            pairs.extend((key, _text(item)) for item in value)
        elif value is not None:
            pairs.append((key, _text(value)))
    return pairs


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
