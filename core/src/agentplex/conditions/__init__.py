"""Termination conditions: when a team stops. Combine them with ``|`` and ``&``.

``FunctionalTermination`` loads its module on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports
from ._base import (
    AndTerminationCondition,
    OrTerminationCondition,
    TerminatedError,
    TerminationCondition,
)
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

if TYPE_CHECKING:
    from ._functional import FunctionalTermination

_LAZY = {
    "FunctionalTermination": "._functional",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


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
