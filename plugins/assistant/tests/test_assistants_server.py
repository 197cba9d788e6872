"""The scripted Assistants API server, exercised only through the real `openai` SDK."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import openai
import pytest
from openai.types.beta.threads import Message, Text, TextDelta
from openai.types.beta.threads.run_submit_tool_outputs_params import ToolOutput
from openai.types.beta.threads.runs import ToolCall
from openai.types.shared_params import FunctionDefinition

import agentplex_assistant.testing as testing
from agentplex_assistant.testing import AssistantsServer, Fail, Reply, RequiresAction

# The SDK marks every Assistants API method deprecated; calling it is the point here.
pytestmark = [
    pytest.mark.filterwarnings("ignore:deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The Assistants API is deprecated:DeprecationWarning"),
]


@pytest.fixture(scope="module")
def shared_server() -> Iterator[AssistantsServer]:
    with AssistantsServer() as running:
        yield running


@pytest.fixture
def server(shared_server: AssistantsServer) -> Iterator[AssistantsServer]:
    yield shared_server
    shared_server.reset()


@pytest.fixture
async def client(server: AssistantsServer) -> AsyncIterator[openai.AsyncOpenAI]:
    async with openai.AsyncOpenAI(
        base_url=server.base_url, api_key="sk-test", max_retries=0
    ) as sdk:
        yield sdk


async def _assistant(client: openai.AsyncOpenAI) -> str:
    assistant = await client.beta.assistants.create(model="gpt-4o", instructions="Be brief.")
    return assistant.id


async def _thread_and_assistant(client: openai.AsyncOpenAI) -> tuple[str, str]:
    thread = await client.beta.threads.create(messages=[{"role": "user", "content": "Hello"}])
    return thread.id, await _assistant(client)


def test_public_names_are_sorted_and_complete() -> None:
    public = {name for name in dir(testing) if not name.startswith("_")}
    assert testing.__all__ == sorted(testing.__all__)
    assert public - {"annotations"} == set(testing.__all__)


async def test_assistant_create_retrieve_update_delete(client: openai.AsyncOpenAI) -> None:
    file = await client.files.create(file=("data.csv", b"a,b\n1,2\n"), purpose="assistants")
    store = await client.vector_stores.create(name="docs")
    function: FunctionDefinition = {"name": "add", "parameters": {"type": "object"}}
    created = await client.beta.assistants.create(
        model="gpt-4o",
        name="calc",
        instructions="Add numbers.",
        tools=[
            {"type": "code_interpreter"},
            {"type": "file_search"},
            {"type": "function", "function": function},
        ],
        tool_resources={
            "code_interpreter": {"file_ids": [file.id]},
            "file_search": {"vector_store_ids": [store.id]},
        },
        metadata={"team": "a"},
        response_format={"type": "json_object"},
        temperature=0.2,
        top_p=0.5,
    )
    assert created.id.startswith("asst_")
    assert created.object == "assistant"
    assert [tool.type for tool in created.tools] == ["code_interpreter", "file_search", "function"]
    assert created.tool_resources is not None
    assert created.tool_resources.code_interpreter is not None
    assert created.tool_resources.code_interpreter.file_ids == [file.id]
    assert (created.temperature, created.top_p, created.metadata) == (0.2, 0.5, {"team": "a"})
    assert await client.beta.assistants.retrieve(created.id) == created

    updated = await client.beta.assistants.update(created.id, instructions="Subtract.")
    assert updated.instructions == "Subtract."
    assert updated.name == "calc"

    result = await client.beta.assistants.delete(created.id)
    assert (result.id, result.deleted) == (created.id, True)
    with pytest.raises(openai.NotFoundError):
        await client.beta.assistants.retrieve(created.id)


async def test_invalid_requests_are_400s(client: openai.AsyncOpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as missing_model:
        await client.beta.assistants.create(model=None)  # type: ignore[arg-type]
    assert missing_model.value.body == {
        "message": "Missing required parameter: 'model'.",
        "type": "invalid_request_error",
        "param": "model",
        "code": None,
    }
    with pytest.raises(openai.BadRequestError, match="Invalid vector store id 'vs_nope'") as bad:
        await client.beta.assistants.create(
            model="gpt-4o", tool_resources={"file_search": {"vector_store_ids": ["vs_nope"]}}
        )
    assert bad.value.param == "tool_resources.file_search.vector_store_ids"
    with pytest.raises(openai.BadRequestError, match="role"):
        await client.beta.threads.create(messages=[{"role": "system", "content": "x"}])  # type: ignore[typeddict-item]


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        (lambda c: c.beta.assistants.retrieve("asst_nope"), "assistant"),
        (lambda c: c.beta.threads.retrieve("thread_nope"), "thread"),
        (lambda c: c.beta.threads.messages.list("thread_nope"), "thread"),
        (lambda c: c.files.retrieve("file-nope"), "file"),
        (lambda c: c.vector_stores.retrieve("vs_nope"), "vector store"),
    ],
)
async def test_unknown_ids_are_404s_in_the_openai_error_shape(
    client: openai.AsyncOpenAI, call: Any, kind: str
) -> None:
    with pytest.raises(openai.NotFoundError) as error:
        await call(client)
    assert error.value.status_code == 404
    assert isinstance(error.value.body, dict)
    assert set(error.value.body) == {"message", "type", "param", "code"}
    assert f"No {kind} found with id" in error.value.message


async def test_unknown_run_message_and_route_are_404s(client: openai.AsyncOpenAI) -> None:
    thread_id, _ = await _thread_and_assistant(client)
    with pytest.raises(openai.NotFoundError, match="No run found"):
        await client.beta.threads.runs.retrieve("run_nope", thread_id=thread_id)
    with pytest.raises(openai.NotFoundError, match="No message found"):
        await client.beta.threads.messages.retrieve("msg_nope", thread_id=thread_id)
    with pytest.raises(openai.NotFoundError, match=r"Invalid URL \(GET /v1/nowhere\)"):
        await client.get("/nowhere", cast_to=object)


async def test_thread_messages_with_text_and_image_parts(client: openai.AsyncOpenAI) -> None:
    image = await client.files.create(file=("cat.png", b"\x89PNG fake"), purpose="vision")
    thread = await client.beta.threads.create(
        messages=[{"role": "user", "content": "first"}], metadata={"k": "v"}
    )
    assert thread.id.startswith("thread_")
    assert (await client.beta.threads.retrieve(thread.id)).metadata == {"k": "v"}
    parts = await client.beta.threads.messages.create(
        thread.id,
        role="user",
        content=[
            {"type": "text", "text": "look"},
            {"type": "image_file", "image_file": {"file_id": image.id}},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
        ],
    )
    said = await client.beta.threads.messages.create(thread.id, role="assistant", content="ok")

    assert [part.type for part in parts.content] == ["text", "image_file", "image_url"]
    assert parts.content[1].image_file.file_id == image.id  # type: ignore[union-attr]
    assert parts.content[2].image_url.url == "data:image/png;base64,AAAA"  # type: ignore[union-attr]
    assert (said.role, said.run_id, said.status) == ("assistant", None, "completed")
    assert await client.beta.threads.messages.retrieve(said.id, thread_id=thread.id) == said

    gone = await client.beta.threads.messages.delete(said.id, thread_id=thread.id)
    assert gone.deleted
    listed = await client.beta.threads.messages.list(thread.id, order="asc")
    assert [m.id for m in listed.data][1:] == [parts.id]
    assert (await client.beta.threads.delete(thread.id)).deleted


def _cursor(page: Any) -> tuple[object, object, object]:
    """A list page's `first_id`, `last_id` and `has_more`, as the server sent them."""
    extra = page.model_extra or {}
    return extra.get("first_id"), extra.get("last_id"), page.has_more


async def test_message_pagination_matches_the_api(client: openai.AsyncOpenAI) -> None:
    thread = await client.beta.threads.create()
    ids = []
    for index in range(5):
        message = await client.beta.threads.messages.create(
            thread.id, role="user", content=str(index)
        )
        ids.append(message.id)
    messages = client.beta.threads.messages

    first = await messages.list(thread.id, order="asc", limit=2)
    assert [m.id for m in first.data] == ids[:2]
    assert _cursor(first) == (ids[0], ids[1], True)
    second = await messages.list(thread.id, order="asc", limit=2, after=ids[1])
    assert [m.id for m in second.data] == ids[2:4]
    last = await messages.list(thread.id, order="asc", limit=2, after=ids[3])
    assert ([m.id for m in last.data], last.has_more) == ([ids[4]], False)

    newest = await messages.list(thread.id, limit=2)
    assert [m.id for m in newest.data] == [ids[4], ids[3]]
    older = await messages.list(thread.id, limit=2, after=ids[3])
    assert [m.id for m in older.data] == [ids[2], ids[1]]
    before = await messages.list(thread.id, order="asc", limit=2, before=ids[4])
    assert ([m.id for m in before.data], _cursor(before)) == (ids[2:4], (ids[2], ids[3], True))
    empty = await messages.list(thread.id, order="asc", after=ids[4])
    assert (empty.data, _cursor(empty)) == ([], (None, None, False))

    assert [m.id async for m in messages.list(thread.id, order="asc", limit=2)] == ids
    with pytest.raises(openai.BadRequestError, match="limit"):
        await messages.list(thread.id, limit=101)


async def test_a_poller_sees_each_status_for_polls_per_status_retrieves(
    server: AssistantsServer, client: openai.AsyncOpenAI
) -> None:
    server.polls_per_status = 2
    server.default_reply = "Default answer."
    thread_id, assistant_id = await _thread_and_assistant(client)
    run = await client.beta.threads.runs.create(
        thread_id, assistant_id=assistant_id, instructions="Override."
    )
    assert (run.status, run.instructions, run.model) == ("queued", "Override.", "gpt-4o")

    seen = []
    while run.status not in ("completed", "failed"):
        run = await client.beta.threads.runs.retrieve(run.id, thread_id=thread_id)
        seen.append(run.status)
    assert seen == ["queued", "queued", "in_progress", "in_progress", "completed"]
    assert run.completed_at is not None
    assert run.usage is not None
    raw = await client.beta.threads.runs.with_raw_response.retrieve(run.id, thread_id=thread_id)
    assert raw.headers["openai-poll-after-ms"] == "5"

    latest = (await client.beta.threads.messages.list(thread_id, limit=1)).data[0]
    assert latest.content[0].text.value == "Default answer."  # type: ignore[union-attr]
    assert (latest.role, latest.run_id, latest.assistant_id) == ("assistant", run.id, assistant_id)


async def test_requires_action_then_submitted_outputs_complete_the_run(
    server: AssistantsServer, client: openai.AsyncOpenAI
) -> None:
    server.script_run(
        RequiresAction(calls=[("add", {"x": 1, "y": 2}), ("broken", "{not json")]),
        Reply("The sum is 3."),
    )
    thread_id, assistant_id = await _thread_and_assistant(client)
    runs = client.beta.threads.runs
    run = await runs.create_and_poll(thread_id=thread_id, assistant_id=assistant_id)
    assert run.status == "requires_action"
    assert run.required_action is not None
    calls = run.required_action.submit_tool_outputs.tool_calls
    assert [(c.function.name, c.function.arguments) for c in calls] == [
        ("add", '{"x": 1, "y": 2}'),
        ("broken", "{not json"),
    ]
    assert all(c.id.startswith("call_") for c in calls)

    with pytest.raises(openai.BadRequestError, match="Expected tool outputs"):
        await runs.submit_tool_outputs(
            run.id, thread_id=thread_id, tool_outputs=[{"tool_call_id": calls[0].id, "output": "3"}]
        )
    with pytest.raises(openai.BadRequestError, match="Expected tool outputs"):
        await runs.submit_tool_outputs(
            run.id,
            thread_id=thread_id,
            tool_outputs=[
                {"tool_call_id": calls[0].id, "output": "3"},
                {"tool_call_id": "call_unknown", "output": "?"},
            ],
        )
    outputs: list[ToolOutput] = [
        {"tool_call_id": calls[0].id, "output": "3"},
        {"tool_call_id": calls[1].id, "output": "bad"},
    ]
    with pytest.raises(openai.BadRequestError, match="active"):
        await client.beta.threads.messages.create(thread_id, role="user", content="too soon")
    run = await runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=thread_id, tool_outputs=outputs
    )

    assert (run.status, run.required_action) == ("completed", None)
    assert [(o.name, o.output) for o in server.tool_outputs] == [("add", "3"), ("broken", "bad")]
    assert server.tool_outputs[0].arguments == '{"x": 1, "y": 2}'
    steps = (await runs.steps.list(run.id, thread_id=thread_id, order="asc")).data
    assert [(s.type, s.status) for s in steps] == [
        ("tool_calls", "completed"),
        ("message_creation", "completed"),
    ]
    assert steps[0].step_details.tool_calls[0].function.output == "3"  # type: ignore[union-attr]
    with pytest.raises(openai.BadRequestError, match="do not accept tool outputs"):
        await runs.submit_tool_outputs(run.id, thread_id=thread_id, tool_outputs=outputs)


@pytest.mark.parametrize("status", ["failed", "cancelled", "expired", "incomplete"])
async def test_scripted_terminal_failures(
    server: AssistantsServer, client: openai.AsyncOpenAI, status: Any
) -> None:
    server.script_run(Fail(status=status, message="boom"))
    thread_id, assistant_id = await _thread_and_assistant(client)
    run = await client.beta.threads.runs.create_and_poll(
        thread_id=thread_id, assistant_id=assistant_id
    )

    assert run.status == status
    if status == "failed":
        assert run.last_error is not None
        assert (run.last_error.code, run.last_error.message) == ("server_error", "boom")
        assert run.failed_at is not None
    else:
        assert run.last_error is None
    if status == "incomplete":
        assert run.incomplete_details is not None
        assert run.incomplete_details.reason == "max_completion_tokens"
    messages = await client.beta.threads.messages.list(thread_id)
    assert [m.role for m in messages.data] == ["user"]


async def test_cancel_goes_through_cancelling(
    server: AssistantsServer, client: openai.AsyncOpenAI
) -> None:
    server.script_run(RequiresAction(calls=[("slow", {})]))
    thread_id, assistant_id = await _thread_and_assistant(client)
    runs = client.beta.threads.runs
    run = await runs.create_and_poll(thread_id=thread_id, assistant_id=assistant_id)

    cancelling = await runs.cancel(run.id, thread_id=thread_id)
    seen = [(await runs.retrieve(run.id, thread_id=thread_id)).status for _ in range(2)]
    assert [cancelling.status, *seen] == ["cancelling", "cancelling", "cancelled"]
    final = await runs.retrieve(run.id, thread_id=thread_id)
    assert final.cancelled_at is not None
    assert final.required_action is None
    with pytest.raises(openai.BadRequestError, match="Cannot cancel run with status 'cancelled'"):
        await runs.cancel(run.id, thread_id=thread_id)
    steps = await runs.steps.list(run.id, thread_id=thread_id)
    assert [s.status for s in steps.data] == ["cancelled"]


async def test_only_one_active_run_per_thread(client: openai.AsyncOpenAI) -> None:
    thread_id, assistant_id = await _thread_and_assistant(client)
    run = await client.beta.threads.runs.create(thread_id, assistant_id=assistant_id)
    with pytest.raises(openai.BadRequestError, match="already has an active run"):
        await client.beta.threads.runs.create(thread_id, assistant_id=assistant_id)
    await client.beta.threads.runs.poll(run.id, thread_id=thread_id)
    second = await client.beta.threads.runs.create(thread_id, assistant_id=assistant_id)
    assert second.status == "queued"


class _Recorder(openai.AsyncAssistantEventHandler):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []
        self.deltas: list[str] = []
        self.done: list[Message] = []
        self.tool_calls: list[str] = []

    async def on_event(self, event: Any) -> None:
        self.events.append(event.event)

    async def on_text_delta(self, delta: TextDelta, snapshot: Text) -> None:
        self.deltas.append(delta.value or "")

    async def on_message_done(self, message: Message) -> None:
        self.done.append(message)

    async def on_tool_call_created(self, tool_call: ToolCall) -> None:
        self.tool_calls.append(tool_call.function.name)  # type: ignore[union-attr]


async def test_streamed_run_events(server: AssistantsServer, client: openai.AsyncOpenAI) -> None:
    server.script_run(Reply("Streaming is fun."))
    thread_id, assistant_id = await _thread_and_assistant(client)
    recorder = _Recorder()
    async with client.beta.threads.runs.stream(
        thread_id=thread_id, assistant_id=assistant_id, event_handler=recorder
    ) as stream:
        await stream.until_done()
        final = await stream.get_final_run()

    assert recorder.events == [
        "thread.run.created",
        "thread.run.queued",
        "thread.run.in_progress",
        "thread.run.step.created",
        "thread.run.step.in_progress",
        "thread.message.created",
        "thread.message.in_progress",
        "thread.message.delta",
        "thread.message.delta",
        "thread.message.delta",
        "thread.message.completed",
        "thread.run.step.completed",
        "thread.run.completed",
    ]
    assert recorder.deltas == ["Streaming ", "is ", "fun."]
    assert recorder.done[0].content[0].text.value == "Streaming is fun."  # type: ignore[union-attr]
    assert final.status == "completed"
    stored = await client.beta.threads.messages.retrieve(recorder.done[0].id, thread_id=thread_id)
    assert stored.content == recorder.done[0].content


async def test_streamed_tool_calls_and_streamed_submission(
    server: AssistantsServer, client: openai.AsyncOpenAI
) -> None:
    server.script_run(RequiresAction(calls=[("lookup", {"q": "x"})]), Reply("Found it."))
    thread_id, assistant_id = await _thread_and_assistant(client)
    recorder = _Recorder()
    async with client.beta.threads.runs.stream(
        thread_id=thread_id, assistant_id=assistant_id, event_handler=recorder
    ) as stream:
        await stream.until_done()
        run = await stream.get_final_run()
    assert recorder.events[-2:] == ["thread.run.step.delta", "thread.run.requires_action"]
    assert recorder.tool_calls == ["lookup"]
    assert run.status == "requires_action"
    assert run.required_action is not None
    call = run.required_action.submit_tool_outputs.tool_calls[0]

    after = _Recorder()
    async with client.beta.threads.runs.submit_tool_outputs_stream(
        run_id=run.id,
        thread_id=thread_id,
        tool_outputs=[{"tool_call_id": call.id, "output": "x=1"}],
        event_handler=after,
    ) as stream:
        await stream.until_done()
        final = await stream.get_final_run()
    assert after.events[:3] == [
        "thread.run.step.completed",
        "thread.run.queued",
        "thread.run.in_progress",
    ]
    assert after.events[-1] == "thread.run.completed"
    assert "".join(after.deltas) == "Found it."
    assert final.status == "completed"
    assert server.tool_outputs[0].output == "x=1"


async def test_streamed_failure_ends_the_stream(
    server: AssistantsServer, client: openai.AsyncOpenAI
) -> None:
    server.script_run(Fail(code="rate_limit_exceeded", message="slow down"))
    thread_id, assistant_id = await _thread_and_assistant(client)
    async with client.beta.threads.runs.stream(
        thread_id=thread_id, assistant_id=assistant_id
    ) as stream:
        events = [event.event async for event in stream]
        final = await stream.get_final_run()
    assert events == [
        "thread.run.created",
        "thread.run.queued",
        "thread.run.in_progress",
        "thread.run.failed",
    ]
    assert final.last_error is not None
    assert (final.last_error.code, final.last_error.message) == ("rate_limit_exceeded", "slow down")


async def test_scripts_apply_to_the_next_runs_in_order(
    server: AssistantsServer, client: openai.AsyncOpenAI
) -> None:
    server.script_run(Reply("one"))
    server.script_run(Reply("two"))
    assert server.scripts_pending == 2
    thread_id, assistant_id = await _thread_and_assistant(client)
    replies = []
    for _ in range(3):
        await client.beta.threads.runs.create_and_poll(
            thread_id=thread_id, assistant_id=assistant_id
        )
        latest = (await client.beta.threads.messages.list(thread_id, limit=1)).data[0]
        replies.append(latest.content[0].text.value)  # type: ignore[union-attr]
    assert replies == ["one", "two", server.default_reply]
    assert server.scripts_pending == 0


def test_scripts_are_checked_when_queued(server: AssistantsServer) -> None:
    with pytest.raises(ValueError, match="must be last"):
        server.script_run(Reply("early"), RequiresAction(calls=[("f", {})]))
    with pytest.raises(ValueError, match="at least one step"):
        server.script_run()
    with pytest.raises(ValueError, match="at least one call"):
        RequiresAction(calls=[])
    with pytest.raises(ValueError, match="Fail status"):
        Fail(status="completed")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=">= 0"):
        server.polls_per_status = -1
    assert server.scripts_pending == 0


async def test_file_bytes_round_trip(server: AssistantsServer, client: openai.AsyncOpenAI) -> None:
    payload = bytes(range(256)) + b"\r\n--boundary\r\n\r\n" + "héllo".encode()
    uploaded = await client.files.create(file=("blob.bin", payload), purpose="assistants")
    assert uploaded.id.startswith("file-")
    assert (uploaded.filename, uploaded.bytes, uploaded.purpose) == (
        "blob.bin",
        len(payload),
        "assistants",
    )
    assert await client.files.retrieve(uploaded.id) == uploaded
    assert (await client.files.content(uploaded.id)).content == payload

    upload_request = next(
        r for r in server.requests if r.method == "POST" and r.path == "/v1/files"
    )
    assert upload_request.form == {"file": "blob.bin", "purpose": "assistants"}
    assert (await client.files.delete(uploaded.id)).deleted
    with pytest.raises(openai.NotFoundError):
        await client.files.content(uploaded.id)


async def test_vector_store_batch_upload_and_poll(
    server: AssistantsServer, client: openai.AsyncOpenAI
) -> None:
    server.polls_per_status = 2
    store = await client.vector_stores.create(name="kb")
    assert (store.id[:3], store.status, store.file_counts.total) == ("vs_", "completed", 0)
    batch = await client.vector_stores.file_batches.upload_and_poll(
        store.id, files=[("a.txt", b"alpha"), ("b.txt", b"beta!!")]
    )
    assert batch.id.startswith("vsfb_")
    assert (batch.status, batch.file_counts.completed, batch.file_counts.in_progress) == (
        "completed",
        2,
        0,
    )
    retrieves = [r for r in server.requests if r.method == "GET" and batch.id in r.path]
    assert len(retrieves) == 3

    files = await client.vector_stores.file_batches.list_files(batch.id, vector_store_id=store.id)
    uploads = [r.form["file"] for r in server.requests if r.form is not None]
    assert sorted(uploads) == ["a.txt", "b.txt"]
    assert {f.status for f in files.data} == {"completed"}
    refreshed = await client.vector_stores.retrieve(store.id)
    assert (refreshed.file_counts.completed, refreshed.usage_bytes) == (2, 11)

    server.polls_per_status = 0
    extra = await client.files.create(file=("c.txt", b"c"), purpose="assistants")
    again = await client.vector_stores.file_batches.create_and_poll(store.id, file_ids=[extra.id])
    assert again.status == "completed"
    assert (await client.vector_stores.retrieve(store.id)).file_counts.total == 3
    assert (await client.vector_stores.delete(store.id)).deleted
    with pytest.raises(openai.NotFoundError):
        await client.vector_stores.file_batches.retrieve(batch.id, vector_store_id=store.id)


async def test_azure_client_uses_openai_paths_with_api_version_and_key(
    server: AssistantsServer,
) -> None:
    async with openai.AsyncAzureOpenAI(
        azure_endpoint=server.azure_endpoint,
        api_version="2024-05-01-preview",
        api_key="k",
        max_retries=0,
    ) as azure:
        server.script_run(Reply("from azure"))
        assistant = await azure.beta.assistants.create(model="gpt-4o-deployment")
        thread = await azure.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
        run = await azure.beta.threads.runs.create_and_poll(
            thread_id=thread.id, assistant_id=assistant.id
        )
        messages = await azure.beta.threads.messages.list(thread.id, limit=1)
        uploaded = await azure.files.create(file=("z.txt", b"zz"), purpose="assistants")
        content = await azure.files.content(uploaded.id)

    assert run.status == "completed"
    assert messages.data[0].content[0].text.value == "from azure"  # type: ignore[union-attr]
    assert content.content == b"zz"
    first = server.requests[0]
    assert (first.method, first.path) == ("POST", "/openai/assistants")
    assert all(r.path.startswith("/openai/") for r in server.requests)
    assert all(r.query.get("api-version") == "2024-05-01-preview" for r in server.requests)
    assert all(r.headers.get("api-key") == "k" for r in server.requests)


async def test_auth_and_beta_header_are_checked(server: AssistantsServer) -> None:
    with AssistantsServer(api_key="sk-right") as strict:
        async with openai.AsyncOpenAI(
            base_url=strict.base_url, api_key="sk-wrong", max_retries=0
        ) as sdk:
            with pytest.raises(openai.AuthenticationError):
                await sdk.beta.assistants.create(model="gpt-4o")
    async with openai.AsyncOpenAI(base_url=server.base_url, api_key="sk", max_retries=0) as sdk:
        with pytest.raises(openai.BadRequestError, match="OpenAI-Beta"):
            await sdk.get("/assistants/asst_x", cast_to=object)
    async with openai.AsyncOpenAI(
        base_url=server.azure_endpoint + "/openai", api_key="k", max_retries=0
    ) as no_version:
        with pytest.raises(openai.NotFoundError, match="api-version"):
            await no_version.beta.assistants.create(model="gpt-4o")
    assert [r.path for r in server.requests] == ["/v1/assistants/asst_x", "/openai/assistants"]


def test_lifecycle_and_reset() -> None:
    before = threading.active_count()
    server = AssistantsServer()
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.base_url
    with server:
        assert server.base_url.startswith("http://127.0.0.1:")
        assert server.base_url.endswith("/v1")
        assert server.azure_endpoint == server.base_url.removesuffix("/v1")
        with pytest.raises(RuntimeError, match="already running"):
            server.start()
        server.script_run(Reply("x"))
        server.polls_per_status = 3
        server.reset()
        assert (server.scripts_pending, server.requests, server.tool_outputs) == (0, [], [])
        assert server.polls_per_status == 1
    assert threading.active_count() == before
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.base_url


async def test_stream_event_limit_cuts_streams_but_the_run_moves_on(
    server: AssistantsServer, client: openai.AsyncOpenAI
) -> None:
    server.stream_event_limit = 2
    server.script_run(Reply("Cut short."))
    thread_id, assistant_id = await _thread_and_assistant(client)
    async with client.beta.threads.runs.stream(
        thread_id=thread_id, assistant_id=assistant_id
    ) as stream:
        events = [event.event async for event in stream]
    assert events == ["thread.run.created", "thread.run.queued"]
    runs = await client.beta.threads.runs.list(thread_id)
    assert runs.data[0].status == "completed"
    with pytest.raises(ValueError, match="stream_event_limit"):
        server.stream_event_limit = -1
    server.reset()
    assert server.stream_event_limit is None
