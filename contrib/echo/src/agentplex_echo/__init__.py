"""A rule-based echo chat model for agentplex, registered as the provider ``echo``.

It answers by regular-expression rules (text or tool calls) and otherwise
repeats the prompt, with the whole ``ChatCompletionClient`` contract: streaming,
usage, token counts, cancellation and component specs. Use it for demos and for
testing agents without a model.

The names below load their modules on first access, so discovering the plugin stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentplex import lazy_exports

if TYPE_CHECKING:
    from ._client import ECHO_MODEL_INFO, EchoChatCompletionClient, EchoChatCompletionClientConfig
    from ._rules import EchoRule

_LAZY = {
    "ECHO_MODEL_INFO": "._client",
    "EchoChatCompletionClient": "._client",
    "EchoChatCompletionClientConfig": "._client",
    "EchoRule": "._rules",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "ECHO_MODEL_INFO",
    "EchoChatCompletionClient",
    "EchoChatCompletionClientConfig",
    "EchoRule",
]
