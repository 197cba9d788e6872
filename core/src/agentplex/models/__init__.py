"""Chat model contracts: LLM messages, results, model info, and the client interface.

Model clients come from plugins (``agentplex-openai``, ...); the core ships
:class:`ReplayChatCompletionClient`, a scripted client for tests and demos.
"""

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
from ._replay import (
    REPLAY_MODEL_INFO,
    ReplayCall,
    ReplayChatCompletionClient,
    ReplayChatCompletionClientConfig,
    ReplayExhaustedError,
    ReplayResponse,
)
from ._results import (
    ChatCompletionTokenLogprob,
    CreateResult,
    FinishReason,
    RequestUsage,
    TopLogprob,
    normalize_finish_reason,
)

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
