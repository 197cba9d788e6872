"""``OpenAIAssistantAgent``: an agent whose answers come from OpenAI's Assistants API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Iterable, Mapping, Sequence
from contextlib import aclosing
from functools import partial
from typing import Any, Self, TypeVar, cast

from openai import AsyncOpenAI, Omit, omit
from openai.types.beta import Assistant
from pydantic import BaseModel

from agentplex import CancellationToken, ComponentError, Image
from agentplex.agents import BaseChatAgent, StreamItem
from agentplex.components import Component, ComponentBase, ComponentModel, load_component
from agentplex.messages import (
    BaseAgentEvent,
    BaseChatMessage,
    Response,
    TextMessage,
    ToolCallExecutionEvent,
    ToolCallRequestEvent,
)
from agentplex.models import ChatCompletionClient, RequestUsage
from agentplex.tools import Tool

from ._config import AssistantClientConfig, OpenAIAssistantAgentConfig
from ._content import image_filename, thread_message
from ._files import FilePaths, FileUploads, index_files
from ._remote import RemoteObjects, require_tool
from ._runs import start_run
from ._state import OpenAIAssistantAgentState, parse_state
from ._tools import AssistantTool, AssistantToolset, HostedTool

T = TypeVar("T")


class OpenAIAssistantAgent(BaseChatAgent, Component[OpenAIAssistantAgentConfig]):
    """An agent backed by an assistant and a thread of OpenAI's Assistants API.

    ``client`` is an ``openai.AsyncOpenAI`` or ``openai.AsyncAzureOpenAI`` (for Azure,
    ``model`` is the deployment name). ``tools`` holds ``"code_interpreter"``,
    ``"file_search"``, :class:`Tool` objects and plain functions (sync or async,
    described by their docstring); the agent runs the function tools itself when a
    run asks for them.

    The assistant (``assistant_id``, else one created from ``model``,
    ``instructions``, ``tools``, ``metadata``, ``response_format``, ``temperature``,
    ``tool_resources`` and ``top_p``) and the thread (``thread_id``, else a new one)
    are fetched or created on first use. The messages a thread already holds then are
    recorded, and :meth:`on_reset` deletes only the messages added after.

    Each call posts the new messages (images are uploaded as ``vision`` files),
    starts a run and follows its event stream (polling only if a stream breaks off)
    until the run requires action or ends. Function calls are yielded
    as :class:`ToolCallRequestEvent` and :class:`ToolCallExecutionEvent`; a failing
    tool becomes an error output for the assistant. A run that ends ``failed``,
    ``cancelled``, ``expired`` or ``incomplete`` raises :class:`AssistantRunError`;
    cancelling the token cancels the remote run and raises ``CancelledError``.

    Example::

        agent = OpenAIAssistantAgent(
            name="analyst",
            description="Analyses data files",
            client=openai.AsyncOpenAI(),
            model="gpt-4o",
            instructions="You analyse CSV files.",
            tools=["code_interpreter"],
        )
        await agent.on_upload_for_code_interpreter("data.csv")
        result = await agent.run(task="What is the mean of column a?")
        await agent.delete_uploaded_files()
        await agent.delete_assistant()
    """

    component_provider = "openai_assistant"
    component_config_schema = OpenAIAssistantAgentConfig

    _remote: RemoteObjects
    _files: FileUploads

    def __init__(
        self,
        name: str,
        description: str,
        client: AsyncOpenAI,
        model: str,
        instructions: str,
        tools: Iterable[AssistantTool] | None = None,
        assistant_id: str | None = None,
        thread_id: str | None = None,
        metadata: Mapping[str, str] | None = None,
        response_format: str | Mapping[str, Any] | None = None,
        temperature: float | None = None,
        tool_resources: Mapping[str, Any] | BaseModel | None = None,
        top_p: float | None = None,
    ) -> None:
        _check_client(client)
        super().__init__(name, description)
        self._client = client
        self._toolset = AssistantToolset(tools)
        self._model = model
        self._instructions = instructions
        self._given_assistant_id = assistant_id
        self._given_thread_id = thread_id
        self._metadata = dict(metadata) if metadata is not None else None
        self._response_format = (
            dict(response_format) if isinstance(response_format, Mapping) else response_format
        )
        self._temperature = temperature
        self._tool_resources = _as_dict(tool_resources)
        self._top_p = top_p
        self._owns_client = False
        self._restore(OpenAIAssistantAgentState(assistant_id=assistant_id, thread_id=thread_id))

    @property
    def produced_message_types(self) -> Sequence[type[BaseChatMessage]]:
        return (TextMessage,)

    @property
    def assistant_id(self) -> str | None:
        """The assistant's id: the one given, or the one created (None until then)."""
        return self._remote.assistant_id

    @property
    def thread_id(self) -> str | None:
        """The thread's id: the one given, or the one created (None until then)."""
        return self._remote.thread_id

    async def on_messages(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> Response:
        async with aclosing(self.on_messages_stream(messages, cancellation_token)) as stream:
            async for item in stream:
                if isinstance(item, Response):
                    return item
        raise AssertionError("on_messages_stream ended without a Response")

    async def on_messages_stream(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> AsyncGenerator[StreamItem, None]:
        """Post ``messages``, run the assistant, yield tool events, then the Response."""
        token = cancellation_token
        if token.is_cancelled():
            raise asyncio.CancelledError
        assistant, thread_id = await self._remote.ready(token)
        upload = partial(self._upload_image, token=token)
        posted = [await thread_message(message, upload) for message in messages]
        inner: list[BaseAgentEvent | BaseChatMessage] = []
        async with start_run(self._client, thread_id, assistant.id, posted, token) as run:
            while (await run.wait()).status == "requires_action":
                calls = run.function_calls()
                request = ToolCallRequestEvent(source=self.name, content=calls)
                inner.append(request)
                yield request
                results = await self._toolset.run(calls, token)
                execution = ToolCallExecutionEvent(source=self.name, content=results)
                inner.append(execution)
                yield execution
                await run.submit(results)
            if run.run.status != "completed":
                raise run.failure()
            text = await run.reply()
            usage = run.run.usage
        reply = TextMessage(
            source=self.name,
            content=text,
            models_usage=RequestUsage(
                prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens
            )
            if usage is not None
            else None,
        )
        yield Response(chat_message=reply, inner_messages=inner)

    async def on_reset(self, cancellation_token: CancellationToken) -> None:
        """Delete the thread's messages that were added after it was first used."""
        await self._remote.delete_added_messages(cancellation_token)

    async def on_upload_for_code_interpreter(
        self, file_paths: FilePaths, cancellation_token: CancellationToken | None = None
    ) -> None:
        """Upload files and add them to the thread's ``code_interpreter`` files."""
        assistant, thread_id = await self._remote.ready(cancellation_token)
        require_tool(assistant, "code_interpreter", self.name)
        file_ids = await self._files.upload_paths(file_paths, "assistants", cancellation_token)
        await self._remote.add_interpreter_files(thread_id, file_ids, cancellation_token)

    async def on_upload_for_file_search(
        self, file_paths: FilePaths, cancellation_token: CancellationToken | None = None
    ) -> None:
        """Upload files and index them, in one batch, in the assistant's vector store.

        The first upload creates the vector store and attaches it to the assistant,
        unless the assistant already has one attached (then files go there).
        """
        assistant, _ = await self._remote.ready(cancellation_token)
        require_tool(assistant, "file_search", self.name)
        file_ids = await self._files.upload_paths(file_paths, "assistants", cancellation_token)
        store_id = await self._remote.search_store(assistant, f"{self.name} files")
        await index_files(self._client, store_id, file_ids, cancellation_token)

    async def delete_uploaded_files(
        self, cancellation_token: CancellationToken | None = None
    ) -> None:
        """Delete every file this agent uploaded (documents and images)."""
        await self._files.delete_all(cancellation_token)

    async def delete_assistant(self, cancellation_token: CancellationToken | None = None) -> None:
        """Delete the assistant if this agent created it; one it was given is left alone."""
        await self._remote.delete_assistant(cancellation_token)

    async def delete_vector_store(
        self, cancellation_token: CancellationToken | None = None
    ) -> None:
        """Delete the vector store this agent created, and detach it from the assistant."""
        await self._remote.delete_vector_store(cancellation_token)

    async def save_state(self) -> Mapping[str, Any]:
        """The ids of the remote objects in use, JSON-safe."""
        return self._remote.state(list(self._files.file_ids)).model_dump()

    async def load_state(self, state: Mapping[str, Any]) -> None:
        """Use the assistant, thread and files saved by :meth:`save_state`."""
        self._restore(parse_state(state))

    async def close(self) -> None:
        """Close the client if the agent built it (when loaded from a config)."""
        if self._owns_client:
            await self._client.close()

    def _restore(self, state: OpenAIAssistantAgentState) -> None:
        self._remote = RemoteObjects(self._client, self._create_assistant, state)
        self._files = FileUploads(self._client, state.uploaded_file_ids)

    def _create_assistant(self) -> Awaitable[Assistant]:
        return self._client.beta.assistants.create(
            model=self._model,
            name=self.name,
            description=self.description,
            instructions=self._instructions,
            tools=self._toolset.api_params(),
            metadata=_given(self._metadata),
            response_format=_given(cast(Any, self._response_format)),
            temperature=_given(self._temperature),
            tool_resources=_given(cast(Any, self._tool_resources)),
            top_p=_given(self._top_p),
        )

    async def _upload_image(self, image: Image, *, token: CancellationToken) -> str:
        name = image_filename(image, len(self._files.file_ids) + 1)
        return await self._files.upload_bytes(name, image.data, "vision", token)

    def _to_config(self) -> OpenAIAssistantAgentConfig:
        tools: list[HostedTool | ComponentModel] = []
        for index, tool in enumerate(self._toolset.given):
            if isinstance(tool, str):
                tools.append(tool)
            elif isinstance(tool, ComponentBase):
                tools.append(tool.dump_component())
            else:
                raise ComponentError(
                    f"agent '{self.name}' cannot be dumped: tools[{index}] "
                    f"({type(tool).__name__}) is not a component"
                )
        return OpenAIAssistantAgentConfig(
            name=self.name,
            description=self.description,
            client=AssistantClientConfig.from_client(self._client),
            model=self._model,
            instructions=self._instructions,
            tools=tools,
            assistant_id=self._given_assistant_id,
            thread_id=self._given_thread_id,
            metadata=self._metadata,
            response_format=self._response_format,
            temperature=self._temperature,
            tool_resources=self._tool_resources,
            top_p=self._top_p,
        )

    @classmethod
    def _from_config(cls, config: OpenAIAssistantAgentConfig) -> Self:
        tools: list[AssistantTool] = []
        for index, spec in enumerate(config.tools):
            if isinstance(spec, str):
                tools.append(spec)
                continue
            tool = load_component(spec)
            if not isinstance(tool, Tool):
                raise ComponentError(
                    f"tools[{index}] (provider '{spec.provider}') is a {type(tool).__name__}, "
                    "not a tool"
                )
            tools.append(tool)
        agent = cls(
            config.name,
            config.description,
            client=config.client.to_client(),
            model=config.model,
            instructions=config.instructions,
            tools=tools,
            assistant_id=config.assistant_id,
            thread_id=config.thread_id,
            metadata=config.metadata,
            response_format=config.response_format,
            temperature=config.temperature,
            tool_resources=config.tool_resources,
            top_p=config.top_p,
        )
        agent._owns_client = True
        return agent


def _check_client(client: object) -> None:
    if isinstance(client, ChatCompletionClient):
        raise TypeError(
            f"OpenAIAssistantAgent needs an openai.AsyncOpenAI or openai.AsyncAzureOpenAI client, "
            f"not an agentplex model client ({type(client).__name__}): the Assistants API is "
            "reached through the openai SDK"
        )
    if not isinstance(client, AsyncOpenAI):
        raise TypeError(
            "OpenAIAssistantAgent needs an openai.AsyncOpenAI or openai.AsyncAzureOpenAI "
            f"client, got {type(client).__name__}"
        )


def _given(value: T | None) -> T | Omit:
    return omit if value is None else value


def _as_dict(value: Mapping[str, Any] | BaseModel | None) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_none=True)
    return dict(value)
