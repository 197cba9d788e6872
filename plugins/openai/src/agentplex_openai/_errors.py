"""Errors the client raises itself (the SDK's ``openai.APIError`` family surfaces as is)."""

from __future__ import annotations

from agentplex import AgentplexError


class UnsupportedCapabilityError(AgentplexError, ValueError):
    """The request needs something the model cannot do (tools, images, JSON output).

    Raised before any HTTP request is sent; ``model_info`` decides what a model can do.
    """


class ModelResponseError(AgentplexError):
    """The provider answered, but the answer cannot be used as it is."""


class IncompleteStreamError(ModelResponseError):
    """A streamed answer ended without a finish reason, so it may be truncated."""


class StructuredOutputError(ModelResponseError, ValueError):
    """A structured answer is not valid JSON for the requested pydantic model."""
