"""``agentplex run`` on the example specs, and its errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo_replay.yaml"


def agentplex(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentplex", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_version() -> None:
    result = agentplex("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("agentplex, version ")


def test_run_demo_spec() -> None:
    result = agentplex("run", str(DEMO), "--task", "Write a haiku about plugins.")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "---------- TextMessage (user) ----------\nWrite a haiku about plugins." in out
    assert "the small core listens" in out
    assert "Stop reason: Text 'APPROVE' mentioned by critic" in out


def test_state_file_saves_and_resumes(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    first = agentplex("run", str(DEMO), "--task", "Write a haiku.", "--state", str(state))
    assert first.returncode == 0, first.stderr
    saved = json.loads(state.read_text())
    assert saved["type"] == "RoundRobinGroupChatState"
    assert len(saved["thread"]) == 5
    second = agentplex("run", str(DEMO), "--task", "Another one.", "--state", str(state))
    assert second.returncode == 0, second.stderr
    resumed = json.loads(state.read_text())
    assert [m["content"] for m in resumed["thread"]][:6] == [
        m["content"] for m in saved["thread"]
    ] + ["Another one."]


def test_missing_task_without_state() -> None:
    result = agentplex("run", str(DEMO))
    assert result.returncode == 2
    assert "give --task" in result.stderr


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ("{not json", ".json", "is not valid JSON"),
        ("a: [b", ".yaml", "is not valid YAML"),
        (
            json.dumps({"provider": "round_robin", "component_type": "team", "config": {}}),
            ".json",
            "invalid config for team 'round_robin' (RoundRobinGroupChat): "
            "field 'participants': Field required",
        ),
        (
            json.dumps({"provider": "in_memory", "component_type": "cache_store"}),
            ".json",
            "not a team or agent",
        ),
    ],
)
def test_bad_specs_say_what_is_wrong(
    tmp_path: Path, content: str, suffix: str, message: str
) -> None:
    spec = tmp_path / f"spec{suffix}"
    spec.write_text(content)
    result = agentplex("run", str(spec), "--task", "x")
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_default_model_without_any_offer() -> None:
    spec = ROOT / "examples" / "writer_critic.yaml"
    result = agentplex("run", str(spec), "--task", "x", env={"AGENTPLEX_PLUGINS": ""})
    assert result.returncode == 1
    assert "no installed plugin offers a default model" in result.stderr
    assert "agentplex-llamacpp" in result.stderr
