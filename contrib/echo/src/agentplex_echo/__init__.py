"""A rule-based echo chat model for agentplex, registered as the provider ``echo``.

It answers by regular-expression rules (text or tool calls) and otherwise
repeats the prompt, with the whole ``ChatCompletionClient`` contract: streaming,
usage, token counts, cancellation and component specs. Use it for demos and for
testing agents without a model.
"""

from ._client import ECHO_MODEL_INFO, EchoChatCompletionClient, EchoChatCompletionClientConfig
from ._rules import EchoRule

__all__ = [
    "ECHO_MODEL_INFO",
    "EchoChatCompletionClient",
    "EchoChatCompletionClientConfig",
    "EchoRule",
]
