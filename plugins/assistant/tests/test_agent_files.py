"""Uploads for code_interpreter and file_search, and deleting what the agent made."""

from __future__ import annotations

from pathlib import Path

import openai
import pytest

from agentplex import CancellationToken
from agentplex.messages import TextMessage
from agentplex_assistant.testing import AssistantsServer

from .conftest import MakeAgent, creates, sdk, sent

PAYLOAD = bytes(range(256)) * 4 + b"\r\n--boundary\r\n" + "héllo".encode()


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    paths = []
    for name, content in [("data.bin", PAYLOAD), ("notes.txt", b"alpha beta")]:
        path = tmp_path / name
        path.write_bytes(content)
        paths.append(path)
    return paths


async def test_code_interpreter_upload_adds_files_to_the_thread(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent, files: list[Path]
) -> None:
    agent = make_agent(tools=["code_interpreter"])

    await agent.on_upload_for_code_interpreter(str(files[0]))
    await agent.on_upload_for_code_interpreter(files[1:], CancellationToken())

    file_ids = (await agent.save_state())["uploaded_file_ids"]
    assert len(file_ids) == 2
    assert [(await client.files.content(f)).content for f in file_ids] == [PAYLOAD, b"alpha beta"]
    uploads = [r.form for r in sent(server, "POST", "/files")]
    assert uploads == [
        {"file": "data.bin", "purpose": "assistants"},
        {"file": "notes.txt", "purpose": "assistants"},
    ]
    assert agent.thread_id is not None
    thread_id = agent.thread_id
    thread = await sdk(lambda: client.beta.threads.retrieve(thread_id))
    assert thread.tool_resources is not None
    assert thread.tool_resources.code_interpreter is not None
    assert thread.tool_resources.code_interpreter.file_ids == file_ids
    assert creates(server, "assistants")[0].json["tools"] == [{"type": "code_interpreter"}]


async def test_file_search_upload_creates_one_vector_store_and_batches_files(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent, files: list[Path]
) -> None:
    server.polls_per_status = 2
    agent = make_agent(tools=["file_search"])

    await agent.on_upload_for_file_search(files)
    await agent.on_upload_for_file_search(files[1])

    state = await agent.save_state()
    store_id = state["vector_store_id"]
    assert store_id is not None
    assert len(creates(server, "vector_stores")) == 1
    batches = sent(server, "POST", "/file_batches")
    assert [len(r.json["file_ids"]) for r in batches] == [2, 1]
    assert set(batches[0].json["file_ids"]) == set(state["uploaded_file_ids"][:2])
    contents = [(await client.files.content(f)).content for f in state["uploaded_file_ids"]]
    assert sorted(contents) == sorted([PAYLOAD, b"alpha beta", b"alpha beta"])
    store = await client.vector_stores.retrieve(store_id)
    assert (store.file_counts.completed, store.usage_bytes) == (3, len(PAYLOAD) + 20)
    assert agent.assistant_id is not None
    assistant_id = agent.assistant_id
    assistant = await sdk(lambda: client.beta.assistants.retrieve(assistant_id))
    assert assistant.tool_resources is not None
    assert assistant.tool_resources.file_search is not None
    assert assistant.tool_resources.file_search.vector_store_ids == [store_id]


async def test_file_search_uses_a_vector_store_the_assistant_already_has(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent, files: list[Path]
) -> None:
    existing = await client.vector_stores.create(name="team docs")
    agent = make_agent(
        tools=["file_search"], tool_resources={"file_search": {"vector_store_ids": [existing.id]}}
    )

    await agent.on_upload_for_file_search(files[1])
    await agent.delete_vector_store()

    assert len(creates(server, "vector_stores")) == 1  # the test's own
    assert (await client.vector_stores.retrieve(existing.id)).file_counts.completed == 1
    assert (await agent.save_state())["vector_store_id"] is None


async def test_uploads_need_their_tool(
    server: AssistantsServer, make_agent: MakeAgent, files: list[Path]
) -> None:
    agent = make_agent(tools=["code_interpreter"])
    with pytest.raises(ValueError, match="file_search is not enabled for assistant asst_"):
        await agent.on_upload_for_file_search(files)
    with pytest.raises(ValueError, match="code_interpreter is not enabled"):
        await make_agent().on_upload_for_code_interpreter(files)
    assert sent(server, "POST", "/files") == []


async def test_missing_files_are_reported_before_any_upload(
    server: AssistantsServer, make_agent: MakeAgent, files: list[Path], tmp_path: Path
) -> None:
    agent = make_agent(tools=["code_interpreter"])
    missing = tmp_path / "missing.csv"
    with pytest.raises(FileNotFoundError, match=r"missing\.csv: no such file"):
        await agent.on_upload_for_code_interpreter([files[0], missing])
    with pytest.raises(ValueError, match="no file paths given"):
        await agent.on_upload_for_code_interpreter([])
    assert sent(server, "POST", "/files") == []


async def test_a_vector_store_deleted_elsewhere_is_an_api_error(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent, files: list[Path]
) -> None:
    agent = make_agent(tools=["file_search"])
    await agent.on_upload_for_file_search(files[0])
    store_id = (await agent.save_state())["vector_store_id"]
    await client.vector_stores.delete(store_id)

    with pytest.raises(openai.NotFoundError, match="No vector store found"):
        await agent.on_upload_for_file_search(files[1])
    assert len((await agent.save_state())["uploaded_file_ids"]) == 2  # still tracked


async def test_deletes_remove_what_the_agent_made(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent, files: list[Path]
) -> None:
    agent = make_agent(tools=["file_search", "code_interpreter"])
    await agent.on_upload_for_file_search(files[0])
    await agent.on_upload_for_code_interpreter(files[1])
    state = await agent.save_state()
    assistant_id = agent.assistant_id
    assert assistant_id is not None

    await agent.delete_uploaded_files()
    await agent.delete_vector_store()
    await agent.delete_assistant()

    for file_id in state["uploaded_file_ids"]:
        with pytest.raises(openai.NotFoundError):
            await client.files.retrieve(file_id)
    with pytest.raises(openai.NotFoundError):
        await client.vector_stores.retrieve(state["vector_store_id"])
    with pytest.raises(openai.NotFoundError):
        await sdk(lambda: client.beta.assistants.retrieve(assistant_id))
    after = await agent.save_state()
    assert (after["uploaded_file_ids"], after["vector_store_id"], after["assistant_id"]) == (
        [],
        None,
        None,
    )
    # Nothing left to delete: each call is a no-op, not an error.
    requests = len(server.requests)
    await agent.delete_uploaded_files()
    await agent.delete_vector_store()
    await agent.delete_assistant()
    assert len(server.requests) == requests


async def test_a_given_assistant_is_never_deleted(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent
) -> None:
    assistant = await sdk(lambda: client.beta.assistants.create(model="gpt-4o"))
    agent = make_agent(assistant_id=assistant.id)
    await agent.on_messages([TextMessage(content="hi", source="user")], CancellationToken())

    await agent.delete_assistant()

    assert sent(server, "DELETE", assistant.id) == []
    assert (await sdk(lambda: client.beta.assistants.retrieve(assistant.id))).id == assistant.id


async def test_files_already_gone_count_as_deleted(
    client: openai.AsyncOpenAI, make_agent: MakeAgent, files: list[Path]
) -> None:
    agent = make_agent(tools=["code_interpreter"])
    await agent.on_upload_for_code_interpreter(files)
    first, second = (await agent.save_state())["uploaded_file_ids"]
    await client.files.delete(first)

    await agent.delete_uploaded_files()

    assert (await agent.save_state())["uploaded_file_ids"] == []
    with pytest.raises(openai.NotFoundError):
        await client.files.retrieve(second)
