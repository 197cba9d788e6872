"""Dump and load, the plugin registration, and the public face of the package."""

from __future__ import annotations

import subprocess
import sys

import pytest

import agentplex_openai
from agentplex import plugins
from agentplex.components import MASK
from agentplex.models import ChatCompletionClient, UserMessage
from agentplex_openai import OpenAIChatCompletionClient, Price
from agentplex_openai.testing import ScriptedOpenAIServer, TextReply

from .conftest import MakeClient

LOCAL_INFO = {
    "vision": False,
    "function_calling": True,
    "json_output": True,
    "structured_output": True,
    "family": "llama",
    "context_window": 8192,
}


def test_dump_masks_the_api_key_and_keeps_settings(make_client: MakeClient) -> None:
    client = make_client(
        "llama3",
        api_key="sk-secret",
        timeout=12.5,
        max_retries=4,
        model_info=LOCAL_INFO,
        prices={"llama3": Price(input=1.0, output=2.0)},
        default_headers={"x-team": "blue"},
        temperature=0.3,
        extra_body={"top_k": 5},
    )
    spec = client.dump_component()

    assert (spec.provider, spec.component_type) == ("openai", "model_client")
    config = spec.config
    assert config["api_key"] == MASK
    assert "sk-secret" not in spec.model_dump_json()
    assert config["model"] == "llama3"
    assert (config["timeout"], config["max_retries"]) == (12.5, 4)
    assert config["model_info"] == LOCAL_INFO
    assert config["prices"] == {"llama3": {"input": 1.0, "output": 2.0, "cached_input": None}}
    assert (config["temperature"], config["extra_body"]) == (0.3, {"top_k": 5})
    assert client.dump_component(include_secrets=True).config["api_key"] == "sk-secret"


async def test_load_round_trip_through_the_registry(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    original = make_client("llama3", api_key="sk-secret", model_info=LOCAL_INFO, seed=3)
    spec = original.dump_component(include_secrets=True)

    loaded = ChatCompletionClient.load_component(spec.model_dump())
    assert isinstance(loaded, OpenAIChatCompletionClient)
    assert loaded.dump_component(include_secrets=True) == spec
    assert loaded.model_info == original.model_info

    server.enqueue(TextReply("loaded"))
    async with loaded:
        assert (await loaded.create([UserMessage(content="Hi")])).content == "loaded"
    request = server.requests[0]
    assert request.headers["authorization"] == "Bearer sk-secret"
    assert request.json["seed"] == 3


async def test_masked_key_falls_back_to_the_environment(
    server: ScriptedOpenAIServer, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = make_client(api_key="sk-secret").dump_component()

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ValueError, match="no API key for model 'gpt-4o'"):
        ChatCompletionClient.load_component(spec)

    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    server.enqueue(TextReply("ok"))
    async with ChatCompletionClient.load_component(spec) as loaded:
        await loaded.create([UserMessage(content="Hi")])
        assert loaded.dump_component().config["api_key"] is None  # the env key is not dumped
    assert server.requests[0].headers["authorization"] == "Bearer sk-env"


def test_invalid_config_is_refused_with_the_field() -> None:
    spec = {"provider": "openai", "config": {"model": "gpt-4o", "api_key": "k", "max_retries": -1}}
    with pytest.raises(ValueError, match="field 'max_retries'"):
        ChatCompletionClient.load_component(spec)
    unknown = {"provider": "openai", "config": {"model": "gpt-4o", "api_key": "k", "tempr": 1}}
    with pytest.raises(ValueError, match="'tempr' is not a chat completion parameter"):
        ChatCompletionClient.load_component(unknown)


def test_the_entry_point_registers_the_provider() -> None:
    assert plugins.get_provider("model_client", "openai") is OpenAIChatCompletionClient
    [info] = [info for info in plugins.plugins() if info.distribution == "agentplex-openai"]
    assert info.providers == {"model_client": ["openai"]}


def test_importing_the_plugin_does_not_import_the_sdk() -> None:
    code = (
        "import sys, agentplex_openai, agentplex_openai.plugin; "
        "print('openai' in sys.modules, 'bpe_openai' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["False", "False"]


def test_public_names_are_sorted_and_complete() -> None:
    names = agentplex_openai.__all__
    groups = (
        [name for name in names if name.isupper()],
        [name for name in names if name[0].isupper() and not name.isupper()],
        [name for name in names if name[0].islower()],
    )
    assert names == [name for group in groups for name in sorted(group)]
    for name in names:
        assert getattr(agentplex_openai, name) is not None
    typing_helpers = {"annotations", "Any", "TYPE_CHECKING", "lazy_exports"}
    public = {
        name
        for name in dir(agentplex_openai)
        if not name.startswith("_") and not isinstance(getattr(agentplex_openai, name), type(sys))
    }
    assert public - typing_helpers == set(names)


def test_default_model_is_offered_only_with_an_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from agentplex_openai import plugin

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert plugin.default_model_client() is None
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("AGENTPLEX_OPENAI_MODEL", "gpt-4.1-mini")
    offer = plugin.default_model_client()
    assert offer is not None
    assert offer.spec["config"] == {"model": "gpt-4.1-mini"}
    assert "OPENAI_API_KEY is set" in offer.reason
    client = OpenAIChatCompletionClient.load_component(offer.spec)
    assert client.model_info["family"] == "gpt-41"
