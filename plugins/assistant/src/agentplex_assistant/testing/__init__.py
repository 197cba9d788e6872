"""A stateful, scriptable Assistants API server for testing assistant agents.

It speaks the HTTP API the `openai` SDK calls (assistants, threads, messages, runs,
run steps, files, vector stores, file batches), under `/v1` for `AsyncOpenAI` and
`/openai` for `AsyncAzureOpenAI`, so tests drive it through the real SDK.
"""

from ._run import SubmittedToolOutput
from ._script import Fail, Reply, RequiresAction, ScriptStep
from ._server import AssistantsServer
from ._state import RecordedRequest

__all__ = [
    "AssistantsServer",
    "Fail",
    "RecordedRequest",
    "Reply",
    "RequiresAction",
    "ScriptStep",
    "SubmittedToolOutput",
]
