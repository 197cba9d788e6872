"""Exceptions shared by every layer."""

from __future__ import annotations


class AgentplexError(Exception):
    """Base class of every error agentplex raises on purpose."""


class PluginError(AgentplexError):
    """A plugin could not be loaded, or a provider it registers cannot be used."""


class PluginConflictError(PluginError):
    """Two plugins registered the same provider name for the same kind of component."""


class ProviderNotFoundError(PluginError, LookupError):
    """No installed plugin provides the requested name."""


class ComponentError(AgentplexError, ValueError):
    """A component spec cannot be loaded: bad shape, bad config, refused provider."""


class ComponentVersionError(ComponentError):
    """A component config was written by a version this installation cannot read."""


class UntrustedCodeError(ComponentError):
    """A component config carries code and the caller did not say it is trusted."""
