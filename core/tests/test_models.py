"""Model contracts: message union, results, usage, model info, the public face."""

from __future__ import annotations

import subprocess
import sys
import warnings
from types import ModuleType

import pytest
from pydantic import TypeAdapter, ValidationError

import agentplex
import agentplex.models
from agentplex import FunctionCall
from agentplex.models import (
    CONSERVATIVE_MODEL_INFO,
    AssistantMessage,
    CreateResult,
    FunctionExecutionResult,
    FunctionExecutionResultMessage,
    LLMMessage,
    ModelFamily,
    ModelInfo,
    RequestUsage,
    SystemMessage,
    UnknownModelWarning,
    UserMessage,
    normalize_finish_reason,
    resolve_model_info,
)

MESSAGES = TypeAdapter(list[LLMMessage])

GPT4O: ModelInfo = {
    "vision": True,
    "function_calling": True,
    "json_output": True,
    "structured_output": True,
    "family": ModelFamily.GPT_4O,
}
GPT4O_MINI: ModelInfo = {**GPT4O, "vision": False}
KNOWN = {"gpt-4o": GPT4O, "gpt-4o-mini": GPT4O_MINI}


def test_message_union_discriminates_on_type() -> None:
    raw = [
        {"type": "SystemMessage", "content": "be brief"},
        {"type": "UserMessage", "content": "hi", "source": "bob"},
        {"type": "AssistantMessage", "content": [{"id": "1", "name": "f", "arguments": "{}"}]},
        {
            "type": "FunctionExecutionResultMessage",
            "content": [{"content": "42", "name": "f", "call_id": "1"}],
        },
    ]
    messages = MESSAGES.validate_python(raw)
    assert [type(m) for m in messages] == [
        SystemMessage,
        UserMessage,
        AssistantMessage,
        FunctionExecutionResultMessage,
    ]
    assistant = messages[2]
    assert isinstance(assistant, AssistantMessage)
    assert assistant.content == [FunctionCall(id="1", name="f", arguments="{}")]


def test_message_union_round_trips_through_json() -> None:
    messages: list[LLMMessage] = [
        SystemMessage(content="rules"),
        UserMessage(content="question", source="carol"),
        AssistantMessage(content="thinking done", thought="because"),
        FunctionExecutionResultMessage(
            content=[FunctionExecutionResult(content="boom", name="f", call_id="9", is_error=True)]
        ),
    ]
    assert MESSAGES.validate_json(MESSAGES.dump_json(messages)) == messages


def test_unknown_message_type_is_refused_with_the_tag() -> None:
    with pytest.raises(ValidationError, match="ToolMessage"):
        MESSAGES.validate_python([{"type": "ToolMessage", "content": "x"}])


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("stop", "stop"),
        ("tool_calls", "function_calls"),
        ("function_call", "function_calls"),
        ("max_tokens", "length"),
        ("end_turn", "stop"),
        ("content_filter", "content_filter"),
        ("something_new", "unknown"),
        (None, "unknown"),
    ],
)
def test_finish_reason_is_normalised(given: str | None, expected: str) -> None:
    assert normalize_finish_reason(given) == expected
    result = CreateResult.model_validate({"finish_reason": given, "content": "", "usage": {}})
    assert result.finish_reason == expected


def test_request_usage_adds_tokens_and_cost() -> None:
    first = RequestUsage(prompt_tokens=10, completion_tokens=2, cached_prompt_tokens=4)
    second = RequestUsage(prompt_tokens=5, completion_tokens=3, cost=0.25)
    total = first + second
    assert (total.prompt_tokens, total.completion_tokens, total.cached_prompt_tokens) == (15, 5, 4)
    assert total.cost == 0.25
    assert (first + first).cost is None
    assert (second + second).cost == 0.5


def test_known_model_info_exact_and_by_longest_prefix() -> None:
    assert resolve_model_info("gpt-4o", KNOWN) == GPT4O
    assert resolve_model_info("gpt-4o-mini-2024-07-18", KNOWN) == GPT4O_MINI
    assert resolve_model_info("gpt-4o-2024-08-06", KNOWN) == GPT4O


def test_unknown_model_works_conservatively_with_a_warning() -> None:
    with pytest.warns(UnknownModelWarning, match="model_info"):
        info = resolve_model_info("my-local-model", KNOWN)
    assert info == CONSERVATIVE_MODEL_INFO
    info["vision"] = True
    assert CONSERVATIVE_MODEL_INFO["vision"] is False


def test_override_wins_without_a_warning() -> None:
    override = {**GPT4O, "family": "custom", "context_window": 8192}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        info = resolve_model_info("my-local-model", KNOWN, override)
    assert info["family"] == "custom"
    assert info.get("context_window") == 8192
    assert resolve_model_info("gpt-4o", KNOWN, {**GPT4O, "vision": False})["vision"] is False


def test_invalid_override_says_what_is_wrong() -> None:
    with pytest.raises(ValueError, match="missing json_output, structured_output"):
        resolve_model_info("m", KNOWN, {"vision": True, "function_calling": True, "family": "x"})
    with pytest.raises(ValueError, match=r"model_info\['vision'\] must be a bool"):
        resolve_model_info("m", KNOWN, {**GPT4O, "vision": "yes"})


def _ruff_sorted(names: list[str]) -> list[str]:
    """SCREAMING_CASE, then CamelCase, then the rest; each group alphabetical (RUF022)."""

    def group(name: str) -> int:
        return 0 if name.isupper() else 1 if name[0].isupper() else 2

    return sorted(names, key=lambda name: (group(name), name))


@pytest.mark.parametrize("module", [agentplex, agentplex.models])
def test_public_names_are_sorted_and_importable(module: ModuleType) -> None:
    names: list[str] = list(module.__all__)
    assert names == _ruff_sorted(names)
    for name in names:
        assert getattr(module, name) is not None


def test_import_agentplex_stays_light() -> None:
    code = (
        "import sys, agentplex\n"
        "assert 'pydantic' not in sys.modules, 'pydantic imported'\n"
        "from agentplex import CancellationToken, FunctionCall, Image\n"
        "assert Image.__module__ == 'agentplex._image'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_top_level_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = agentplex.Nope
