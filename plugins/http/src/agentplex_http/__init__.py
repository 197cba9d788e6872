"""HTTP tools for agentplex: call an HTTP endpoint with a model's arguments.

Registered as the tool providers ``http`` (:class:`HttpTool`) and
``http_stream`` (:class:`HttpStreamTool`). :mod:`agentplex_http.testing` serves
an ASGI app on 127.0.0.1 for tests.

Importing this package is cheap: ``httpx`` is imported when a name below is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentplex import lazy_exports

if TYPE_CHECKING:
    from ._config import HttpStreamToolConfig, HttpToolConfig
    from ._errors import HttpToolError
    from ._json_schema import FILE_PATH_FORMAT
    from ._stream_tool import HttpStreamTool
    from ._tool import HttpTool

_LAZY = {
    "FILE_PATH_FORMAT": "._json_schema",
    "HttpStreamTool": "._stream_tool",
    "HttpStreamToolConfig": "._config",
    "HttpTool": "._tool",
    "HttpToolConfig": "._config",
    "HttpToolError": "._errors",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "FILE_PATH_FORMAT",
    "HttpStreamTool",
    "HttpStreamToolConfig",
    "HttpTool",
    "HttpToolConfig",
    "HttpToolError",
]
