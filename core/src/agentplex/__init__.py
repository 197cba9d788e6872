"""agentplex: LLM agents and agent teams on a small core with pip-installable plugins.

The top-level package stays light: import what you use from its subpackages
(``agentplex.models``, ``agentplex.agents``, ``agentplex.teams``, ...).
``CancellationToken``, ``FunctionCall`` and ``Image`` are also here, imported
on first access.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._errors import (
    AgentplexError,
    ComponentError,
    ComponentVersionError,
    PluginConflictError,
    PluginError,
    ProviderNotFoundError,
    UntrustedCodeError,
)
from ._logging import EVENT_LOGGER_NAME, TRACE_LOGGER_NAME
from ._version import __version__
from .hookspecs import hookimpl

if TYPE_CHECKING:
    from ._cancellation import CancellationToken
    from ._function_call import FunctionCall
    from ._image import Image

_LAZY = {
    "CancellationToken": "._cancellation",
    "FunctionCall": "._function_call",
    "Image": "._image",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "EVENT_LOGGER_NAME",
    "TRACE_LOGGER_NAME",
    "AgentplexError",
    "CancellationToken",
    "ComponentError",
    "ComponentVersionError",
    "FunctionCall",
    "Image",
    "PluginConflictError",
    "PluginError",
    "ProviderNotFoundError",
    "UntrustedCodeError",
    "__version__",
    "hookimpl",
]
