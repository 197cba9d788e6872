"""Dumping and loading components: providers, secrets, trust, versions, errors."""

from __future__ import annotations

import json
from typing import Any, ClassVar, Self

import pytest
from pydantic import BaseModel, SecretStr

from agentplex import ComponentError, ComponentVersionError, ProviderNotFoundError, hookimpl
from agentplex.components import (
    MASK,
    Component,
    ComponentModel,
    load_component,
    require_trusted,
    secret_value,
)
from agentplex.hookspecs import Register
from agentplex.testing import RegisterPlugin


class GreeterConfig(BaseModel):
    greeting: str
    times: int = 1
    api_key: SecretStr | None = None


class Greeter(Component[GreeterConfig]):
    component_type = "tool"
    component_provider = "greeter"
    component_config_schema = GreeterConfig
    component_version = 2

    def __init__(self, greeting: str, times: int = 1, api_key: str | None = None) -> None:
        self.greeting, self.times, self.api_key = greeting, times, api_key

    def _to_config(self) -> GreeterConfig:
        key = SecretStr(self.api_key) if self.api_key else None
        return GreeterConfig(greeting=self.greeting, times=self.times, api_key=key)

    @classmethod
    def _from_config(cls, config: GreeterConfig) -> Self:
        return cls(config.greeting, config.times, secret_value(config.api_key))

    @classmethod
    def _migrate_config(cls, config: dict[str, Any], from_version: int) -> dict[str, Any]:
        if from_version == 1:  # version 1 called the field "text"
            config["greeting"] = config.pop("text")
            return config
        return super()._migrate_config(config, from_version)


class PairConfig(BaseModel):
    first: ComponentModel
    second: ComponentModel


class Pair(Component[PairConfig]):
    component_type = "tool"
    component_provider = "pair"
    component_config_schema = PairConfig

    def __init__(self, first: Greeter, second: Greeter) -> None:
        self.first, self.second = first, second

    def _to_config(self) -> PairConfig:
        return PairConfig(first=self.first.dump_component(), second=self.second.dump_component())

    @classmethod
    def _from_config(cls, config: PairConfig) -> Self:
        return cls(Greeter.load_component(config.first), Greeter.load_component(config.second))


class ScriptConfig(BaseModel):
    source: str


class Script(Component[ScriptConfig]):
    """A component whose config carries code, like FunctionTool."""

    component_type = "tool"
    component_provider = "script"
    component_config_schema = ScriptConfig
    ran: ClassVar[list[str]] = []

    def __init__(self, source: str) -> None:
        self.source = source

    def _to_config(self) -> ScriptConfig:
        return ScriptConfig(source=self.source)

    @classmethod
    def _from_config(cls, config: ScriptConfig) -> Self:
        require_trusted("Script")
        cls.ran.append(config.source)
        return cls(config.source)


class Unregistered(Greeter):
    """A subclass without its own provider name dumps as a dotted path."""


class Plugin:
    @hookimpl
    def register_tools(self, register: Register) -> None:
        register("greeter", Greeter)
        register("pair", Pair)
        register("script", Script)


@pytest.fixture(autouse=True)
def _plugin(register_plugin: RegisterPlugin) -> None:
    register_plugin(Plugin(), name="test-components")


def test_round_trip_through_json() -> None:
    spec = Greeter("hello", 3).dump_component()
    assert spec.provider == "greeter"
    assert spec.component_type == "tool"
    assert spec.component_version == 2
    loaded = Greeter.load_component(spec.model_dump_json())
    assert (loaded.greeting, loaded.times) == ("hello", 3)
    assert isinstance(load_component(json.loads(spec.model_dump_json())), Greeter)


def test_nested_components_round_trip() -> None:
    spec = Pair(Greeter("a"), Greeter("b", 2)).dump_component()
    loaded = Pair.load_component(spec.model_dump())
    assert (loaded.first.greeting, loaded.second.times) == ("a", 2)


def test_secrets_are_masked_unless_asked() -> None:
    greeter = Greeter("hi", api_key="sk-secret")
    masked = greeter.dump_component()
    assert masked.config["api_key"] == MASK
    assert "sk-secret" not in masked.model_dump_json()
    assert Greeter.load_component(masked).api_key is None
    revealed = greeter.dump_component(include_secrets=True)
    assert revealed.config["api_key"] == "sk-secret"
    assert Greeter.load_component(revealed).api_key == "sk-secret"


def test_secrets_in_nested_components_follow_the_outer_flag() -> None:
    pair = Pair(Greeter("a", api_key="k1"), Greeter("b", api_key="k2"))
    assert pair.dump_component().config["first"]["config"]["api_key"] == MASK
    revealed = pair.dump_component(include_secrets=True)
    assert revealed.config["second"]["config"]["api_key"] == "k2"


def test_dotted_provider_needs_allow_imports() -> None:
    spec = Unregistered("x").dump_component()
    assert spec.provider == f"{__name__}.Unregistered"
    with pytest.raises(ComponentError, match="allow_imports=True"):
        Greeter.load_component(spec)
    assert isinstance(Greeter.load_component(spec, allow_imports=True), Unregistered)


def test_dotted_provider_that_cannot_be_imported() -> None:
    spec = {"provider": "no_such_module.Thing", "component_type": "tool", "config": {}}
    with pytest.raises(ComponentError, match=r"cannot import provider 'no_such_module\.Thing'"):
        load_component(spec, allow_imports=True)


def test_code_in_config_needs_trusted() -> None:
    spec = Script("print('hi')").dump_component()
    Script.ran.clear()
    with pytest.raises(ComponentError, match="trusted=True"):
        Script.load_component(spec)
    assert Script.ran == []
    Script.load_component(spec, trusted=True)
    assert Script.ran == ["print('hi')"]


def test_older_config_is_migrated() -> None:
    spec = {
        "provider": "greeter",
        "component_type": "tool",
        "component_version": 1,
        "config": {"text": "old"},
    }
    assert Greeter.load_component(spec).greeting == "old"


def test_unmigratable_and_newer_versions_are_refused() -> None:
    base = {"provider": "greeter", "component_type": "tool", "config": {"greeting": "x"}}
    with pytest.raises(ComponentVersionError, match="version 0 cannot be migrated to version 2"):
        Greeter.load_component({**base, "component_version": 0})
    with pytest.raises(ComponentVersionError, match="newer than the installed version 2"):
        Greeter.load_component({**base, "component_version": 7})
    with pytest.raises(ComponentVersionError, match="layout version 9"):
        Greeter.load_component({**base, "version": 9})


def test_invalid_config_names_component_field_and_problem() -> None:
    spec = {"provider": "greeter", "component_type": "tool", "config": {"times": "many"}}
    with pytest.raises(ComponentError) as info:
        Greeter.load_component(spec)
    message = str(info.value)
    assert "tool 'greeter' (Greeter)" in message
    assert "field 'greeting': Field required" in message
    assert "field 'times': Input should be a valid integer" in message


def test_nested_invalid_config_is_reported() -> None:
    spec = Pair(Greeter("a"), Greeter("b")).dump_component().model_dump()
    spec["config"]["second"]["config"]["times"] = []
    with pytest.raises(ComponentError, match="field 'times'"):
        Pair.load_component(spec)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a mapping"),
        ({"config": {}}, "field 'provider': Field required"),
        ({"provider": "greeter", "colour": "red"}, "field 'colour': Extra inputs"),
    ],
)
def test_malformed_specs(spec: Any, message: str) -> None:
    with pytest.raises(ComponentError, match=message):
        load_component(spec)


def test_unknown_provider_lists_known_ones() -> None:
    with pytest.raises(ProviderNotFoundError, match=r"no plugin provides tool 'nope'.*greeter"):
        load_component({"provider": "nope", "component_type": "tool"})


def test_kind_mismatch_is_refused() -> None:
    spec = Greeter("x").dump_component().model_dump()
    spec["component_type"] = "agent"
    with pytest.raises(ComponentError, match="is of kind 'agent', but kind 'tool' was expected"):
        Greeter.load_component(spec)


def test_provider_of_the_wrong_class_is_refused() -> None:
    spec = Greeter("x").dump_component()
    with pytest.raises(ComponentError, match="gives Greeter, which is not a Pair"):
        Pair.load_component(spec)
