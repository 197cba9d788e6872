"""The assistant, thread and vector store an agent uses: found or made, and cleaned up."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from agentplex import TRACE_LOGGER_NAME, CancellationToken

from ._sdk import call, each, raise_first, skip_missing, thread_messages
from ._state import OpenAIAssistantAgentState
from ._tools import HostedTool

if TYPE_CHECKING:
    from openai import AsyncOpenAI
    from openai.types.beta import Assistant

_trace = logging.getLogger(TRACE_LOGGER_NAME)


class RemoteObjects:
    """The ids of the objects an agent uses, and which of them it created.

    The assistant and thread are fetched (when given) or created on first use, and
    the messages a thread already holds then are recorded once. Create requests are
    never cut short by a cancellation token, so whatever is created is known.
    """

    def __init__(
        self,
        client: AsyncOpenAI,
        create_assistant: Callable[[], Awaitable[Assistant]],
        state: OpenAIAssistantAgentState,
    ) -> None:
        self._client = client
        self._create_assistant = create_assistant
        self._lock = asyncio.Lock()
        self.assistant: Assistant | None = None
        self.assistant_id = state.assistant_id
        self.created_assistant = state.created_assistant
        self.thread_id = state.thread_id
        initial = state.initial_message_ids
        self.initial_message_ids = set(initial) if initial is not None else None
        self.vector_store_id = state.vector_store_id

    def state(self, uploaded_file_ids: list[str]) -> OpenAIAssistantAgentState:
        """The state to save, with the ids of the files the agent uploaded."""
        initial = self.initial_message_ids
        return OpenAIAssistantAgentState(
            assistant_id=self.assistant_id,
            created_assistant=self.created_assistant,
            thread_id=self.thread_id,
            initial_message_ids=sorted(initial) if initial is not None else None,
            vector_store_id=self.vector_store_id,
            uploaded_file_ids=uploaded_file_ids,
        )

    async def ready(self, token: CancellationToken | None) -> tuple[Assistant, str]:
        """The assistant and the thread id, fetched or created on first use."""
        async with self._lock:
            if self.assistant is None:
                self.assistant = await self._fetch_or_create_assistant(token)
            if self.thread_id is None:
                threads = self._client.beta.threads
                thread = await call(lambda: threads.create())
                self.thread_id, self.initial_message_ids = thread.id, set()
            elif self.initial_message_ids is None:
                await self._record_initial_messages(self.thread_id, token)
            return self.assistant, self.thread_id

    async def delete_added_messages(self, token: CancellationToken) -> None:
        """Delete the thread's messages that were not on it when it was first used."""
        async with self._lock:
            if self.thread_id is None:
                return
            if self.initial_message_ids is None:  # never used: nothing was added
                await self._record_initial_messages(self.thread_id, token)
                return
            thread_id, keep = self.thread_id, self.initial_message_ids
        messages = self._client.beta.threads.messages
        added = [m.id for m in await thread_messages(self._client, thread_id, token)]
        deletes = [partial(messages.delete, m, thread_id=thread_id) for m in added if m not in keep]
        raise_first(await each(deletes, token))

    async def add_interpreter_files(
        self, thread_id: str, file_ids: list[str], token: CancellationToken | None
    ) -> None:
        """Add files to the thread's ``code_interpreter`` files."""
        threads = self._client.beta.threads
        thread = await call(lambda: threads.retrieve(thread_id), token)
        resources = _resources(thread.tool_resources)
        code = resources.get("code_interpreter") or {}
        resources["code_interpreter"] = {"file_ids": [*code.get("file_ids", []), *file_ids]}
        await call(lambda: threads.update(thread_id, tool_resources=cast(Any, resources)), token)

    async def search_store(self, assistant: Assistant, name: str) -> str:
        """The vector store for ``file_search`` uploads.

        The one this agent created, else the first the assistant has, else a new one
        (named ``name``) attached to the assistant.
        """
        async with self._lock:
            if self.vector_store_id is not None:
                return self.vector_store_id
            attached = _search_store_ids(assistant)
            if attached:
                return attached[0]
            stores = self._client.vector_stores
            store = await call(lambda: stores.create(name=name))
            self.vector_store_id = store.id
            await self._set_search_stores([store.id], None)
            return store.id

    async def delete_assistant(self, token: CancellationToken | None) -> None:
        """Delete the assistant if it was created here; a given one is left alone."""
        assistant_id = self.assistant_id
        if assistant_id is None or not self.created_assistant:
            if assistant_id is not None:
                _trace.info("not deleting assistant %s: the agent did not create it", assistant_id)
            return
        assistants = self._client.beta.assistants
        await skip_missing(call(lambda: assistants.delete(assistant_id), token))
        self.assistant, self.assistant_id, self.created_assistant = None, None, False

    async def delete_vector_store(self, token: CancellationToken | None) -> None:
        """Delete the vector store created here, and detach it from the assistant."""
        store_id = self.vector_store_id
        if store_id is None:
            return
        stores = self._client.vector_stores
        await skip_missing(call(lambda: stores.delete(store_id), token))
        self.vector_store_id = None
        attached = _search_store_ids(self.assistant) if self.assistant is not None else []
        if store_id in attached:
            await self._set_search_stores([s for s in attached if s != store_id], token)

    async def _fetch_or_create_assistant(self, token: CancellationToken | None) -> Assistant:
        assistant_id = self.assistant_id
        if assistant_id is not None:
            assistants = self._client.beta.assistants
            return await call(lambda: assistants.retrieve(assistant_id), token)
        created = await call(self._create_assistant)
        self.assistant_id, self.created_assistant = created.id, True
        return created

    async def _record_initial_messages(
        self, thread_id: str, token: CancellationToken | None
    ) -> None:
        messages = await thread_messages(self._client, thread_id, token)
        self.initial_message_ids = {message.id for message in messages}

    async def _set_search_stores(
        self, store_ids: list[str], token: CancellationToken | None
    ) -> None:
        assistant_id = self.assistant_id
        if assistant_id is None:
            return
        resources = _resources(self.assistant.tool_resources if self.assistant else None)
        resources["file_search"] = {"vector_store_ids": store_ids}
        assistants = self._client.beta.assistants
        self.assistant = await call(
            lambda: assistants.update(assistant_id, tool_resources=cast(Any, resources)), token
        )


def require_tool(assistant: Assistant, kind: HostedTool, agent: str) -> None:
    """Refuse an upload for a hosted tool the assistant does not have."""
    if not any(tool.type == kind for tool in assistant.tools):
        raise ValueError(
            f"agent '{agent}': {kind} is not enabled for assistant {assistant.id}; "
            f"add '{kind}' to the agent's tools"
        )


def _resources(resources: BaseModel | None) -> dict[str, Any]:
    """An object's ``tool_resources`` as a request parameter."""
    return resources.model_dump(exclude_none=True) if resources is not None else {}


def _search_store_ids(assistant: Assistant) -> list[str]:
    resources = assistant.tool_resources
    search = resources.file_search if resources is not None else None
    return list(search.vector_store_ids or []) if search is not None else []
