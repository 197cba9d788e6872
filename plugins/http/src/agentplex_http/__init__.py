"""HTTP tools for agentplex: call an HTTP endpoint with a model's arguments.

Registered as the tool providers ``http`` (:class:`HttpTool`) and
``http_stream`` (:class:`HttpStreamTool`). :mod:`agentplex_http.testing` serves
an ASGI app on 127.0.0.1 for tests.
"""

from ._config import HttpStreamToolConfig, HttpToolConfig
from ._errors import HttpToolError
from ._json_schema import FILE_PATH_FORMAT
from ._stream_tool import HttpStreamTool
from ._tool import HttpTool

__all__ = [
    "FILE_PATH_FORMAT",
    "HttpStreamTool",
    "HttpStreamToolConfig",
    "HttpTool",
    "HttpToolConfig",
    "HttpToolError",
]
