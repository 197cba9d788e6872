"""Plugins from contrib/, installed by pip like any third-party plugin, found and used.

``agentplex-echo`` and ``agentplex-calculator`` are pip-installed into a target
directory that subprocesses put first on their path; ``agentplex plugins``
must list them, and ``agentplex run`` must run a team spec that names their
providers (an echo model that calls the calculator workbench).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO, PipInstall, RunPython

pytestmark = pytest.mark.slow

TEAM: dict[str, Any] = {
    "provider": "round_robin",
    "component_type": "team",
    "config": {
        "participants": [
            {
                "provider": "assistant",
                "component_type": "agent",
                "config": {
                    "name": "maths",
                    "description": "Does sums.",
                    "system_message": None,
                    "model_client": {
                        "provider": "echo",
                        "component_type": "model_client",
                        "config": {
                            "rules": [
                                {
                                    "pattern": r"what is (.+)\?",
                                    "call": "calculator",
                                    "arguments": {"expression": r"\1"},
                                }
                            ]
                        },
                    },
                    "workbench": [
                        {
                            "provider": "calculator",
                            "component_type": "workbench",
                            "config": {"tools": ["calculator"]},
                        }
                    ],
                },
            }
        ],
        "termination_condition": {
            "provider": "max_message",
            "component_type": "termination_condition",
            "config": {"max_messages": 2},
        },
    },
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, pip_install: PipInstall) -> Path:
    target = tmp_path_factory.mktemp("contrib") / "site"
    return pip_install(target, REPO / "contrib" / "echo", REPO / "contrib" / "calculator")


def test_installed_plugins_are_listed(site: Path, run_python: RunPython) -> None:
    done = run_python("-m", "agentplex", "plugins", "--json", path=site)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    by_name = {plugin["name"]: plugin for plugin in data["plugins"]}
    assert by_name["echo"]["distribution"] == "agentplex-echo"
    assert by_name["echo"]["providers"] == {"model_client": ["echo"]}
    assert by_name["calculator"]["distribution"] == "agentplex-calculator"
    calculator = {"tool": ["calculator"], "workbench": ["calculator"]}
    assert by_name["calculator"]["providers"] == calculator
    assert by_name["echo"]["errors"] == by_name["calculator"]["errors"] == []
    assert data["conflicts"] == []


def test_the_installed_copies_are_the_ones_loaded(site: Path, run_python: RunPython) -> None:
    code = (
        "from agentplex.plugins import providers\n"
        "import inspect\n"
        "print(inspect.getfile(providers('model_client')['echo']))\n"
        "print(inspect.getfile(providers('workbench')['calculator']))"
    )
    done = run_python("-c", code, path=site)
    assert done.returncode == 0, done.stderr
    for line in done.stdout.splitlines():
        assert Path(line).is_relative_to(site), line


def test_agentplex_run_uses_their_providers(
    site: Path, run_python: RunPython, tmp_path: Path
) -> None:
    spec = tmp_path / "team.json"
    spec.write_text(json.dumps(TEAM), encoding="utf-8")
    task = "what is 6 * (3 + 4)?"
    done = run_python("-m", "agentplex", "run", str(spec), "--task", task, "--plain", path=site)
    assert done.returncode == 0, done.stderr
    assert 'call calculator({"expression": "6 * (3 + 4)"})' in done.stdout
    assert "ToolCallSummaryMessage (maths) ----------\n42\n" in done.stdout
