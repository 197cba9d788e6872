"""What a model can do, and how unknown models are handled."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, Final, NotRequired, Required, TypedDict, cast


class ModelFamily:
    """Well-known model families; any other string is allowed too."""

    GPT_5: Final = "gpt-5"
    GPT_41: Final = "gpt-41"
    GPT_4O: Final = "gpt-4o"
    O1: Final = "o1"
    O3: Final = "o3"
    O4: Final = "o4"
    GPT_4: Final = "gpt-4"
    GPT_35: Final = "gpt-35"
    R1: Final = "r1"
    CLAUDE: Final = "claude"
    GEMINI: Final = "gemini"
    LLAMA: Final = "llama"
    MISTRAL: Final = "mistral"
    QWEN: Final = "qwen"
    SMOLLM: Final = "smollm"
    UNKNOWN: Final = "unknown"


class ModelInfo(TypedDict, total=False):
    """Capabilities of a model, as a client reports them."""

    vision: Required[bool]
    function_calling: Required[bool]
    json_output: Required[bool]
    structured_output: Required[bool]
    family: Required[str]
    multiple_system_messages: NotRequired[bool]
    """False when the model accepts only one system message (clients then merge them)."""
    context_window: NotRequired[int]
    """Tokens the model accepts in one call, prompt and completion together."""


_REQUIRED = ("vision", "function_calling", "json_output", "structured_output", "family")

CONSERVATIVE_MODEL_INFO: Final[ModelInfo] = {
    "vision": False,
    "function_calling": False,
    "json_output": False,
    "structured_output": False,
    "family": ModelFamily.UNKNOWN,
    "multiple_system_messages": False,
}
"""What a client assumes about a model it does not know and was told nothing about."""


class UnknownModelWarning(UserWarning):
    """A client was asked for a model it has no information about."""


def validate_model_info(info: Mapping[str, Any]) -> ModelInfo:
    """Check that ``info`` has every required key with the right type."""
    missing = [key for key in _REQUIRED if key not in info]
    if missing:
        raise ValueError(f"model_info is missing {', '.join(missing)}")
    for key in _REQUIRED[:-1]:
        if not isinstance(info[key], bool):
            raise ValueError(f"model_info['{key}'] must be a bool, got {info[key]!r}")
    return cast(ModelInfo, dict(info))


def resolve_model_info(
    model: str, known: Mapping[str, ModelInfo], override: Mapping[str, Any] | None = None
) -> ModelInfo:
    """``override`` if given, else ``known[model]`` (longest matching prefix), else defaults.

    An unknown model without an override works with :data:`CONSERVATIVE_MODEL_INFO`
    and an :class:`UnknownModelWarning` telling the user to pass ``model_info``.
    """
    if override is not None:
        return validate_model_info(override)
    if model in known:
        return known[model]
    prefixes = [name for name in known if model.startswith(name)]
    if prefixes:
        return known[max(prefixes, key=len)]
    warnings.warn(
        f"model '{model}' is not known to this client; assuming no vision, function calling "
        "or JSON output. Pass model_info={...} to declare what it can do.",
        UnknownModelWarning,
        stacklevel=3,
    )
    return CONSERVATIVE_MODEL_INFO.copy()
