"""HTTP tools for agentplex: call an HTTP endpoint with a model's arguments.

Registered as the tool providers ``http`` (:class:`HttpTool`) and
``http_stream`` (:class:`HttpStreamTool`). :mod:`agentplex_http.testing` serves
an ASGI app on 127.0.0.1 for tests.

Importing this package is cheap: ``httpx`` is imported when a name below is first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "FILE_PATH_FORMAT",
    "HttpStreamTool",
    "HttpStreamToolConfig",
    "HttpTool",
    "HttpToolConfig",
    "HttpToolError",
]
