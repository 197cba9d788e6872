"""agentplex: LLM agents and agent teams on a small core with pip-installable plugins.

The top-level package stays light: import what you use from its subpackages
(``agentplex.models``, ``agentplex.agents``, ``agentplex.teams``, ...).
"""

from ._errors import (
    AgentplexError,
    ComponentError,
    ComponentVersionError,
    PluginConflictError,
    PluginError,
    ProviderNotFoundError,
    UntrustedCodeError,
)
from ._version import __version__
from .hookspecs import hookimpl

__all__ = [
    "AgentplexError",
    "ComponentError",
    "ComponentVersionError",
    "PluginConflictError",
    "PluginError",
    "ProviderNotFoundError",
    "UntrustedCodeError",
    "__version__",
    "hookimpl",
]
