"""Termination conditions: when a team stops. Combine them with ``|`` and ``&``."""

from ._base import (
    AndTerminationCondition,
    OrTerminationCondition,
    TerminatedError,
    TerminationCondition,
)
from ._functional import FunctionalTermination
from ._simple import (
    ExternalTermination,
    FunctionCallTermination,
    HandoffTermination,
    MaxMessageTermination,
    SourceMatchTermination,
    StopMessageTermination,
    TextMentionTermination,
    TextMessageTermination,
    TimeoutTermination,
    TokenUsageTermination,
)

__all__ = [
    "AndTerminationCondition",
    "ExternalTermination",
    "FunctionCallTermination",
    "FunctionalTermination",
    "HandoffTermination",
    "MaxMessageTermination",
    "OrTerminationCondition",
    "SourceMatchTermination",
    "StopMessageTermination",
    "TerminatedError",
    "TerminationCondition",
    "TextMentionTermination",
    "TextMessageTermination",
    "TimeoutTermination",
    "TokenUsageTermination",
]
