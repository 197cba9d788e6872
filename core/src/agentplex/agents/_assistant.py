"""AssistantAgent: a model with tools, workbenches, handoffs, memory and a context."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncGenerator, Mapping, Sequence
from typing import Any, Final, Self

from pydantic import BaseModel

from .._cancellation import CancellationToken
from .._errors import ComponentError
from .._function_call import FunctionCall
from .._image import Image
from ..components import Component
from ..memory import Memory
from ..messages import (
    BaseAgentEvent,
    BaseChatMessage,
    HandoffMessage,
    MemoryQueryEvent,
    ModelClientStreamingChunkEvent,
    Response,
    StructuredMessage,
    TextMessage,
    ThoughtEvent,
    ToolCallExecutionEvent,
    ToolCallRequestEvent,
    ToolCallSummaryMessage,
)
from ..model_context import ChatCompletionContext, UnboundedChatCompletionContext
from ..models import (
    AssistantMessage,
    ChatCompletionClient,
    CreateResult,
    FunctionExecutionResult,
    FunctionExecutionResultMessage,
    LLMMessage,
    SystemMessage,
    ToolChoice,
    UserMessage,
)
from ..tools import Workbench
from ._assistant_config import AssistantAgentConfig, dump_each, load_kwargs
from ._base import BaseChatAgent, StreamItem
from ._handoff import Handoff, answer_handoffs, handoff_message, handoffs_by_name
from ._state import StateError, check_state
from ._structured import parse_structured
from ._toolbox import Toolbox, ToolLike, ToolListing, check_summary_format, summarize

STATE_TYPE: Final = "AssistantAgentState"
STATE_VERSION: Final = 1

Inner = BaseAgentEvent | BaseChatMessage


class AssistantAgent(BaseChatAgent, Component[AssistantAgentConfig]):
    """An agent that answers with a model, using tools and handing off to other agents.

    Each call adds the incoming messages to ``model_context`` (the context a
    :class:`HandoffMessage` carries first), lets every ``memory`` update the
    context (a :class:`MemoryQueryEvent` when it added something; once per call,
    before the first model request), then asks the model with
    ``system_message`` in front of the context.

    A text answer becomes a :class:`TextMessage`, or a :class:`StructuredMessage`
    validated as ``output_content_type`` (the model is asked for that type; one
    ```json fence around the answer is accepted; an answer that is not valid JSON
    for the type raises :class:`StructuredOutputError`).
    Tool calls are announced with a :class:`ToolCallRequestEvent`, run
    concurrently through the tools and workbenches, and reported with a
    :class:`ToolCallExecutionEvent`; an unknown tool, malformed arguments or a
    tool that raises come back to the model as error results. The model is
    asked again until it answers with text or ``max_tool_iterations`` rounds of
    tool calls ran. Then, with ``reflect_on_tool_use``, the model is asked once
    more for a text answer (tools offered with ``tool_choice="none"``); if it
    asks for tools anyway those calls are not run: they are recorded with error
    results and the answer is the summary below. Without reflection the answer
    is a :class:`ToolCallSummaryMessage`: one line per call that ran, formatted
    with ``tool_call_summary_format`` (``{tool_name}``, ``{arguments}``,
    ``{result}``, ``{is_error}``).

    A call to a handoff tool ends the turn with a :class:`HandoffMessage` to
    its target; the turn's other tool calls and results travel in its
    ``context``. Only the first handoff of a turn is taken.

    With ``model_client_stream`` the model's text arrives as
    :class:`ModelClientStreamingChunkEvent`\\ s whose ``full_message_id`` is the
    id of the message or event built from that model response. Reasoning the
    model returns is yielded as a :class:`ThoughtEvent`. Every message built
    from a model response carries its usage in ``models_usage``.

    Tools need a model with function calling and images need vision: both are
    checked before any request (at construction and on each incoming message).
    Plain functions in ``tools`` become :class:`~agentplex.tools.FunctionTool`\\ s
    (described by their docstring, or their name without one).
    """

    component_provider = "assistant"
    component_config_schema = AssistantAgentConfig

    DEFAULT_DESCRIPTION: Final = "An agent that provides assistance with the ability to use tools."
    DEFAULT_SYSTEM_MESSAGE: Final = (
        "You are a helpful AI assistant. Solve tasks using your tools. Reply with TERMINATE "
        "when the task has been completed."
    )

    def __init__(
        self,
        name: str,
        model_client: ChatCompletionClient,
        *,
        tools: Sequence[ToolLike] | None = None,
        workbench: Workbench | Sequence[Workbench] | None = None,
        handoffs: Sequence[Handoff | str] | None = None,
        model_context: ChatCompletionContext | None = None,
        memory: Sequence[Memory] | None = None,
        description: str = DEFAULT_DESCRIPTION,
        system_message: str | None = DEFAULT_SYSTEM_MESSAGE,
        model_client_stream: bool = False,
        reflect_on_tool_use: bool | None = None,
        tool_call_summary_format: str = "{result}",
        max_tool_iterations: int = 1,
        output_content_type: type[BaseModel] | None = None,
        output_content_type_format: str | None = None,
    ) -> None:
        super().__init__(name, description)
        if not isinstance(model_client, ChatCompletionClient):
            raise TypeError(
                f"model_client must be a ChatCompletionClient, got {type(model_client).__name__}"
            )
        if max_tool_iterations < 1:
            raise ValueError(f"max_tool_iterations must be at least 1, got {max_tool_iterations}")
        check_summary_format(tool_call_summary_format)
        self._model_client = model_client
        self._handoffs = handoffs_by_name(handoffs or ())
        workbenches = [workbench] if isinstance(workbench, Workbench) else list(workbench or ())
        self._toolbox = Toolbox(list(tools or ()), workbenches, self._handoffs, name)
        if (self._toolbox or self._handoffs) and not model_client.model_info["function_calling"]:
            raise ValueError(
                f"agent '{name}': the model does not support function calling "
                "(model_info['function_calling'] is False), so it cannot use tools, "
                "workbenches or handoffs"
            )
        if output_content_type is not None:
            if not (
                isinstance(output_content_type, type) and issubclass(output_content_type, BaseModel)
            ):
                raise TypeError("output_content_type must be a pydantic BaseModel subclass")
            if not model_client.model_info["structured_output"]:
                raise ValueError(
                    f"agent '{name}': output_content_type needs a model with structured output "
                    "(model_info['structured_output'] is False)"
                )
        self._model_context = model_context or UnboundedChatCompletionContext()
        self._memory = list(memory or ())
        self._system_message = system_message
        self._system_prompt: list[LLMMessage] = (
            [SystemMessage(content=system_message)] if system_message is not None else []
        )
        self._model_client_stream = model_client_stream
        self._reflect_on_tool_use = (
            output_content_type is not None if reflect_on_tool_use is None else reflect_on_tool_use
        )
        self._summary_format = tool_call_summary_format
        self._max_tool_iterations = max_tool_iterations
        self._output_type = output_content_type
        self._output_format = output_content_type_format

    @property
    def produced_message_types(self) -> Sequence[type[BaseChatMessage]]:
        types: list[type[BaseChatMessage]] = [TextMessage]
        if self._toolbox:
            types.append(ToolCallSummaryMessage)
        if self._handoffs:
            types.append(HandoffMessage)
        if self._output_type is not None:
            types.append(StructuredMessage)
        return tuple(types)

    @property
    def model_context(self) -> ChatCompletionContext:
        return self._model_context

    async def on_messages(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> Response:
        async for item in self.on_messages_stream(messages, cancellation_token):
            if isinstance(item, Response):
                return item
        raise AssertionError("on_messages_stream ended without a Response")

    async def on_messages_stream(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> AsyncGenerator[StreamItem, None]:
        incoming = self._incoming(messages)
        for message in incoming:
            await self._model_context.add_message(message)
        inner: list[Inner] = []
        for memory in self._memory:
            update = await memory.update_context(self._model_context)
            if update.memories.results:
                event = MemoryQueryEvent(content=update.memories.results, source=self.name)
                inner.append(event)
                yield event
        calls_run: list[FunctionCall] = []
        results_run: list[FunctionExecutionResult] = []
        rounds = 0
        tool_choice: ToolChoice = "auto"
        while True:
            message_id = uuid.uuid4().hex
            listing = await self._toolbox.listing()
            result: CreateResult | None = None
            async for item in self._ask_model(listing, tool_choice, message_id, cancellation_token):
                if isinstance(item, CreateResult):
                    result = item
                else:
                    inner.append(item)
                    yield item
            assert result is not None
            if isinstance(result.content, str):
                yield Response(chat_message=self._answer(result, message_id), inner_messages=inner)
                return
            request = ToolCallRequestEvent(
                id=message_id, content=result.content, source=self.name, models_usage=result.usage
            )
            inner.append(request)
            yield request
            if tool_choice == "none":
                execution = await self._refuse(result.content)
                inner.append(execution)
                yield execution
                break
            results = await self._run_calls(result.content, listing, cancellation_token)
            execution = ToolCallExecutionEvent(content=results, source=self.name)
            inner.append(execution)
            yield execution
            handoff = handoff_message(result, results, self._handoffs, self.name)
            if handoff is not None:
                yield Response(chat_message=handoff, inner_messages=inner)
                return
            calls_run.extend(result.content)
            results_run.extend(results)
            rounds += 1
            if rounds < self._max_tool_iterations:
                continue
            if not self._reflect_on_tool_use:
                break
            tool_choice = "none"
        summary = summarize(calls_run, results_run, self._summary_format, self.name)
        yield Response(chat_message=summary, inner_messages=inner)

    async def on_reset(self, cancellation_token: CancellationToken) -> None:
        """Forget the conversation: clear the model context."""
        await self._model_context.clear()

    async def close(self) -> None:
        """Close the model client (its connections, or a local model server)."""
        await self._model_client.close()

    async def save_state(self) -> Mapping[str, Any]:
        """``{"type": "AssistantAgentState", "version": 1, "llm_context": {...}}``, JSON-safe."""
        return {
            "type": STATE_TYPE,
            "version": STATE_VERSION,
            "llm_context": await self._model_context.save_state(),
        }

    async def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore the model context saved by :meth:`save_state`."""
        data = check_state(state, STATE_TYPE, STATE_VERSION)
        context = data.get("llm_context")
        if not isinstance(context, Mapping):
            raise StateError(f"{STATE_TYPE} has no 'llm_context' mapping")
        try:
            await self._model_context.load_state(context)
        except ValueError as exc:
            raise StateError(f"{STATE_TYPE}: {exc}") from None

    def _incoming(self, messages: Sequence[BaseChatMessage]) -> list[LLMMessage]:
        """The LLM messages for ``messages``; images refused up front without vision."""
        converted: list[LLMMessage] = []
        for message in messages:
            if isinstance(message, HandoffMessage):
                converted.extend(message.context)
            converted.append(message.to_model_message())
        if not self._model_client.model_info["vision"]:
            for llm_message in converted:
                if isinstance(llm_message, UserMessage) and _has_image(llm_message):
                    raise ValueError(
                        f"agent '{self.name}': a message from '{llm_message.source}' contains an "
                        "image, but the model does not support vision "
                        "(model_info['vision'] is False)"
                    )
        return converted

    async def _ask_model(
        self,
        listing: ToolListing,
        tool_choice: ToolChoice,
        message_id: str,
        cancellation_token: CancellationToken,
    ) -> AsyncGenerator[CreateResult | Inner, None]:
        """Ask the model; stream chunks, record its answer in the context, yield the result."""
        prompt = await self._model_context.get_messages()  # a fresh list: ours to change
        prompt[:0] = self._system_prompt
        tools = [*listing.schemas, *(handoff.tool_schema for handoff in self._handoffs.values())]
        options: dict[str, Any] = {
            "tools": tools,
            "tool_choice": tool_choice if tools else "auto",
            "json_output": self._output_type,
            "cancellation_token": cancellation_token,
        }
        result: CreateResult | None = None
        if self._model_client_stream:
            async for chunk in self._model_client.create_stream(prompt, **options):
                if isinstance(chunk, CreateResult):
                    result = chunk
                else:
                    yield ModelClientStreamingChunkEvent(
                        content=chunk, source=self.name, full_message_id=message_id
                    )
            if result is None:
                raise RuntimeError(
                    f"agent '{self.name}': the model client's stream ended without a CreateResult"
                )
        else:
            result = await self._model_client.create(prompt, **options)
        await self._model_context.add_message(
            AssistantMessage(content=result.content, thought=result.thought, source=self.name)
        )
        if result.thought:
            yield ThoughtEvent(content=result.thought, source=self.name)
        yield result

    async def _run_calls(
        self,
        calls: list[FunctionCall],
        listing: ToolListing,
        cancellation_token: CancellationToken,
    ) -> list[FunctionExecutionResult]:
        """Run the tool calls concurrently and answer handoff calls; record the results.

        When cancelled, every call is recorded as cancelled before the error
        propagates, so the history stays valid for the next request.
        """
        tool_calls = [call for call in calls if call.name not in self._handoffs]
        try:
            ran = iter(await self._toolbox.run(tool_calls, listing, cancellation_token))
        except asyncio.CancelledError:
            cancelled = [
                _result(call, "cancelled before it finished", is_error=True) for call in calls
            ]
            await self._model_context.add_message(FunctionExecutionResultMessage(content=cancelled))
            raise
        answered = answer_handoffs(calls, self._handoffs)
        results = [
            answered[index] if index in answered else next(ran) for index in range(len(calls))
        ]
        await self._model_context.add_message(FunctionExecutionResultMessage(content=results))
        return results

    async def _refuse(self, calls: list[FunctionCall]) -> ToolCallExecutionEvent:
        """Answer tool calls made after the last allowed round with error results."""
        text = (
            f"not run: the agent already ran {self._max_tool_iterations} round(s) of tool "
            "calls (max_tool_iterations)"
        )
        results = [_result(call, text, is_error=True) for call in calls]
        await self._model_context.add_message(FunctionExecutionResultMessage(content=results))
        return ToolCallExecutionEvent(content=results, source=self.name)

    def _answer(self, result: CreateResult, message_id: str) -> BaseChatMessage:
        assert isinstance(result.content, str)
        if self._output_type is None:
            return TextMessage(
                id=message_id, content=result.content, source=self.name, models_usage=result.usage
            )
        content = parse_structured(result.content, self._output_type, self.name)
        return StructuredMessage[Any](
            id=message_id,
            content=content,
            format_string=self._output_format,
            source=self.name,
            models_usage=result.usage,
        )

    def _to_config(self) -> AssistantAgentConfig:
        if self._output_type is not None:
            raise ComponentError(
                f"agent '{self.name}' cannot be dumped: output_content_type "
                f"({self._output_type.__name__}) is a Python class, which is not part of a "
                "component config"
            )
        return AssistantAgentConfig(
            name=self.name,
            model_client=self._model_client.dump_component(),
            tools=dump_each(self._toolbox.tools, "tools", self.name),
            workbench=dump_each(self._toolbox.workbenches, "workbench", self.name),
            handoffs=list(self._handoffs.values()),
            model_context=self._model_context.dump_component(),
            memory=dump_each(self._memory, "memory", self.name),
            description=self.description,
            system_message=self._system_message,
            model_client_stream=self._model_client_stream,
            reflect_on_tool_use=self._reflect_on_tool_use,
            tool_call_summary_format=self._summary_format,
            max_tool_iterations=self._max_tool_iterations,
        )

    @classmethod
    def _from_config(cls, config: AssistantAgentConfig) -> Self:
        return cls(config.name, **load_kwargs(config))


def _has_image(message: UserMessage) -> bool:
    return isinstance(message.content, list) and any(
        isinstance(part, Image) for part in message.content
    )


def _result(call: FunctionCall, text: str, *, is_error: bool) -> FunctionExecutionResult:
    return FunctionExecutionResult(content=text, name=call.name, call_id=call.id, is_error=is_error)
