"""EchoChatCompletionClient: a chat model that answers by rules, or echoes the prompt."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import AsyncGenerator, Mapping, Sequence
from typing import Any, Final, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agentplex import CancellationToken, FunctionCall, Image
from agentplex.components import Component
from agentplex.models import (
    AssistantMessage,
    ChatCompletionClient,
    CreateResult,
    FinishReason,
    FunctionExecutionResultMessage,
    LLMMessage,
    ModelFamily,
    ModelInfo,
    RequestUsage,
    ToolChoice,
    validate_model_info,
)
from agentplex.tools import Tool, ToolSchema

from ._rules import Answer, EchoRule, answer

ECHO_MODEL_INFO: Final[ModelInfo] = {
    "vision": False,
    "function_calling": True,
    "json_output": False,
    "structured_output": False,
    "family": ModelFamily.UNKNOWN,
    "multiple_system_messages": True,
    "context_window": 8192,
}
"""What the echo model can do unless the config says otherwise."""

_WORDS = re.compile(r"\S+\s*|\s+")


class EchoChatCompletionClientConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prefix: str = ""
    rules: list[EchoRule] = []
    model_info: dict[str, Any] | None = None
    stream_chunk_size: int | None = Field(default=None, ge=1)


class EchoChatCompletionClient(ChatCompletionClient, Component[EchoChatCompletionClientConfig]):
    """Answers with the first matching rule, or repeats the last message after ``prefix``.

    The prompt is the text of the last message. When that message holds tool
    results, the answer is their text, one per line, so an agent that reflects
    on tool use gets a readable summary. Tokens are whitespace-separated words.
    ``create_stream`` yields the answer word by word (or in ``stream_chunk_size``
    characters) before the result. Images, JSON output the model info does not
    declare, and ``extra_create_args`` are refused with a ``ValueError``.
    """

    component_provider = "echo"
    component_config_schema = EchoChatCompletionClientConfig

    def __init__(
        self,
        *,
        prefix: str = "",
        rules: Sequence[EchoRule | Mapping[str, Any]] = (),
        model_info: Mapping[str, Any] | None = None,
        stream_chunk_size: int | None = None,
    ) -> None:
        try:
            config = EchoChatCompletionClientConfig(
                prefix=prefix,
                rules=[EchoRule.model_validate(rule) for rule in rules],
                model_info=dict(model_info) if model_info is not None else None,
                stream_chunk_size=stream_chunk_size,
            )
        except ValidationError as exc:
            raise ValueError(f"invalid EchoChatCompletionClient settings: {exc}") from None
        self._config = config
        self._model_info = (
            ECHO_MODEL_INFO.copy() if model_info is None else validate_model_info(model_info)
        )
        self._usage = RequestUsage()
        self._call_ids = itertools.count(1)
        self._closed = False

    async def create(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = (),
        tool_choice: ToolChoice = "auto",
        json_output: bool | type[BaseModel] | None = None,
        extra_create_args: Mapping[str, Any] | None = None,
        cancellation_token: CancellationToken | None = None,
    ) -> CreateResult:
        self._check_call(extra_create_args, cancellation_token)
        return self._respond(messages, tools, tool_choice, json_output)

    async def create_stream(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = (),
        tool_choice: ToolChoice = "auto",
        json_output: bool | type[BaseModel] | None = None,
        extra_create_args: Mapping[str, Any] | None = None,
        cancellation_token: CancellationToken | None = None,
    ) -> AsyncGenerator[str | CreateResult, None]:
        self._check_call(extra_create_args, cancellation_token)
        result = self._respond(messages, tools, tool_choice, json_output)
        if isinstance(result.content, str):
            for chunk in self._chunks(result.content):
                await asyncio.sleep(0)
                if cancellation_token is not None and cancellation_token.is_cancelled():
                    raise asyncio.CancelledError("the echo stream was cancelled")
                yield chunk
        yield result

    async def close(self) -> None:
        self._closed = True

    def actual_usage(self) -> RequestUsage:
        return self._usage

    def total_usage(self) -> RequestUsage:
        return self._usage

    def count_tokens(
        self, messages: Sequence[LLMMessage], *, tools: Sequence[Tool | ToolSchema] = ()
    ) -> int:
        words = sum(len(_message_text(message).split()) for message in messages)
        return words + sum(len(json.dumps(schema).split()) for schema in _schemas(tools))

    def remaining_tokens(
        self, messages: Sequence[LLMMessage], *, tools: Sequence[Tool | ToolSchema] = ()
    ) -> int:
        window = self._model_info.get("context_window", ECHO_MODEL_INFO["context_window"])
        return window - self.count_tokens(messages, tools=tools)

    @property
    def model_info(self) -> ModelInfo:
        return self._model_info

    def _check_call(
        self, extra: Mapping[str, Any] | None, cancellation_token: CancellationToken | None
    ) -> None:
        if self._closed:
            raise RuntimeError("this EchoChatCompletionClient is closed")
        if extra:
            raise ValueError(f"the echo model takes no extra_create_args, got {sorted(extra)}")
        if cancellation_token is not None and cancellation_token.is_cancelled():
            raise asyncio.CancelledError("the echo call was cancelled")

    def _respond(
        self,
        messages: Sequence[LLMMessage],
        tools: Sequence[Tool | ToolSchema],
        tool_choice: ToolChoice,
        json_output: bool | type[BaseModel] | None,
    ) -> CreateResult:
        if not messages:
            raise ValueError("the echo model needs at least one message")
        schemas = _schemas(tools)
        if schemas and not self._model_info["function_calling"]:
            raise ValueError("tools were given, but model_info says function_calling is False")
        decided = self._decide(messages[-1], schemas, tool_choice)
        if decided.text is not None:
            _check_json(decided.text, json_output, self._model_info)
        content = self._content(decided)
        usage = RequestUsage(
            prompt_tokens=self.count_tokens(messages, tools=tools),
            completion_tokens=len(_content_text(content).split()),
        )
        self._usage += usage
        reason: FinishReason = "stop" if isinstance(content, str) else "function_calls"
        return CreateResult(finish_reason=reason, content=content, usage=usage)

    def _decide(self, last: LLMMessage, schemas: list[ToolSchema], choice: ToolChoice) -> Answer:
        text = _message_text(last)
        if isinstance(last, FunctionExecutionResultMessage):
            return Answer(text=text)
        return answer(
            self._config.rules,
            text,
            offered={schema["name"] for schema in schemas},
            tool_choice=choice,
            fallback=self._config.prefix + text,
        )

    def _content(self, decided: Answer) -> str | list[FunctionCall]:
        if decided.call is None:
            return decided.text or ""
        call_id = f"echo_call_{next(self._call_ids)}"
        return [FunctionCall(id=call_id, name=decided.call, arguments=decided.arguments)]

    def _chunks(self, text: str) -> list[str]:
        size = self._config.stream_chunk_size
        if size is None:
            return _WORDS.findall(text)
        return [text[start : start + size] for start in range(0, len(text), size)]

    def _to_config(self) -> EchoChatCompletionClientConfig:
        return self._config.model_copy(deep=True)

    @classmethod
    def _from_config(cls, config: EchoChatCompletionClientConfig) -> Self:
        return cls(
            prefix=config.prefix,
            rules=config.rules,
            model_info=config.model_info,
            stream_chunk_size=config.stream_chunk_size,
        )


def _schemas(tools: Sequence[Tool | ToolSchema]) -> list[ToolSchema]:
    schemas: list[ToolSchema] = []
    for index, tool in enumerate(tools):
        if isinstance(tool, Mapping):
            schemas.append(tool)
        elif isinstance(tool, Tool):
            schemas.append(tool.schema)
        else:
            raise TypeError(f"tools[{index}] is a {type(tool).__name__}, not a Tool or ToolSchema")
    return schemas


def _message_text(message: LLMMessage) -> str:
    if isinstance(message, FunctionExecutionResultMessage):
        return "\n".join(result.content for result in message.content)
    content = message.content
    if isinstance(content, str):
        return content
    parts = []
    for part in content:
        if isinstance(part, Image):
            raise ValueError("the echo model cannot read images; send text only")
        parts.append(part if isinstance(part, str) else f"{part.name}({part.arguments})")
    return ("\n" if isinstance(message, AssistantMessage) else " ").join(parts)


def _content_text(content: str | list[FunctionCall]) -> str:
    if isinstance(content, str):
        return content
    return " ".join(f"{call.name} {call.arguments}" for call in content)


def _check_json(text: str, json_output: bool | type[BaseModel] | None, info: ModelInfo) -> None:
    if json_output is None or json_output is False:
        return
    capability: Literal["json_output", "structured_output"] = (
        "json_output" if json_output is True else "structured_output"
    )
    if not info[capability]:
        raise ValueError(
            f"the echo model does not declare {capability}; set it in model_info and write "
            "rules whose replies are JSON"
        )
    try:
        if json_output is True:
            json.loads(text)
        else:
            json_output.model_validate_json(text)
    except ValueError as exc:
        raise ValueError(f"the echo reply {text[:80]!r} is not the JSON asked for: {exc}") from None
