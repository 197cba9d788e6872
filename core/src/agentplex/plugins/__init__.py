"""The plugin registry: which providers exist for each kind of component.

Plugins are found through the ``agentplex`` entry-point group the first time
any function here is called, never at import.
"""

from __future__ import annotations

from typing import Any

import pluggy

from ..hookspecs import DefaultModel, hookimpl
from ._info import Conflict, PluginInfo
from ._kinds import KINDS
from ._providers import ProviderMap
from ._registry import ALLOWLIST_ENV, TRACE_ENV, Registry

registry = Registry()
"""The process-wide registry."""


def providers(kind: str) -> ProviderMap:
    """``name -> class`` of every provider of ``kind`` (e.g. ``"model_client"``)."""
    return registry.providers(kind)


def get_provider(kind: str, name: str) -> type[Any]:
    """The class registered as ``name`` for ``kind``; a clear error if there is none."""
    from .._errors import ProviderNotFoundError

    table = providers(kind)
    if name not in table:
        hint, cause = registry.failure_hint()
        raise ProviderNotFoundError(
            f"no plugin provides {kind} '{name}'{hint}; known: {', '.join(sorted(table)) or 'none'}"
        ) from cause
    return table[name]


def default_model() -> DefaultModel:
    """The model client spec for provider ``"default"``, from the first plugin that offers one."""
    from .._errors import ProviderNotFoundError

    choice = plugin_manager().hook.default_model_client()
    if choice is None:
        hint, cause = registry.failure_hint()
        raise ProviderNotFoundError(
            "no installed plugin offers a default model"
            f"{hint}: install agentplex-llamacpp to run a local model, or install "
            "agentplex-openai and set OPENAI_API_KEY"
        ) from cause
    return DefaultModel(*choice)


def plugins() -> list[PluginInfo]:
    """Every plugin the registry knows, loaded or failed, in load order."""
    return registry.plugins()


def conflicts() -> list[Conflict]:
    """Provider names claimed by more than one plugin."""
    return registry.conflicts()


def register(plugin: object, name: str | None = None) -> str:
    """Register a plugin object (module, class or instance with ``@hookimpl``s) in-process."""
    return registry.register(plugin, name=name)


def unregister(name: str) -> None:
    """Remove a plugin registered with :func:`register`."""
    registry.unregister(name)


def plugin_manager() -> pluggy.PluginManager:
    """The underlying pluggy manager, for hooks that are not provider registrations."""
    return registry.manager


__all__ = [
    "ALLOWLIST_ENV",
    "KINDS",
    "TRACE_ENV",
    "Conflict",
    "DefaultModel",
    "PluginInfo",
    "ProviderMap",
    "Registry",
    "conflicts",
    "default_model",
    "get_provider",
    "hookimpl",
    "plugin_manager",
    "plugins",
    "providers",
    "register",
    "registry",
    "unregister",
]
