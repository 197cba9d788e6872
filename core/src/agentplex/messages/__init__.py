"""Chat messages agents exchange and events they emit while working."""

from ._base import BaseAgentEvent, BaseChatMessage, BaseMessage, BaseTextChatMessage
from ._chat import (
    HandoffMessage,
    MultiModalMessage,
    StopMessage,
    StructuredMessage,
    TextMessage,
    ToolCallSummaryMessage,
    UntypedStructuredMessage,
)
from ._events import (
    MemoryQueryEvent,
    ModelClientStreamingChunkEvent,
    ThoughtEvent,
    ToolCallExecutionEvent,
    ToolCallRequestEvent,
    UserInputRequestedEvent,
)
from ._factory import MessageFactory, default_message_factory
from ._results import Response, Task, TaskResult, final_result, task_messages
from ._v02 import from_v02_message, to_v02_message

__all__ = [
    "BaseAgentEvent",
    "BaseChatMessage",
    "BaseMessage",
    "BaseTextChatMessage",
    "HandoffMessage",
    "MemoryQueryEvent",
    "MessageFactory",
    "ModelClientStreamingChunkEvent",
    "MultiModalMessage",
    "Response",
    "StopMessage",
    "StructuredMessage",
    "Task",
    "TaskResult",
    "TextMessage",
    "ThoughtEvent",
    "ToolCallExecutionEvent",
    "ToolCallRequestEvent",
    "ToolCallSummaryMessage",
    "UntypedStructuredMessage",
    "UserInputRequestedEvent",
    "default_message_factory",
    "final_result",
    "from_v02_message",
    "task_messages",
    "to_v02_message",
]
