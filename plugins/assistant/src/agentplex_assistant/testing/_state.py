"""The server's in-memory objects, its settings and what it recorded."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from ._errors import not_found
from ._objects import JSON, file_counts
from ._run import ACTIVE, RunState, SubmittedToolOutput
from ._script import ScriptStep


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received.

    `path` is the full URL path (`/v1/...` or `/openai/...`). `json` holds a JSON body;
    `form` holds the fields of a multipart body, an uploaded file as its filename.
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None
    form: dict[str, str] | None = None


@dataclass
class Settings:
    """Knobs a test may turn while the server runs."""

    polls_per_status: int = 1
    default_reply: str = "This is a scripted reply."
    poll_after_ms: int = 5
    api_key: str | None = None
    stream_event_limit: int | None = None


@dataclass
class StoredThread:
    """A thread with its messages and runs, both in creation order."""

    obj: JSON
    messages: dict[str, JSON] = field(default_factory=dict)
    runs: dict[str, RunState] = field(default_factory=dict)

    def active_run(self) -> RunState | None:
        """The run that is not yet in a terminal status, if any."""
        return next((run for run in self.runs.values() if run.status in ACTIVE), None)


@dataclass
class StoredFile:
    """An uploaded file and its bytes."""

    obj: JSON
    content: bytes


@dataclass
class StoredVectorStore:
    """A vector store and the files attached to it, by file id."""

    obj: JSON
    files: dict[str, JSON] = field(default_factory=dict)

    def refresh(self, sizes: dict[str, int]) -> None:
        """Recompute `file_counts` and `usage_bytes` from the attached files."""
        statuses = [f["status"] for f in self.files.values()]
        self.obj["file_counts"] = file_counts(statuses)
        self.obj["usage_bytes"] = sum(
            sizes.get(file_id, 0) for file_id, f in self.files.items() if f["status"] == "completed"
        )
        self.obj["status"] = "in_progress" if "in_progress" in statuses else "completed"


@dataclass
class StoredBatch:
    """A vector store file batch; it completes after enough retrieves."""

    obj: JSON
    file_ids: list[str]
    views: int = 0


class State:
    """Everything the server holds. Handlers run under `lock`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lock = threading.Lock()
        self.assistants: dict[str, JSON] = {}
        self.threads: dict[str, StoredThread] = {}
        self.files: dict[str, StoredFile] = {}
        self.vector_stores: dict[str, StoredVectorStore] = {}
        self.batches: dict[str, StoredBatch] = {}
        self.scripts: deque[tuple[ScriptStep, ...]] = deque()
        self.requests: list[RecordedRequest] = []
        self.tool_outputs: list[SubmittedToolOutput] = []

    def clear(self) -> None:
        """Forget every object, queued script and record."""
        self.assistants.clear()
        self.threads.clear()
        self.files.clear()
        self.vector_stores.clear()
        self.batches.clear()
        self.scripts.clear()
        self.requests.clear()
        self.tool_outputs.clear()

    def assistant(self, assistant_id: str) -> JSON:
        """The assistant with this id, or a 404."""
        if assistant_id not in self.assistants:
            raise not_found("assistant", assistant_id)
        return self.assistants[assistant_id]

    def thread(self, thread_id: str) -> StoredThread:
        """The thread with this id, or a 404."""
        if thread_id not in self.threads:
            raise not_found("thread", thread_id)
        return self.threads[thread_id]

    def run(self, thread_id: str, run_id: str) -> RunState:
        """The run with this id on this thread, or a 404."""
        runs = self.thread(thread_id).runs
        if run_id not in runs:
            raise not_found("run", run_id)
        return runs[run_id]

    def file(self, file_id: str) -> StoredFile:
        """The uploaded file with this id, or a 404."""
        if file_id not in self.files:
            raise not_found("file", file_id)
        return self.files[file_id]

    def vector_store(self, store_id: str) -> StoredVectorStore:
        """The vector store with this id, or a 404."""
        if store_id not in self.vector_stores:
            raise not_found("vector store", store_id)
        return self.vector_stores[store_id]

    def batch(self, store_id: str, batch_id: str) -> StoredBatch:
        """The file batch with this id in this vector store, or a 404."""
        self.vector_store(store_id)
        batch = self.batches.get(batch_id)
        if batch is None or batch.obj["vector_store_id"] != store_id:
            raise not_found("file batch", batch_id)
        return batch

    def file_sizes(self) -> dict[str, int]:
        """Each uploaded file's size in bytes."""
        return {file_id: f.obj["bytes"] for file_id, f in self.files.items()}
