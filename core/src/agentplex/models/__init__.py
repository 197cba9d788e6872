"""Chat model contracts: LLM messages, results, model info, and the client interface.

Model clients come from plugins (``agentplex-openai``, ...); the core ships
:class:`ReplayChatCompletionClient`, a scripted client for tests and demos, whose
module is imported on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports
from ._client import ChatCompletionClient, ToolChoice
from ._messages import (
    AssistantMessage,
    FunctionExecutionResult,
    FunctionExecutionResultMessage,
    LLMMessage,
    SystemMessage,
    UserMessage,
)
from ._model_info import (
    CONSERVATIVE_MODEL_INFO,
    ModelFamily,
    ModelInfo,
    UnknownModelWarning,
    resolve_model_info,
    validate_model_info,
)
from ._results import (
    ChatCompletionTokenLogprob,
    CreateResult,
    FinishReason,
    RequestUsage,
    TopLogprob,
    normalize_finish_reason,
)

if TYPE_CHECKING:
    from ._replay import (
        REPLAY_MODEL_INFO,
        ReplayCall,
        ReplayChatCompletionClient,
        ReplayChatCompletionClientConfig,
        ReplayExhaustedError,
        ReplayResponse,
    )

_LAZY = {
    "REPLAY_MODEL_INFO": "._replay",
    "ReplayCall": "._replay",
    "ReplayChatCompletionClient": "._replay",
    "ReplayChatCompletionClientConfig": "._replay",
    "ReplayExhaustedError": "._replay",
    "ReplayResponse": "._replay",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "CONSERVATIVE_MODEL_INFO",
    "REPLAY_MODEL_INFO",
    "AssistantMessage",
    "ChatCompletionClient",
    "ChatCompletionTokenLogprob",
    "CreateResult",
    "FinishReason",
    "FunctionExecutionResult",
    "FunctionExecutionResultMessage",
    "LLMMessage",
    "ModelFamily",
    "ModelInfo",
    "ReplayCall",
    "ReplayChatCompletionClient",
    "ReplayChatCompletionClientConfig",
    "ReplayExhaustedError",
    "ReplayResponse",
    "RequestUsage",
    "SystemMessage",
    "ToolChoice",
    "TopLogprob",
    "UnknownModelWarning",
    "UserMessage",
    "normalize_finish_reason",
    "resolve_model_info",
    "validate_model_info",
]
