"""What OpenAI's models can do, by model name.

A dated snapshot (``gpt-4o-2024-08-06``) resolves through its longest known
prefix. Any other name works with a ``model_info`` from the user, or with
conservative defaults and an ``UnknownModelWarning``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from agentplex.models import ModelFamily, ModelInfo


def _info(
    family: str,
    context_window: int,
    *,
    vision: bool = True,
    function_calling: bool = True,
    json_output: bool = True,
    structured_output: bool = True,
) -> ModelInfo:
    return {
        "vision": vision,
        "function_calling": function_calling,
        "json_output": json_output,
        "structured_output": structured_output,
        "family": family,
        "multiple_system_messages": True,
        "context_window": context_window,
    }


_GPT_5 = _info(ModelFamily.GPT_5, 400_000)
_GPT_41 = _info(ModelFamily.GPT_41, 1_047_576)
_GPT_4O = _info(ModelFamily.GPT_4O, 128_000)
_O_SERIES = 200_000

OPENAI_MODELS: Final = MappingProxyType(
    {
        "gpt-5": _GPT_5,
        "gpt-5-mini": _GPT_5,
        "gpt-5-nano": _GPT_5,
        "gpt-4.1": _GPT_41,
        "gpt-4.1-mini": _GPT_41,
        "gpt-4.1-nano": _GPT_41,
        "gpt-4o": _GPT_4O,
        "gpt-4o-mini": _GPT_4O,
        "o1": _info(ModelFamily.O1, _O_SERIES),
        "o1-mini": _info(
            ModelFamily.O1,
            128_000,
            vision=False,
            function_calling=False,
            json_output=False,
            structured_output=False,
        ),
        "o3": _info(ModelFamily.O3, _O_SERIES),
        "o3-mini": _info(ModelFamily.O3, _O_SERIES, vision=False),
        "o4-mini": _info(ModelFamily.O4, _O_SERIES),
        "gpt-4-turbo": _info(ModelFamily.GPT_4, 128_000, structured_output=False),
        "gpt-4": _info(
            ModelFamily.GPT_4, 8_192, vision=False, json_output=False, structured_output=False
        ),
        "gpt-3.5-turbo": _info(ModelFamily.GPT_35, 16_385, vision=False, structured_output=False),
    }
)
"""``ModelInfo`` of OpenAI's chat models (``context_window`` included)."""
