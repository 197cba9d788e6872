"""Routes for files, vector stores and vector store file batches."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from ._errors import bad_request
from ._http import Call, api_route, deleted, ok, page
from ._objects import (
    batch_object,
    file_counts,
    file_object,
    vector_store_file_object,
    vector_store_object,
)
from ._state import State, StoredBatch, StoredFile, StoredVectorStore

_PURPOSES = ("assistants", "vision", "batch", "fine-tune", "user_data")


def upload_file(call: Call) -> Response:
    """POST /files (multipart: `file`, `purpose`)."""
    upload = call.form.get("file")
    if upload is None or upload.filename is None:
        raise bad_request("Missing required parameter: 'file'.", "file")
    purpose = call.form["purpose"].content.decode() if "purpose" in call.form else ""
    if purpose not in _PURPOSES:
        raise bad_request(f"Invalid 'purpose': expected one of {_PURPOSES}.", "purpose")
    stored = StoredFile(file_object(upload.filename, len(upload.content), purpose), upload.content)
    call.state.files[stored.obj["id"]] = stored
    return ok(stored.obj)


def retrieve_file(call: Call) -> Response:
    """GET /files/{file_id}"""
    return ok(call.state.file(call.params["file_id"]).obj)


def file_content(call: Call) -> Response:
    """GET /files/{file_id}/content: the uploaded bytes, unchanged."""
    content = call.state.file(call.params["file_id"]).content
    return Response(content, media_type="application/octet-stream")


def delete_file(call: Call) -> Response:
    """DELETE /files/{file_id}"""
    file_id = call.params["file_id"]
    call.state.file(file_id)
    del call.state.files[file_id]
    return deleted(file_id, "file")


def _file_ids(call: Call) -> list[str]:
    """The ids in `file_ids` or `files`; each must be an uploaded file."""
    ids = list(call.body.get("file_ids") or [])
    ids += [entry.get("file_id", "") for entry in call.body.get("files") or []]
    for file_id in ids:
        call.state.file(file_id)
    return ids


def _attach(state: State, store: StoredVectorStore, file_ids: list[str], status: str) -> None:
    sizes = state.file_sizes()
    for file_id in file_ids:
        store.files[file_id] = vector_store_file_object(
            store.obj["id"], file_id, status, sizes[file_id]
        )
    store.refresh(sizes)


def create_vector_store(call: Call) -> Response:
    """POST /vector_stores; `file_ids` are attached already processed."""
    store = StoredVectorStore(vector_store_object(call.body))
    _attach(call.state, store, _file_ids(call), "completed")
    call.state.vector_stores[store.obj["id"]] = store
    return ok(store.obj)


def retrieve_vector_store(call: Call) -> Response:
    """GET /vector_stores/{vector_store_id}"""
    return ok(call.state.vector_store(call.params["vector_store_id"]).obj)


def delete_vector_store(call: Call) -> Response:
    """DELETE /vector_stores/{vector_store_id}"""
    store_id = call.params["vector_store_id"]
    call.state.vector_store(store_id)
    del call.state.vector_stores[store_id]
    return deleted(store_id, "vector_store.deleted")


def create_batch(call: Call) -> Response:
    """POST /vector_stores/{vector_store_id}/file_batches; files start `in_progress`."""
    store = call.state.vector_store(call.params["vector_store_id"])
    file_ids = _file_ids(call)
    if not file_ids:
        raise bad_request("Missing required parameter: 'file_ids'.", "file_ids")
    _attach(call.state, store, file_ids, "in_progress")
    batch = StoredBatch(batch_object(store.obj["id"], file_ids), file_ids)
    call.state.batches[batch.obj["id"]] = batch
    return ok(batch.obj, poll_after_ms=call.state.settings.poll_after_ms)


def retrieve_batch(call: Call) -> Response:
    """GET .../file_batches/{batch_id}: completes after `polls_per_status` retrieves."""
    state = call.state
    batch = state.batch(call.params["vector_store_id"], call.params["batch_id"])
    if batch.obj["status"] == "in_progress" and batch.views >= state.settings.polls_per_status:
        store = state.vector_store(batch.obj["vector_store_id"])
        sizes = state.file_sizes()
        for file_id in batch.file_ids:
            if file_id in store.files:
                store.files[file_id].update(status="completed", usage_bytes=sizes.get(file_id, 0))
        store.refresh(sizes)
        batch.obj["status"] = "completed"
        batch.obj["file_counts"] = file_counts(["completed"] * len(batch.file_ids))
    batch.views += 1
    return ok(batch.obj, poll_after_ms=state.settings.poll_after_ms)


def list_batch_files(call: Call) -> Response:
    """GET .../file_batches/{batch_id}/files, optionally filtered by status."""
    batch = call.state.batch(call.params["vector_store_id"], call.params["batch_id"])
    store = call.state.vector_store(batch.obj["vector_store_id"])
    files = [store.files[file_id] for file_id in batch.file_ids if file_id in store.files]
    if "filter" in call.query:
        files = [f for f in files if f["status"] == call.query["filter"]]
    return page(files, call.query)


def routes() -> list[Route]:
    """The routes of this module, relative to the API root."""
    store = "/vector_stores/{vector_store_id}"
    batch = f"{store}/file_batches/{{batch_id}}"
    return [
        api_route("POST", "/files", upload_file, beta=False),
        api_route("GET", "/files/{file_id}", retrieve_file, beta=False),
        api_route("GET", "/files/{file_id}/content", file_content, beta=False),
        api_route("DELETE", "/files/{file_id}", delete_file, beta=False),
        api_route("POST", "/vector_stores", create_vector_store, beta=False),
        api_route("GET", store, retrieve_vector_store, beta=False),
        api_route("DELETE", store, delete_vector_store, beta=False),
        api_route("POST", f"{store}/file_batches", create_batch, beta=False),
        api_route("GET", batch, retrieve_batch, beta=False),
        api_route("GET", f"{batch}/files", list_batch_files, beta=False),
    ]
