"""Errors about the local model: its file, and starting llama.cpp's server."""

from __future__ import annotations

from agentplex import AgentplexError


class ModelFileError(AgentplexError):
    """The model file cannot be used."""


class ModelNotFoundError(ModelFileError, FileNotFoundError):
    """No model file where one was expected; the message says how to get one."""


class CorruptModelError(ModelFileError):
    """The model file is damaged or not a GGUF file; the message names the file and the fault."""


class ServerStartError(AgentplexError):
    """llama.cpp's server could not start serving the model."""
