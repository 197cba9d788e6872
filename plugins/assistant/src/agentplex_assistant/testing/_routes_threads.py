"""Routes for assistants, threads and messages."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from ._errors import bad_request, not_found
from ._http import Call, api_route, deleted, ok, page
from ._objects import (
    ASSISTANT_FIELDS,
    JSON,
    assistant_object,
    check_tool_resources,
    check_tools,
    content_parts,
    message_object,
    thread_object,
    update_fields,
)
from ._state import State, StoredThread


def _check_assistant_body(call: Call) -> None:
    if "model" in call.body and not isinstance(call.body["model"], str):
        raise bad_request("'model' must be a string.", "model")
    if call.body.get("tools") is not None:
        check_tools(call.body["tools"])
    _check_resources(call.state, call.body)


def _check_resources(state: State, body: JSON) -> None:
    if body.get("tool_resources") is not None:
        check_tool_resources(
            body["tool_resources"], state.files.__contains__, state.vector_stores.__contains__
        )


def create_assistant(call: Call) -> Response:
    """POST /assistants"""
    call.require("model")
    _check_assistant_body(call)
    assistant = assistant_object(call.body)
    call.state.assistants[assistant["id"]] = assistant
    return ok(assistant)


def retrieve_assistant(call: Call) -> Response:
    """GET /assistants/{assistant_id}"""
    return ok(call.state.assistant(call.params["assistant_id"]))


def update_assistant(call: Call) -> Response:
    """POST /assistants/{assistant_id}"""
    assistant = call.state.assistant(call.params["assistant_id"])
    _check_assistant_body(call)
    update_fields(assistant, call.body, ASSISTANT_FIELDS)
    return ok(assistant)


def delete_assistant(call: Call) -> Response:
    """DELETE /assistants/{assistant_id}"""
    assistant_id = call.params["assistant_id"]
    call.state.assistant(assistant_id)
    del call.state.assistants[assistant_id]
    return deleted(assistant_id, "assistant.deleted")


def _new_message(state: State, thread: StoredThread, body: Any, prefix: str = "") -> JSON:
    def param(name: str) -> str:
        return f"{prefix}.{name}" if prefix else name

    if not isinstance(body, dict):
        raise bad_request(f"'{prefix}' must be an object.", prefix)
    if body.get("role") not in ("user", "assistant"):
        raise bad_request(
            f"Invalid '{param('role')}': expected 'user' or 'assistant'.", param("role")
        )
    if "content" not in body:
        raise bad_request(f"Missing required parameter: '{param('content')}'.", param("content"))
    message = message_object(
        thread.obj["id"],
        body["role"],
        content_parts(body["content"], state.files.__contains__),
        attachments=body.get("attachments"),
        metadata=body.get("metadata"),
    )
    thread.messages[message["id"]] = message
    return message


def add_messages(state: State, thread: StoredThread, messages: object, param: str) -> None:
    """Append request-supplied messages (thread creation, `additional_messages`)."""
    if not isinstance(messages, list):
        raise bad_request(f"'{param}' must be an array.", param)
    for index, body in enumerate(messages):
        _new_message(state, thread, body, f"{param}[{index}]")


def create_thread(call: Call) -> Response:
    """POST /threads"""
    _check_resources(call.state, call.body)
    thread = StoredThread(thread_object(call.body))
    add_messages(call.state, thread, call.body.get("messages") or [], "messages")
    call.state.threads[thread.obj["id"]] = thread
    return ok(thread.obj)


def retrieve_thread(call: Call) -> Response:
    """GET /threads/{thread_id}"""
    return ok(call.state.thread(call.params["thread_id"]).obj)


def update_thread(call: Call) -> Response:
    """POST /threads/{thread_id}"""
    thread = call.state.thread(call.params["thread_id"])
    _check_resources(call.state, call.body)
    update_fields(thread.obj, call.body, ("metadata", "tool_resources"))
    return ok(thread.obj)


def delete_thread(call: Call) -> Response:
    """DELETE /threads/{thread_id}"""
    thread_id = call.params["thread_id"]
    call.state.thread(thread_id)
    del call.state.threads[thread_id]
    return deleted(thread_id, "thread.deleted")


def create_message(call: Call) -> Response:
    """POST /threads/{thread_id}/messages; refused while a run is active."""
    thread = call.state.thread(call.params["thread_id"])
    active = thread.active_run()
    if active is not None:
        raise bad_request(
            f"Can't add messages to {thread.obj['id']} while a run {active.obj['id']} is active."
        )
    return ok(_new_message(call.state, thread, call.body))


def list_messages(call: Call) -> Response:
    """GET /threads/{thread_id}/messages, optionally only those of `run_id`."""
    messages = list(call.state.thread(call.params["thread_id"]).messages.values())
    if "run_id" in call.query:
        messages = [m for m in messages if m["run_id"] == call.query["run_id"]]
    return page(messages, call.query)


def _message(call: Call) -> tuple[StoredThread, JSON]:
    thread = call.state.thread(call.params["thread_id"])
    message_id = call.params["message_id"]
    if message_id not in thread.messages:
        raise not_found("message", message_id)
    return thread, thread.messages[message_id]


def retrieve_message(call: Call) -> Response:
    """GET /threads/{thread_id}/messages/{message_id}"""
    return ok(_message(call)[1])


def delete_message(call: Call) -> Response:
    """DELETE /threads/{thread_id}/messages/{message_id}"""
    thread, message = _message(call)
    del thread.messages[message["id"]]
    return deleted(message["id"], "thread.message.deleted")


def routes() -> list[Route]:
    """The routes of this module, relative to the API root."""
    message = "/threads/{thread_id}/messages/{message_id}"
    return [
        api_route("POST", "/assistants", create_assistant),
        api_route("GET", "/assistants/{assistant_id}", retrieve_assistant),
        api_route("POST", "/assistants/{assistant_id}", update_assistant),
        api_route("DELETE", "/assistants/{assistant_id}", delete_assistant),
        api_route("POST", "/threads", create_thread),
        api_route("GET", "/threads/{thread_id}", retrieve_thread),
        api_route("POST", "/threads/{thread_id}", update_thread),
        api_route("DELETE", "/threads/{thread_id}", delete_thread),
        api_route("POST", "/threads/{thread_id}/messages", create_message),
        api_route("GET", "/threads/{thread_id}/messages", list_messages),
        api_route("GET", message, retrieve_message),
        api_route("DELETE", message, delete_message),
    ]
