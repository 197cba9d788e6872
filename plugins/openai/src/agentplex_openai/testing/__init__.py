"""A scripted OpenAI-compatible HTTP server for driving the real ``openai`` SDK in tests.

Replies are queued with `ScriptedOpenAIServer.enqueue` and served over real
HTTP on 127.0.0.1, streamed as server-sent events when the request asks::

    with ScriptedOpenAIServer() as server:
        server.enqueue(TextReply("Paris"), ToolCallReply([("lookup", {"q": "x"})]))
        client = openai.AsyncOpenAI(base_url=server.base_url, api_key="sk-test")
"""

from ._script import ErrorReply, Reply, TextReply, ToolCallReply
from ._server import ScriptedOpenAIServer
from ._state import RecordedRequest

__all__ = [
    "ErrorReply",
    "RecordedRequest",
    "Reply",
    "ScriptedOpenAIServer",
    "TextReply",
    "ToolCallReply",
]
