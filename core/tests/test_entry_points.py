"""Plugins installed as real distributions and found through the entry-point group.

Three tiny distributions are built and pip-installed into a target directory
that subprocesses put on their path: a working plugin (with a CLI command), one
that fails to import, and one that claims a provider name the first also claims.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "{dist}"
version = "{version}"
dependencies = ["agentplex"]

[project.entry-points.agentplex]
{entry} = "{package}.plugin"

[tool.hatch.build.targets.wheel]
packages = ["{package}"]
"""

SAMPLE = """\
import click
from pydantic import BaseModel
from agentplex import hookimpl
from agentplex.components import Component


class EchoConfig(BaseModel):
    prefix: str


class Echo(Component[EchoConfig]):
    component_type = "tool"
    component_provider = "sample_echo"
    component_config_schema = EchoConfig

    def __init__(self, prefix):
        self.prefix = prefix

    def _to_config(self):
        return EchoConfig(prefix=self.prefix)

    @classmethod
    def _from_config(cls, config):
        return cls(config.prefix)


@hookimpl
def register_tools(register):
    register("sample_echo", Echo)


@hookimpl
def register_commands(cli):
    @cli.command("sample-hello")
    def hello():
        click.echo("hello from the sample plugin")
"""

BROKEN = 'raise ImportError("missing dependency frobnicate")\n'

CLASH = """\
from agentplex import hookimpl


@hookimpl
def register_tools(register):
    register("sample_echo", "json:JSONDecoder")
"""


def _build(root: Path, dist: str, entry: str, source: str) -> Path:
    package = dist.replace("-", "_")
    project = root / dist
    (project / package).mkdir(parents=True)
    (project / package / "__init__.py").write_text("")
    (project / package / "plugin.py").write_text(source)
    (project / "pyproject.toml").write_text(
        PYPROJECT.format(dist=dist, version="1.2.3", entry=entry, package=package)
    )
    return project


def _pip_install(target: Path, projects: list[Path]) -> None:
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    args = ["--no-deps", "--target", str(target), *map(str, projects)]
    if uv:
        cmd = [uv, "pip", "install", "--python", sys.executable, *args]
    else:
        cmd = [sys.executable, "-m", "pip", "install", "--quiet", *args]
    subprocess.run(cmd, check=True, capture_output=True)


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dists")
    projects = [
        _build(root, "agentplex-sample", "sample", SAMPLE),
        _build(root, "agentplex-broken", "broken", BROKEN),
        _build(root, "agentplex-clash", "clash", CLASH),
    ]
    target = root / "site"
    _pip_install(target, projects)
    return target


@pytest.fixture
def run(installed: Path) -> Run:
    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("AGENTPLEX_")}
        full_env = {**inherited, "PYTHONPATH": str(installed), **(env or {})}
        return subprocess.run(
            [sys.executable, *args], capture_output=True, text=True, env=full_env, timeout=60
        )

    return run


def _plugins_json(run: Run, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = run("-m", "agentplex", "plugins", "--json", env=env)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_installed_plugin_is_discovered_and_listed(run: Run) -> None:
    data = _plugins_json(run)
    by_name = {p["name"]: p for p in data["plugins"]}
    sample = by_name["sample"]
    assert sample["distribution"] == "agentplex-sample"
    assert sample["version"] == "1.2.3"
    assert sample["providers"] == {"tool": ["sample_echo"]}
    assert sample["hooks"] == ["register_tools"]
    assert sample["errors"] == []


def test_broken_plugin_is_reported_and_others_still_load(run: Run) -> None:
    data = _plugins_json(run)
    by_name = {p["name"]: p for p in data["plugins"]}
    assert "ImportError: missing dependency frobnicate" in by_name["broken"]["errors"][0]
    assert by_name["sample"]["errors"] == []
    text = run("-m", "agentplex", "plugins").stdout
    assert "error: ImportError: missing dependency frobnicate" in text


def test_collision_names_both_distributions(run: Run) -> None:
    data = _plugins_json(run)
    (message,) = data["conflicts"]
    assert "agentplex-sample" in message
    assert "agentplex-clash" in message
    code = (
        "from agentplex.components import load_component\n"
        "load_component({'provider': 'sample_echo', 'component_type': 'tool', "
        "'config': {'prefix': '>'}})"
    )
    result = run("-c", code)
    assert result.returncode != 0
    assert "PluginConflictError" in result.stderr
    assert "agentplex-clash" in result.stderr


def test_allowlist_limits_loading(run: Run) -> None:
    only_sample = _plugins_json(run, env={"AGENTPLEX_PLUGINS": "agentplex-sample"})
    assert [p["name"] for p in only_sample["plugins"]] == ["agentplex", "sample"]
    assert only_sample["conflicts"] == []
    by_entry_name = _plugins_json(run, env={"AGENTPLEX_PLUGINS": "clash, broken"})
    assert sorted(p["name"] for p in by_entry_name["plugins"]) == ["agentplex", "broken", "clash"]
    none = _plugins_json(run, env={"AGENTPLEX_PLUGINS": ""})
    assert [p["name"] for p in none["plugins"]] == ["agentplex"]


def test_spec_loads_by_provider_name(run: Run) -> None:
    code = (
        "from agentplex.components import load_component\n"
        "echo = load_component({'provider': 'sample_echo', 'component_type': 'tool', "
        "'config': {'prefix': '>>'}})\n"
        "print(type(echo).__module__, echo.prefix)"
    )
    result = run("-c", code, env={"AGENTPLEX_PLUGINS": "agentplex-sample"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["agentplex_sample.plugin", ">>"]


def test_using_a_provider_of_a_broken_plugin_carries_the_original_error(run: Run) -> None:
    code = (
        "from agentplex.components import load_component\n"
        "try:\n"
        "    load_component({'provider': 'broken_tool', 'component_type': 'tool'})\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, '|', exc, '|', repr(exc.__cause__))"
    )
    result = run("-c", code, env={"AGENTPLEX_PLUGINS": "broken"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ProviderNotFoundError | no plugin provides tool 'broken_tool'")
    assert "plugin 'broken' failed: ImportError: missing dependency frobnicate" in result.stdout
    assert "ImportError('missing dependency frobnicate')" in result.stdout


def test_plugin_adds_a_cli_command(run: Run) -> None:
    result = run("-m", "agentplex", "sample-hello", env={"AGENTPLEX_PLUGINS": "sample"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "hello from the sample plugin"


def test_trace_env_logs_hook_calls(run: Run) -> None:
    env = {"AGENTPLEX_PLUGINS": "sample", "AGENTPLEX_TRACE_PLUGINS": "1"}
    result = run("-m", "agentplex", "plugins", env=env)
    assert "calling register_tools of plugin 'sample'" in result.stderr
