"""The context that shows the model as many recent messages as fit its token budget."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Self, cast

from pydantic import Field

from ..components import Component, ComponentModel
from ..models import ChatCompletionClient, LLMMessage
from ._base import ChatCompletionContext, ContextConfig, system_prefix, view, window_start

if TYPE_CHECKING:
    from ..tools import ToolSchema


class TokenLimitedChatCompletionContextConfig(ContextConfig):
    """Config of :class:`TokenLimitedChatCompletionContext`."""

    model_client: ComponentModel
    token_limit: int | None = Field(default=None, ge=1)
    tool_schema: list[dict[str, Any]] | None = None


class TokenLimitedChatCompletionContext(
    ChatCompletionContext, Component[TokenLimitedChatCompletionContextConfig]
):
    """Shows the model the most recent messages that fit in a token budget.

    The oldest messages are dropped until ``model_client.count_tokens`` of the
    view (with ``tool_schema``) is at most ``token_limit``; without a
    ``token_limit`` until ``model_client.remaining_tokens`` is not negative. A
    leading :class:`SystemMessage` is always kept, even when it alone does not
    fit. Function results whose calls were dropped are dropped too.

    Token counts are assumed to grow with the messages counted, so the cut only
    moves forward as messages are added and is searched for from where it was:
    a view that still fits costs one ``count_tokens`` call.
    """

    component_provider = "token_limited"
    component_config_schema = TokenLimitedChatCompletionContextConfig

    def __init__(
        self,
        model_client: ChatCompletionClient,
        token_limit: int | None = None,
        tool_schema: Sequence[ToolSchema] | None = None,
        initial_messages: Iterable[LLMMessage] | None = None,
    ) -> None:
        if token_limit is not None and token_limit < 1:
            raise ValueError(f"token_limit must be at least 1, got {token_limit}")
        super().__init__(initial_messages)
        self._model_client = model_client
        self._token_limit = token_limit
        self._tool_schema = list(tool_schema or ())
        self._cut = 0  # no view starting before this index fits (the history only grows)

    @property
    def model_client(self) -> ChatCompletionClient:
        return self._model_client

    @property
    def token_limit(self) -> int | None:
        return self._token_limit

    async def get_messages(self) -> list[LLMMessage]:
        messages = self._messages
        system = system_prefix(messages)
        self._cut = self._find_cut(messages, system)
        return view(messages, system, window_start(messages, self._cut))

    def _find_cut(self, messages: list[LLMMessage], system: int) -> int:
        """The smallest start index whose view fits (the history's length if none does).

        Gallops forward from the last cut, then bisects: the cut usually moves by a
        message or two, which costs two or three counts.
        """
        low = max(system, self._cut)
        if self._fits(view(messages, system, low)):
            return low
        total, step = len(messages), 1
        while True:  # the view from low does not fit
            high = min(low + step, total)
            if self._fits(view(messages, system, high)):
                break
            if high == total:
                return total
            low, step = high, step * 2
        while high - low > 1:  # the view from low does not fit, the one from high does
            middle = (low + high) // 2
            if self._fits(view(messages, system, middle)):
                high = middle
            else:
                low = middle
        return high

    def _fits(self, messages: list[LLMMessage]) -> bool:
        client, tools = self._model_client, self._tool_schema
        if self._token_limit is None:
            return client.remaining_tokens(messages, tools=tools) >= 0
        return client.count_tokens(messages, tools=tools) <= self._token_limit

    def _history_changed(self) -> None:
        self._cut = 0

    def _to_config(self) -> TokenLimitedChatCompletionContextConfig:
        return TokenLimitedChatCompletionContextConfig(
            model_client=self._model_client.dump_component(),
            token_limit=self._token_limit,
            tool_schema=[dict(schema) for schema in self._tool_schema] or None,
            initial_messages=self._initial_messages,
        )

    @classmethod
    def _from_config(cls, config: TokenLimitedChatCompletionContextConfig) -> Self:
        return cls(
            ChatCompletionClient.load_component(config.model_client),
            token_limit=config.token_limit,
            tool_schema=cast("list[ToolSchema] | None", config.tool_schema),
            initial_messages=config.initial_messages,
        )
