"""Message histories and the view of them a model is shown.

The buffered, head-and-tail and token-limited views load their modules on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports
from ._base import STATE_VERSION, ChatCompletionContext, ChatCompletionContextState
from ._unbounded import UnboundedChatCompletionContext

if TYPE_CHECKING:
    from ._buffered import BufferedChatCompletionContext
    from ._head_and_tail import HeadAndTailChatCompletionContext
    from ._token_limited import TokenLimitedChatCompletionContext

_LAZY = {
    "BufferedChatCompletionContext": "._buffered",
    "HeadAndTailChatCompletionContext": "._head_and_tail",
    "TokenLimitedChatCompletionContext": "._token_limited",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "STATE_VERSION",
    "BufferedChatCompletionContext",
    "ChatCompletionContext",
    "ChatCompletionContextState",
    "HeadAndTailChatCompletionContext",
    "TokenLimitedChatCompletionContext",
    "UnboundedChatCompletionContext",
]
