"""An agent that stands for a person: it asks for input and answers with it."""

from __future__ import annotations

import asyncio
import inspect
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Self, cast

from pydantic import BaseModel, ConfigDict

from .._cancellation import CancellationToken
from ..components import Component
from ..messages import (
    BaseChatMessage,
    HandoffMessage,
    Response,
    TextMessage,
    UserInputRequestedEvent,
)
from ._base import BaseChatAgent, StreamItem

SyncInputFunc = Callable[[str], str] | Callable[[str, CancellationToken], str]
AsyncInputFunc = (
    Callable[[str], Awaitable[str]] | Callable[[str, CancellationToken], Awaitable[str]]
)
InputFunc = SyncInputFunc | AsyncInputFunc
"""``(prompt)`` or ``(prompt, cancellation_token)``, returning the text or awaitable text."""

_request_id: ContextVar[str] = ContextVar("agentplex_user_input_request_id")


class UserProxyAgentConfig(BaseModel):
    """Config of :class:`UserProxyAgent` (an ``input_func`` is not part of it)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = "A human user"


class UserProxyAgent(BaseChatAgent, Component[UserProxyAgentConfig]):
    """Asks a person for input and answers with it as a :class:`TextMessage`.

    ``input_func`` gets the prompt (and the cancellation token when it takes two
    arguments). An async function is awaited, which is how a web backend plugs
    in: await a future or a queue that the client's answer fills. A sync function
    runs in a worker thread so the event loop keeps going; the default reads the
    console with :func:`input` that way. Before asking, the agent yields a
    :class:`UserInputRequestedEvent`; inside ``input_func``,
    :meth:`InputRequestContext.request_id` gives that event's ``request_id``.

    Cancelling the token ends the wait with :class:`asyncio.CancelledError` (a
    console read already in progress still waits for its line in its thread).
    When the last incoming message is a :class:`HandoffMessage` to this agent, the
    answer is a :class:`HandoffMessage` back to its sender.
    """

    component_provider = "user_proxy"
    component_config_schema = UserProxyAgentConfig

    class InputRequestContext:
        """Which input request is being served, for code inside ``input_func``."""

        @classmethod
        def request_id(cls) -> str:
            """The ``request_id`` of the :class:`UserInputRequestedEvent` being answered."""
            try:
                return _request_id.get()
            except LookupError:
                raise RuntimeError(
                    "InputRequestContext.request_id() is only available inside the "
                    "input_func of a UserProxyAgent"
                ) from None

    def __init__(
        self,
        name: str,
        *,
        description: str = "A human user",
        input_func: InputFunc | None = None,
    ) -> None:
        super().__init__(name, description)
        if input_func is not None and not callable(input_func):
            raise TypeError(f"input_func must be callable, got {type(input_func).__name__}")
        self._input_func: InputFunc = input_func if input_func is not None else input
        self._takes_token = _takes_token(self._input_func)
        self._is_async = _is_async(self._input_func)

    @property
    def produced_message_types(self) -> Sequence[type[BaseChatMessage]]:
        return (TextMessage, HandoffMessage)

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
        handoff = self._handoff_to_me(messages)
        prompt = (
            f"Handoff received from {handoff.source}. Enter your response: "
            if handoff is not None
            else "Enter your response: "
        )
        request_id = uuid.uuid4().hex
        yield UserInputRequestedEvent(source=self.name, request_id=request_id)
        with _serving(request_id):
            text = await self._ask(prompt, cancellation_token)
        if handoff is not None:
            reply: BaseChatMessage = HandoffMessage(
                content=text, target=handoff.source, source=self.name
            )
        else:
            reply = TextMessage(content=text, source=self.name)
        yield Response(chat_message=reply)

    async def on_reset(self, cancellation_token: CancellationToken) -> None:
        """Nothing to forget: the agent keeps no conversation."""

    def _handoff_to_me(self, messages: Sequence[BaseChatMessage]) -> HandoffMessage | None:
        if not messages or not isinstance(messages[-1], HandoffMessage):
            return None
        handoff = messages[-1]
        if handoff.target != self.name:
            raise ValueError(
                f"UserProxyAgent '{self.name}' received a handoff meant for '{handoff.target}'"
            )
        return handoff

    async def _ask(self, prompt: str, cancellation_token: CancellationToken) -> str:
        if cancellation_token.is_cancelled():
            raise asyncio.CancelledError
        args: tuple[Any, ...] = (prompt, cancellation_token) if self._takes_token else (prompt,)
        func = cast(Callable[..., Any], self._input_func)
        waiting = asyncio.ensure_future(
            _await_result(func(*args)) if self._is_async else _in_thread(func, args)
        )
        cancellation_token.link_future(waiting)
        try:
            text = await waiting
        except asyncio.CancelledError:
            raise
        except EOFError:
            raise RuntimeError(
                f"UserProxyAgent '{self.name}': no input available (end of file on stdin); "
                "pass input_func to read input from elsewhere"
            ) from None
        except Exception as exc:
            raise RuntimeError(
                f"UserProxyAgent '{self.name}': input_func failed: {type(exc).__name__}: {exc}"
            ) from exc
        if not isinstance(text, str):
            raise TypeError(
                f"UserProxyAgent '{self.name}': input_func must return a str, "
                f"got {type(text).__name__}"
            )
        return text

    def _to_config(self) -> UserProxyAgentConfig:
        return UserProxyAgentConfig(name=self.name, description=self.description)

    @classmethod
    def _from_config(cls, config: UserProxyAgentConfig) -> Self:
        return cls(config.name, description=config.description)


@contextmanager
def _serving(request_id: str) -> Iterator[None]:
    token = _request_id.set(request_id)
    try:
        yield
    finally:
        _request_id.reset(token)


async def _await_result(result: Any) -> Any:
    return await result if inspect.isawaitable(result) else result


async def _in_thread(func: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    return await _await_result(await asyncio.to_thread(func, *args))


def _is_async(func: Callable[..., Any]) -> bool:
    call = getattr(func, "__call__", None)  # noqa: B004 (callable objects)
    return inspect.iscoroutinefunction(func) or inspect.iscoroutinefunction(call)


def _takes_token(func: Callable[..., Any]) -> bool:
    """Whether ``func`` accepts a second positional argument."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return False
    positional = 0
    for parameter in signature.parameters.values():
        if parameter.kind is parameter.VAR_POSITIONAL:
            return False
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            positional += 1
    return positional >= 2
