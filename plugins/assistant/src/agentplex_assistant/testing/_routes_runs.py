"""Routes for runs and run steps."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from ._errors import bad_request, not_found
from ._http import Call, api_route, event_stream, ok, page
from ._routes_threads import add_messages
from ._run import RunState, run_object


def _answer(call: Call, run: RunState) -> Response:
    """The run as JSON, or run on to its next stop as an event stream."""
    settings = call.state.settings
    if call.body.get("stream"):
        events = run.run_until_stop(settings.default_reply)
        limit = settings.stream_event_limit
        if limit is not None and len(events) > limit:
            return event_stream(events[:limit], complete=False)
        return event_stream(events)
    return ok(run.obj, poll_after_ms=settings.poll_after_ms)


def create_run(call: Call) -> Response:
    """POST /threads/{thread_id}/runs: starts the next queued script (or the default)."""
    thread = call.state.thread(call.params["thread_id"])
    assistant = call.state.assistant(call.require("assistant_id"))
    active = thread.active_run()
    if active is not None:
        raise bad_request(
            f"Thread {thread.obj['id']} already has an active run {active.obj['id']}."
        )
    add_messages(call.state, thread, call.body.get("additional_messages") or [], "messages")
    script = call.state.scripts.popleft() if call.state.scripts else ()
    run = RunState(run_object(thread.obj["id"], assistant, call.body), script, thread.messages)
    thread.runs[run.obj["id"]] = run
    return _answer(call, run)


def list_runs(call: Call) -> Response:
    """GET /threads/{thread_id}/runs"""
    runs = call.state.thread(call.params["thread_id"]).runs.values()
    return page([run.obj for run in runs], call.query)


def retrieve_run(call: Call) -> Response:
    """GET /threads/{thread_id}/runs/{run_id}: each retrieve moves the run along."""
    run = call.state.run(call.params["thread_id"], call.params["run_id"])
    settings = call.state.settings
    run.poll(settings.polls_per_status, settings.default_reply)
    return ok(run.obj, poll_after_ms=settings.poll_after_ms)


def cancel_run(call: Call) -> Response:
    """POST /threads/{thread_id}/runs/{run_id}/cancel"""
    run = call.state.run(call.params["thread_id"], call.params["run_id"])
    run.cancel()
    return ok(run.obj, poll_after_ms=call.state.settings.poll_after_ms)


def submit_tool_outputs(call: Call) -> Response:
    """POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs"""
    run = call.state.run(call.params["thread_id"], call.params["run_id"])
    call.state.tool_outputs.extend(run.submit(call.body.get("tool_outputs")))
    return _answer(call, run)


def list_steps(call: Call) -> Response:
    """GET /threads/{thread_id}/runs/{run_id}/steps"""
    run = call.state.run(call.params["thread_id"], call.params["run_id"])
    return page(list(run.steps.values()), call.query)


def retrieve_step(call: Call) -> Response:
    """GET /threads/{thread_id}/runs/{run_id}/steps/{step_id}"""
    run = call.state.run(call.params["thread_id"], call.params["run_id"])
    step_id = call.params["step_id"]
    if step_id not in run.steps:
        raise not_found("run step", step_id)
    return ok(run.steps[step_id])


def routes() -> list[Route]:
    """The routes of this module, relative to the API root."""
    run = "/threads/{thread_id}/runs/{run_id}"
    return [
        api_route("POST", "/threads/{thread_id}/runs", create_run),
        api_route("GET", "/threads/{thread_id}/runs", list_runs),
        api_route("GET", run, retrieve_run),
        api_route("POST", f"{run}/cancel", cancel_run),
        api_route("POST", f"{run}/submit_tool_outputs", submit_tool_outputs),
        api_route("GET", f"{run}/steps", list_steps),
        api_route("GET", f"{run}/steps/{{step_id}}", retrieve_step),
    ]
