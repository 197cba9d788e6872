"""agentplex: LLM agents and agent teams on a small core with pip-installable plugins.

The top-level package stays light: import what you use from its subpackages
(``agentplex.models``, ``agentplex.agents``, ``agentplex.teams``, ...).
``CancellationToken``, ``FunctionCall`` and ``Image`` are also here, imported
on first access, as are ``hookimpl`` (pluggy is loaded with it) and ``__version__``.
Plugins use :func:`lazy_exports` to do the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import (
    AgentplexError,
    ComponentError,
    ComponentVersionError,
    PluginConflictError,
    PluginError,
    ProviderNotFoundError,
    UntrustedCodeError,
)
from ._lazy import lazy_exports
from ._logging import EVENT_LOGGER_NAME, TRACE_LOGGER_NAME

if TYPE_CHECKING:
    from ._cancellation import CancellationToken
    from ._function_call import FunctionCall
    from ._image import Image
    from ._version import __version__
    from .hookspecs import hookimpl

_LAZY = {
    "CancellationToken": "._cancellation",
    "FunctionCall": "._function_call",
    "Image": "._image",
    "__version__": "._version",
    "hookimpl": ".hookspecs",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


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
    "lazy_exports",
]
