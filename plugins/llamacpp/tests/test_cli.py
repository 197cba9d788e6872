"""``agentplex run`` with no API key runs the README's example team on the local model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
AGENTPLEX = Path(sys.executable).with_name("agentplex")


def test_agentplex_run_uses_the_local_model_without_an_api_key() -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "OPENAI_API_KEY" and not key.startswith("AGENTPLEX_")
    }
    done = subprocess.run(
        [
            str(AGENTPLEX),
            "run",
            "examples/writer_critic.yaml",
            "--task",
            "Write a slogan for a bakery.",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "model: local SmolLM2-135M-Instruct via llama.cpp (no OPENAI_API_KEY set)" in done.stderr
    assert "Write a slogan for a bakery." in done.stdout
    assert "---------- writer" in done.stdout
    assert "Stop reason:" in done.stdout
    assert "llama.cpp: " not in done.stderr  # no progress line when stderr is not a terminal
