"""The registry with plugins registered in-process."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from agentplex import PluginConflictError, PluginError, ProviderNotFoundError, hookimpl, plugins
from agentplex.hookspecs import Register
from agentplex.plugins import Registry
from agentplex.testing import RegisterPlugin


class Thing:
    pass


class Other:
    pass


class ToolsPlugin:
    def __init__(self, **names: type[Any] | str) -> None:
        self.names = names

    @hookimpl
    def register_tools(self, register: Register) -> None:
        for name, cls in self.names.items():
            register(name, cls)


class BrokenPlugin:
    @hookimpl
    def register_tools(self, register: Register) -> None:
        register("half_done", Thing)
        raise RuntimeError("database unreachable")


def test_registered_plugin_provides_and_is_removed_after(register_plugin: RegisterPlugin) -> None:
    name = register_plugin(ToolsPlugin(thing=Thing), name="things")
    assert name == "things"
    assert plugins.providers("tool")["thing"] is Thing
    assert plugins.providers("tool").owner("thing").name == "things"
    plugins.unregister("things")
    assert "thing" not in plugins.providers("tool")
    plugins.register(ToolsPlugin(thing=Thing), name="things")  # the fixture removes it


def test_builtin_plugin_is_registered_through_the_hooks() -> None:
    builtin = next(info for info in plugins.plugins() if info.name == "agentplex")
    assert builtin.distribution == "agentplex"
    assert "register_tools" in builtin.hooks
    assert "function" in builtin.providers["tool"]


def test_collision_names_both_plugins(register_plugin: RegisterPlugin) -> None:
    register_plugin(ToolsPlugin(dup=Thing), name="first-plugin")
    register_plugin(ToolsPlugin(dup=Other), name="second-plugin")
    with pytest.raises(PluginConflictError) as info:
        plugins.get_provider("tool", "dup")
    assert "'first-plugin'" in str(info.value)
    assert "'second-plugin'" in str(info.value)
    assert [c.name for c in plugins.conflicts()] == ["dup"]


def test_broken_hook_does_not_break_others(register_plugin: RegisterPlugin) -> None:
    register_plugin(BrokenPlugin(), name="broken")
    register_plugin(ToolsPlugin(fine=Thing), name="fine")
    assert plugins.get_provider("tool", "fine") is Thing
    broken = next(info for info in plugins.plugins() if info.name == "broken")
    assert "RuntimeError: database unreachable" in broken.errors[0]
    with pytest.raises(ProviderNotFoundError, match="plugin 'broken' failed") as info:
        plugins.get_provider("tool", "missing")
    assert isinstance(info.value.__cause__, RuntimeError)


def test_lazy_target_is_imported_on_first_use(register_plugin: RegisterPlugin) -> None:
    register_plugin(ToolsPlugin(lazy="json:JSONDecoder", bad="no_such_mod:Cls"), name="lazy")
    table = plugins.providers("tool")
    import json

    assert table["lazy"] is json.JSONDecoder
    with pytest.raises(PluginError, match="'no_such_mod:Cls', which cannot be imported") as info:
        table["bad"]
    assert isinstance(info.value.__cause__, ModuleNotFoundError)


def test_unknown_kind_and_double_registration(register_plugin: RegisterPlugin) -> None:
    with pytest.raises(PluginError, match="unknown component kind 'gizmo'"):
        plugins.providers("gizmo")
    register_plugin(ToolsPlugin(), name="once")
    with pytest.raises(PluginError, match="already registered"):
        plugins.register(ToolsPlugin(), name="once")
    with pytest.raises(PluginError, match="no plugin named 'never'"):
        plugins.unregister("never")


def test_trace_logs_every_hook_call(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AGENTPLEX_TRACE_PLUGINS", "1")
    registry = Registry()
    registry.register(ToolsPlugin(x=Thing), name="traced")
    assert "x" in registry.providers("tool")
    err = capsys.readouterr().err
    assert "calling register_tools of plugin 'traced'" in err
    assert "calling register_model_clients of plugin 'agentplex'" in err


def test_allowlist_empty_loads_builtins_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENTPLEX_PLUGINS", "")
    registry = Registry()
    assert [info.name for info in registry.plugins()] == ["agentplex"]
    assert "replay" in registry.providers("model_client")


def test_import_is_light_and_lazy() -> None:
    code = (
        "import sys, agentplex, agentplex.plugins, agentplex.components\n"
        "heavy = [m for m in ('openai', 'httpx', 'agentplex._builtins', 'agentplex.models') "
        "if m in sys.modules]\n"
        "print(heavy, agentplex.plugins.registry._pm is None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] True"
