"""HttpTool: a tool that calls an HTTP endpoint with the model's arguments."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, Self

from pydantic import SecretStr

from agentplex import CancellationToken, ComponentError
from agentplex.components import Component
from agentplex.tools import BaseTool, ToolDefinitionError

from ._config import (
    HttpToolConfig,
    ReturnType,
    checked_return_type,
    config_fields,
    tool_options,
)
from ._endpoint import Endpoint, response_value
from ._json_schema import SchemaArgs


class HttpTool(BaseTool[SchemaArgs, Any], Component[HttpToolConfig]):
    """Sends one HTTP request per call, built from the arguments, and returns the body.

    ``json_schema`` (an object schema) describes the arguments; it becomes the
    pydantic model they are validated with, so invalid arguments fail before any
    request. Then:

    - ``{name}`` placeholders in ``path`` take the argument of that name
      (percent-encoded); each must be a required property or have a default;
    - the other arguments go in the query string for GET and DELETE (a list of
      scalars repeats the parameter, objects are sent as JSON text) and as a JSON
      body for POST, PUT and PATCH;
    - a property with ``"format": "file-path"`` (or an array of them) names a
      local file to upload: the request becomes ``multipart/form-data`` with each
      file under its property name (file name and guessed media type included)
      and the other arguments as form fields. With ``file_root`` set, paths are
      resolved inside that directory and paths leading out of it are refused.

    ``return_type="text"`` returns the body as text, ``"json"`` parsed. A non-2xx
    status, a timeout (``timeout`` seconds, per connect, read or write), a
    connection error, an unreadable file or a body that is not JSON when JSON is
    expected raise :class:`HttpToolError` with the method, the URL and, when a
    response came, its status and the start of its body; a workbench hands that
    to the model as an error result. Redirects are followed.

    ``headers`` are sent with every request; give secrets (API keys, tokens) as
    ``SecretStr``: a dump masks them unless ``include_secrets=True``, and loading a
    masked one is refused with a message saying so.
    """

    component_provider = "http"
    component_config_schema = HttpToolConfig

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
        method: str = "POST",
        headers: Mapping[str, str | SecretStr] | None = None,
        return_type: ReturnType = "text",
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
        super().__init__(
            self._endpoint.args.model,
            str if return_type == "text" else object,
            name,
            description
            or f"Sends an HTTP {self._endpoint.method} request to {self._endpoint.url}.",
        )

    @property
    def url(self) -> str:
        """The endpoint's URL, placeholders unfilled."""
        return self._endpoint.url

    async def run(self, args: SchemaArgs, cancellation_token: CancellationToken) -> Any:
        request = asyncio.ensure_future(self._request(args))
        cancellation_token.link_future(request)
        return await request

    async def _request(self, args: SchemaArgs) -> Any:
        async with self._endpoint.send(args) as response:
            return response_value(response, self._response_type)

    def _to_config(self) -> HttpToolConfig:
        return HttpToolConfig(
            name=self.name,
            description=self.description,
            return_type=self._response_type,
            **config_fields(self._endpoint),
        )

    @classmethod
    def _from_config(cls, config: HttpToolConfig) -> Self:
        try:
            return cls(**tool_options(config))
        except ToolDefinitionError as exc:
            raise ComponentError(str(exc)) from None
