"""Message histories and the view of them a model is shown."""

from ._base import STATE_VERSION, ChatCompletionContext, ChatCompletionContextState
from ._buffered import BufferedChatCompletionContext
from ._head_and_tail import HeadAndTailChatCompletionContext
from ._token_limited import TokenLimitedChatCompletionContext
from ._unbounded import UnboundedChatCompletionContext

__all__ = [
    "STATE_VERSION",
    "BufferedChatCompletionContext",
    "ChatCompletionContext",
    "ChatCompletionContextState",
    "HeadAndTailChatCompletionContext",
    "TokenLimitedChatCompletionContext",
    "UnboundedChatCompletionContext",
]
