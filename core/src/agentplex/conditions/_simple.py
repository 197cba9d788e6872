"""Conditions whose config is their constructor's arguments."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, ClassVar, Self

from pydantic import BaseModel

from ..components import Component
from ..messages import (
    BaseChatMessage,
    HandoffMessage,
    StopMessage,
    TextMessage,
    ToolCallExecutionEvent,
)
from ._base import Messages, TerminationCondition


class _Condition(TerminationCondition, Component[BaseModel]):
    """Stores its constructor arguments as attributes named like its config fields."""

    component_config_schema: ClassVar[type[BaseModel]]

    def __init__(self) -> None:
        self._terminated = False

    @property
    def terminated(self) -> bool:
        return self._terminated

    def _fire(self, content: str) -> StopMessage:
        self._terminated = True
        return StopMessage(content=content, source=type(self).__name__)

    async def reset(self) -> None:
        self._terminated = False

    def _to_config(self) -> BaseModel:
        fields = self.component_config_schema.model_fields
        return self.component_config_schema(**{name: getattr(self, name) for name in fields})

    @classmethod
    def _from_config(cls, config: Any) -> Self:
        return cls(**config.model_dump())


class MaxMessageConfig(BaseModel):
    max_messages: int
    include_agent_event: bool = False


class MaxMessageTermination(_Condition):
    """Fires when the run has produced ``max_messages`` messages (the task included)."""

    component_provider = "max_message"
    component_config_schema = MaxMessageConfig

    def __init__(self, max_messages: int, include_agent_event: bool = False) -> None:
        super().__init__()
        if max_messages < 1:
            raise ValueError(f"max_messages must be at least 1, got {max_messages}")
        self.max_messages = max_messages
        self.include_agent_event = include_agent_event
        self._count = 0

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        self._count += sum(
            1 for m in messages if self.include_agent_event or isinstance(m, BaseChatMessage)
        )
        if self._count >= self.max_messages:
            return self._fire(f"Maximum number of messages {self.max_messages} reached")
        return None

    async def reset(self) -> None:
        await super().reset()
        self._count = 0


class TextMentionConfig(BaseModel):
    text: str
    sources: list[str] | None = None


class TextMentionTermination(_Condition):
    """Fires when a message (from one of ``sources``, if given) mentions ``text``."""

    component_provider = "text_mention"
    component_config_schema = TextMentionConfig

    def __init__(self, text: str, sources: Sequence[str] | None = None) -> None:
        super().__init__()
        self.text = text
        self.sources = list(sources) if sources is not None else None

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        for message in messages:
            if self.sources is not None and message.source not in self.sources:
                continue
            if isinstance(message, BaseChatMessage) and self.text in message.to_text():
                return self._fire(f"Text '{self.text}' mentioned by {message.source}")
        return None


class NoConfig(BaseModel):
    pass


class StopMessageTermination(_Condition):
    """Fires when an agent sends a :class:`StopMessage`."""

    component_provider = "stop_message"
    component_config_schema = NoConfig

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        if any(isinstance(m, StopMessage) for m in messages):
            return self._fire("Stop message received")
        return None


class TokenUsageConfig(BaseModel):
    max_total_token: int | None = None
    max_prompt_token: int | None = None
    max_completion_token: int | None = None


class TokenUsageTermination(_Condition):
    """Fires when the tokens used by the run's messages pass a limit."""

    component_provider = "token_usage"
    component_config_schema = TokenUsageConfig

    def __init__(
        self,
        max_total_token: int | None = None,
        max_prompt_token: int | None = None,
        max_completion_token: int | None = None,
    ) -> None:
        super().__init__()
        if max_total_token is None and max_prompt_token is None and max_completion_token is None:
            raise ValueError("give at least one of max_total/prompt/completion_token")
        self.max_total_token = max_total_token
        self.max_prompt_token = max_prompt_token
        self.max_completion_token = max_completion_token
        self._prompt = self._completion = 0

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        for message in messages:
            if message.models_usage is not None:
                self._prompt += message.models_usage.prompt_tokens
                self._completion += message.models_usage.completion_tokens
        over = [
            (name, used, limit)
            for name, used, limit in (
                ("total", self._prompt + self._completion, self.max_total_token),
                ("prompt", self._prompt, self.max_prompt_token),
                ("completion", self._completion, self.max_completion_token),
            )
            if limit is not None and used >= limit
        ]
        if over:
            name, used, limit = over[0]
            return self._fire(f"Token usage limit reached: {name} {used} >= {limit}")
        return None

    async def reset(self) -> None:
        await super().reset()
        self._prompt = self._completion = 0


class HandoffConfig(BaseModel):
    target: str


class HandoffTermination(_Condition):
    """Fires when an agent hands off to ``target`` (e.g. ``"user"``)."""

    component_provider = "handoff"
    component_config_schema = HandoffConfig

    def __init__(self, target: str) -> None:
        super().__init__()
        self.target = target

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        for message in messages:
            if isinstance(message, HandoffMessage) and message.target == self.target:
                return self._fire(f"Handoff to {self.target} from {message.source} detected")
        return None


class TimeoutConfig(BaseModel):
    timeout_seconds: float


class TimeoutTermination(_Condition):
    """Fires on the first check after ``timeout_seconds`` from the first check (or reset)."""

    component_provider = "timeout"
    component_config_schema = TimeoutConfig

    def __init__(self, timeout_seconds: float) -> None:
        super().__init__()
        self.timeout_seconds = timeout_seconds
        self._start: float | None = None

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        now = time.monotonic()
        if self._start is None:
            self._start = now
        if now - self._start >= self.timeout_seconds:
            return self._fire(f"Timeout of {self.timeout_seconds} seconds reached")
        return None

    async def reset(self) -> None:
        await super().reset()
        self._start = None


class ExternalTermination(_Condition):
    """Fires on the next check after :meth:`set` is called from outside the run."""

    component_provider = "external"
    component_config_schema = NoConfig

    def __init__(self) -> None:
        super().__init__()
        self._requested = False

    def set(self) -> None:
        self._requested = True

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        if self._requested:
            return self._fire("External termination requested")
        return None

    async def reset(self) -> None:
        await super().reset()
        self._requested = False


class SourceMatchConfig(BaseModel):
    sources: list[str]


class SourceMatchTermination(_Condition):
    """Fires when any of ``sources`` has spoken."""

    component_provider = "source_match"
    component_config_schema = SourceMatchConfig

    def __init__(self, sources: Sequence[str]) -> None:
        super().__init__()
        self.sources = list(sources)

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        for message in messages:
            if message.source in self.sources:
                return self._fire(f"'{message.source}' answered")
        return None


class TextMessageConfig(BaseModel):
    source: str | None = None


class TextMessageTermination(_Condition):
    """Fires on a :class:`TextMessage` (from ``source``, if given)."""

    component_provider = "text_message"
    component_config_schema = TextMessageConfig

    def __init__(self, source: str | None = None) -> None:
        super().__init__()
        self.source = source

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        for message in messages:
            if isinstance(message, TextMessage) and self.source in (None, message.source):
                return self._fire(f"Text message received from '{message.source}'")
        return None


class FunctionCallConfig(BaseModel):
    function_name: str


class FunctionCallTermination(_Condition):
    """Fires when a tool named ``function_name`` has run successfully."""

    component_provider = "function_call"
    component_config_schema = FunctionCallConfig

    def __init__(self, function_name: str) -> None:
        super().__init__()
        self.function_name = function_name

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        for message in messages:
            if not isinstance(message, ToolCallExecutionEvent):
                continue
            if any(r.name == self.function_name and not r.is_error for r in message.content):
                return self._fire(f"Function '{self.function_name}' was executed")
        return None
