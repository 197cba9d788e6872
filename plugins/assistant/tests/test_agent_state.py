"""Reset, saved state, Azure, component dumps and the plugin's public face."""

from __future__ import annotations

import json
import subprocess
import sys
from types import ModuleType

import openai
import pytest
from openai.types.beta.thread_create_params import Message as ThreadMessage

import agentplex_assistant
from agentplex import CancellationToken, ComponentError, plugins
from agentplex.agents import BaseChatAgent, StateError
from agentplex.components import MASK
from agentplex.messages import TextMessage
from agentplex_assistant import OpenAIAssistantAgent
from agentplex_assistant.testing import AssistantsServer, Reply, RequiresAction

from .conftest import MakeAgent, creates, sdk, sent, thread_texts


def shout(text: str) -> str:
    """Upper-case the text."""
    return text.upper()


async def say(agent: OpenAIAssistantAgent, text: str) -> str:
    response = await agent.on_messages(
        [TextMessage(content=text, source="user")], CancellationToken()
    )
    return response.chat_message.to_text()


async def test_reset_deletes_only_the_messages_this_agent_added(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent
) -> None:
    # More messages than one page holds (100), so the agent must page through them.
    before: list[ThreadMessage] = [{"role": "user", "content": f"before {n}"} for n in range(101)]
    thread = await sdk(lambda: client.beta.threads.create(messages=before))
    agent = make_agent(thread_id=thread.id)
    await say(agent, "one")
    await say(agent, "two")
    assert len(await all_texts(client, thread.id)) == 105

    await agent.on_reset(CancellationToken())

    assert await all_texts(client, thread.id) == [m["content"] for m in before]
    assert len(sent(server, "DELETE", "")) == 4
    server.script_run(Reply("after reset"))
    assert await say(agent, "three") == "after reset"


async def all_texts(client: openai.AsyncOpenAI, thread_id: str) -> list[str]:
    """The text of every message on the thread, across pages."""
    pages = await sdk(lambda: client.beta.threads.messages.list(thread_id, order="asc"))
    return [part.text.value async for m in pages for part in m.content if part.type == "text"]


async def test_reset_before_any_use_touches_nothing(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent
) -> None:
    await make_agent().on_reset(CancellationToken())
    assert server.requests == []

    thread = await sdk(
        lambda: client.beta.threads.create(messages=[{"role": "user", "content": "x"}])
    )
    agent = make_agent(thread_id=thread.id)
    await agent.on_reset(CancellationToken())
    await sdk(lambda: client.beta.threads.messages.create(thread.id, role="user", content="y"))
    await agent.on_reset(CancellationToken())
    assert await thread_texts(client, thread.id) == [("user", "x")]
    assert creates(server, "assistants") == []


async def test_state_round_trips_through_json_and_the_thread_goes_on(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent
) -> None:
    server.script_run(RequiresAction(calls=[("shout", {"text": "hi"})]), Reply("HI said."))
    first = make_agent(tools=["code_interpreter", shout])
    assert await say(first, "shout hi") == "HI said."
    state = json.loads(json.dumps(await first.save_state()))
    assert state["type"] == "OpenAIAssistantAgentState"
    assert state["version"] == 1
    assert state["created_assistant"] is True
    assert state["initial_message_ids"] == []

    restored = make_agent(tools=["code_interpreter", shout])
    await restored.load_state(state)
    assert (restored.assistant_id, restored.thread_id) == (first.assistant_id, first.thread_id)
    assert await restored.save_state() == state
    server.script_run(Reply("Still here."))
    assert await say(restored, "remember me?") == "Still here."

    assert len(creates(server, "assistants")) == len(creates(server, "threads")) == 1
    assert first.thread_id is not None
    assert [text for _, text in await thread_texts(client, first.thread_id)] == [
        "shout hi",
        "HI said.",
        "remember me?",
        "Still here.",
    ]
    await restored.on_reset(CancellationToken())
    assert await thread_texts(client, first.thread_id) == []
    await restored.delete_assistant()
    assert len(sent(server, "DELETE", f"/assistants/{first.assistant_id}")) == 1


async def test_state_of_an_unused_agent_keeps_a_given_threads_history_safe(
    server: AssistantsServer, client: openai.AsyncOpenAI, make_agent: MakeAgent
) -> None:
    thread = await sdk(
        lambda: client.beta.threads.create(messages=[{"role": "user", "content": "old"}])
    )
    state = await make_agent(thread_id=thread.id).save_state()
    assert state["initial_message_ids"] is None

    restored = make_agent()
    await restored.load_state(state)
    await say(restored, "new")
    await restored.on_reset(CancellationToken())
    assert await thread_texts(client, thread.id) == [("user", "old")]


async def test_foreign_or_newer_state_is_refused(make_agent: MakeAgent) -> None:
    agent = make_agent()
    with pytest.raises(StateError, match="expected OpenAIAssistantAgentState"):
        await agent.load_state({"type": "AssistantAgentState", "version": 1})
    with pytest.raises(StateError, match="newer"):
        await agent.load_state({"type": "OpenAIAssistantAgentState", "version": 2})
    with pytest.raises(StateError, match="field 'uploaded_file_ids'"):
        await agent.load_state(
            {"type": "OpenAIAssistantAgentState", "version": 1, "uploaded_file_ids": "f"}
        )


async def test_azure_client(server: AssistantsServer) -> None:
    server.script_run(RequiresAction(calls=[("shout", {"text": "az"})]), Reply("From Azure."))
    async with openai.AsyncAzureOpenAI(
        azure_endpoint=server.azure_endpoint, api_version="2024-05-01-preview", api_key="az-key"
    ) as azure:
        agent = OpenAIAssistantAgent(
            "azure_helper", "On Azure", azure, "gpt-4o-deployment", "Be brief.", tools=[shout]
        )
        assert await say(agent, "hello") == "From Azure."

        spec = agent.dump_component(include_secrets=True)
        assert spec.config["client"] == {
            "kind": "azure",
            "base_url": f"{server.azure_endpoint}/openai/",
            "api_key": "az-key",
            "api_version": "2024-05-01-preview",
            "organization": None,
            "project": None,
            "timeout": None,
            "max_retries": 2,
        }
        loaded = OpenAIAssistantAgent.load_component(spec, trusted=True)  # shout's source
        server.script_run(Reply("Loaded on Azure."))
        assert await say(loaded, "again") == "Loaded on Azure."
        await loaded.close()

    assert [o.output for o in server.tool_outputs] == ["AZ"]
    assert all(r.path.startswith("/openai/") for r in server.requests)
    assert {r.query.get("api-version") for r in server.requests} == {"2024-05-01-preview"}
    assert {r.headers.get("api-key") for r in server.requests} == {"az-key"}


async def test_component_round_trip_masks_the_key(
    server: AssistantsServer, make_agent: MakeAgent, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with openai.AsyncOpenAI(
        base_url=server.base_url, api_key="sk-secret", timeout=12.5, max_retries=1
    ) as sdk_client:
        agent = make_agent(
            client=sdk_client,
            tools=["file_search", shout],
            response_format={"type": "json_object"},
            tool_resources={"code_interpreter": {"file_ids": []}},
            thread_id=None,
        )
        spec = agent.dump_component()

    assert (spec.provider, spec.component_type) == ("openai_assistant", "agent")
    assert spec.config["client"]["api_key"] == MASK
    assert "sk-secret" not in spec.model_dump_json()
    assert spec.config["client"]["timeout"] == 12.5
    assert spec.config["response_format"] == {"type": "json_object"}

    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    loaded = BaseChatAgent.load_component(spec.model_dump(), trusted=True)
    assert isinstance(loaded, OpenAIAssistantAgent)
    assert loaded.dump_component() == spec
    server.script_run(RequiresAction(calls=[("shout", {"text": "ok"})]), Reply("Loaded."))
    assert await say(loaded, "hi") == "Loaded."
    assert server.tool_outputs[0].output == "OK"
    await loaded.close()
    assert {r.headers["authorization"] for r in server.requests} == {"Bearer sk-from-env"}
    assert creates(server, "assistants")[0].json["response_format"] == {"type": "json_object"}

    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(ComponentError, match="cannot build the openai client"):
        BaseChatAgent.load_component(spec.model_dump(), trusted=True)


def test_the_entry_point_registers_the_agent() -> None:
    assert plugins.get_provider("agent", "openai_assistant") is OpenAIAssistantAgent
    [info] = [info for info in plugins.plugins() if info.distribution == "agentplex-assistant"]
    assert info.providers == {"agent": ["openai_assistant"]}


def test_importing_the_package_does_not_import_the_sdk() -> None:
    code = (
        "import sys, agentplex_assistant, agentplex_assistant.plugin; "
        "print('openai' in sys.modules, 'aiofiles' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["False", "False"]


def test_public_names_are_sorted_and_complete() -> None:
    names = agentplex_assistant.__all__
    assert names == sorted(names)  # all CamelCase: RUF022 order is alphabetical
    for name in names:
        assert getattr(agentplex_assistant, name) is not None
    typing_helpers = {"annotations", "Any", "TYPE_CHECKING", "lazy_exports"}
    public = {
        name
        for name in dir(agentplex_assistant)
        if not name.startswith("_")
        and not isinstance(getattr(agentplex_assistant, name), ModuleType)
    }
    assert public - typing_helpers == set(names)
