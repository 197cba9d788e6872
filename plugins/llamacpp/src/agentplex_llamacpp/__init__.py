"""A local model for agentplex: llama.cpp's server inside this process, through xllamacpp.

Registered as the model client provider ``llamacpp``, and as the default model
when no API key is configured. Nothing heavy is imported with this package: the
names below load their modules on first access, and ``xllamacpp`` and ``openai``
are imported when a client first sends a request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentplex import lazy_exports

if TYPE_CHECKING:
    from ._client import LlamaCppChatCompletionClient
    from ._config import LlamaCppClientConfig
    from ._errors import CorruptModelError, ModelFileError, ModelNotFoundError, ServerStartError
    from ._model_file import INSTALL_HINT, KNOWN_MODELS, KnownModel

_LAZY = {
    "INSTALL_HINT": "._model_file",
    "KNOWN_MODELS": "._model_file",
    "CorruptModelError": "._errors",
    "KnownModel": "._model_file",
    "LlamaCppChatCompletionClient": "._client",
    "LlamaCppClientConfig": "._config",
    "ModelFileError": "._errors",
    "ModelNotFoundError": "._errors",
    "ServerStartError": "._errors",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "INSTALL_HINT",
    "KNOWN_MODELS",
    "CorruptModelError",
    "KnownModel",
    "LlamaCppChatCompletionClient",
    "LlamaCppClientConfig",
    "ModelFileError",
    "ModelNotFoundError",
    "ServerStartError",
]
