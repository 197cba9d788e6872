"""A chat completion client that answers repeated requests from a cache store."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import AsyncGenerator, Mapping, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from pydantic import BaseModel

from .._cancellation import CancellationToken
from .._errors import ComponentError
from ..components import Component, ComponentModel
from ..models import (
    ChatCompletionClient,
    CreateResult,
    LLMMessage,
    ModelInfo,
    RequestUsage,
    ToolChoice,
)
from ._keys import ChatCacheKeys
from ._memory_store import InMemoryStore
from ._store import CacheStore

if TYPE_CHECKING:
    from ..tools import Tool, ToolSchema

logger = logging.getLogger(__name__)

_MAX_DECODED = 256
"""Entries whose decoded form is kept, so a repeated hit skips validation."""


class ChatCompletionCacheConfig(BaseModel):
    client: ComponentModel
    store: ComponentModel


@dataclass(frozen=True)
class _Entry:
    chunks: tuple[str, ...]
    result: CreateResult


class _Tally:
    """A running sum of usages, added to in place."""

    __slots__ = ("cached_prompt_tokens", "completion_tokens", "cost", "prompt_tokens")

    def __init__(self) -> None:
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.cached_prompt_tokens = 0
        self.cost: float | None = None

    def add(self, usage: RequestUsage) -> None:
        self.prompt_tokens += usage.prompt_tokens
        self.completion_tokens += usage.completion_tokens
        self.cached_prompt_tokens += usage.cached_prompt_tokens
        if usage.cost is not None:
            self.cost = (self.cost or 0.0) + usage.cost

    def usage(self) -> RequestUsage:
        return RequestUsage(
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            cached_prompt_tokens=self.cached_prompt_tokens,
            cost=self.cost,
        )


class ChatCompletionCache(ChatCompletionClient, Component[ChatCompletionCacheConfig]):
    """Wraps ``client`` and answers a request seen before from ``store``.

    The key is a sha256 over the wrapped client's provider and model, the messages,
    tool schemas, ``tool_choice``, ``json_output`` and ``extra_create_args``. A hit
    returns the stored result with ``cached=True``; ``create_stream`` replays the
    stored chunks first. ``create`` and ``create_stream`` share entries. Repeated
    hits on an entry return the same :class:`CreateResult` object: treat it as
    read-only.

    Entries are JSON-safe dicts, ``{"kind": "create", "result": ...}`` or
    ``{"kind": "stream", "chunks": [...], "result": ...}``, so any
    :class:`CacheStore` can hold them. An entry that cannot be read, or a store that
    fails, is logged as a warning and treated as a miss (the entry is then
    overwritten); it never fails the call. The cache keeps the decoded form of
    recently read entries and reuses it while the store returns an equal value, so
    values in a store must not be changed in place.

    :meth:`actual_usage` counts the calls that reached the model; :meth:`total_usage`
    counts cache hits too. Everything else is delegated to ``client``, ``close``
    included. ``store`` defaults to an :class:`InMemoryStore`.
    """

    component_provider = "chat_completion_cache"
    component_config_schema = ChatCompletionCacheConfig

    def __init__(
        self, client: ChatCompletionClient, store: CacheStore[dict[str, Any]] | None = None
    ) -> None:
        self._client = client
        self._store: CacheStore[dict[str, Any]] = store if store is not None else InMemoryStore()
        self._keys = ChatCacheKeys(_identity(client))
        self._decoded: OrderedDict[str, tuple[object, _Entry]] = OrderedDict()
        self._actual_usage = _Tally()
        self._total_usage = _Tally()

    @property
    def client(self) -> ChatCompletionClient:
        return self._client

    @property
    def store(self) -> CacheStore[dict[str, Any]]:
        return self._store

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
        _check(cancellation_token)
        key = self._keys.key(messages, tools, tool_choice, json_output, extra_create_args)
        entry = await self._lookup(key)
        if entry is not None:
            self._total_usage.add(entry.result.usage)
            return entry.result
        result = await self._client.create(
            messages,
            tools=tools,
            tool_choice=tool_choice,
            json_output=json_output,
            extra_create_args=extra_create_args,
            cancellation_token=cancellation_token,
        )
        self._count(result)
        await self._save(key, {"kind": "create", "result": result.model_dump(mode="json")})
        return result

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
        _check(cancellation_token)
        key = self._keys.key(messages, tools, tool_choice, json_output, extra_create_args)
        entry = await self._lookup(key)
        if entry is not None:
            self._total_usage.add(entry.result.usage)
            for chunk in entry.chunks:
                yield chunk
            yield entry.result
            return
        chunks: list[str] = []
        stream = self._client.create_stream(
            messages,
            tools=tools,
            tool_choice=tool_choice,
            json_output=json_output,
            extra_create_args=extra_create_args,
            cancellation_token=cancellation_token,
        )
        async with aclosing(stream):
            async for item in stream:
                if isinstance(item, CreateResult):
                    self._count(item)
                    result = item.model_dump(mode="json")
                    await self._save(key, {"kind": "stream", "chunks": chunks[:], "result": result})
                else:
                    chunks.append(item)
                yield item

    async def close(self) -> None:
        await self._client.close()

    def actual_usage(self) -> RequestUsage:
        return self._actual_usage.usage()

    def total_usage(self) -> RequestUsage:
        return self._total_usage.usage()

    def count_tokens(
        self, messages: Sequence[LLMMessage], *, tools: Sequence[Tool | ToolSchema] = ()
    ) -> int:
        return self._client.count_tokens(messages, tools=tools)

    def remaining_tokens(
        self, messages: Sequence[LLMMessage], *, tools: Sequence[Tool | ToolSchema] = ()
    ) -> int:
        return self._client.remaining_tokens(messages, tools=tools)

    @property
    def model_info(self) -> ModelInfo:
        return self._client.model_info

    def _count(self, result: CreateResult) -> None:
        self._actual_usage.add(result.usage)
        self._total_usage.add(result.usage)

    async def _lookup(self, key: str) -> _Entry | None:
        try:
            raw = await self._store.get(key)
        except Exception as exc:
            logger.warning(
                "cache store %s failed to read entry %s, calling the model instead: %s: %s",
                type(self._store).__name__,
                key,
                type(exc).__name__,
                exc,
            )
            return None
        if raw is None:
            return None
        known = self._decoded.get(key)
        if known is not None and (known[0] is raw or known[0] == raw):
            self._decoded.move_to_end(key)
            return known[1]
        try:
            entry = _decode(raw)
        except ValueError as exc:
            logger.warning("unreadable cache entry %s will be overwritten: %s", key, exc)
            return None
        self._decoded[key] = (raw, entry)
        self._decoded.move_to_end(key)
        if len(self._decoded) > _MAX_DECODED:
            self._decoded.popitem(last=False)
        return entry

    async def _save(self, key: str, value: dict[str, Any]) -> None:
        try:
            await self._store.set(key, value)
        except Exception as exc:
            logger.warning(
                "cache store %s failed to write entry %s: %s: %s",
                type(self._store).__name__,
                key,
                type(exc).__name__,
                exc,
            )

    def _to_config(self) -> ChatCompletionCacheConfig:
        return ChatCompletionCacheConfig(
            client=self._client.dump_component(), store=self._store.dump_component()
        )

    @classmethod
    def _from_config(cls, config: ChatCompletionCacheConfig) -> Self:
        client = ChatCompletionClient.load_component(config.client)
        return cls(client, CacheStore.load_component(config.store))


def _check(token: CancellationToken | None) -> None:
    if token is not None and token.is_cancelled():
        raise asyncio.CancelledError


def _identity(client: ChatCompletionClient) -> dict[str, Any]:
    """The wrapped client's provider and model (when its config names one), for keys."""
    try:
        config = client.dump_component().config
    except (ComponentError, NotImplementedError):
        config = {}
    model = config.get("model")
    return {"provider": client.provider_name(), "model": model if isinstance(model, str) else None}


def _decode(raw: object) -> _Entry:
    """The entry ``raw`` holds; ``ValueError`` (incl. pydantic's) when it has the wrong shape."""
    if not isinstance(raw, dict):
        raise ValueError(f"expected a dict, got {type(raw).__name__}")
    kind = raw.get("kind")
    result = raw.get("result")
    if kind not in ("create", "stream") or not isinstance(result, dict):
        raise ValueError("expected keys 'kind' ('create' or 'stream') and 'result' (a dict)")
    created = CreateResult.model_validate({**result, "cached": True})
    if kind == "create":
        content = created.content
        return _Entry((content,) if isinstance(content, str) and content else (), created)
    chunks = raw.get("chunks")
    if not (isinstance(chunks, list) and all(isinstance(chunk, str) for chunk in chunks)):
        raise ValueError("a stream entry needs 'chunks', a list of strings")
    return _Entry(tuple(chunks), created)
