"""Installing distributions of this repository the way a user does, for subprocess tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PipInstall = Callable[..., Path]
RunPython = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def pip_install() -> PipInstall:
    """``pip_install(target, *projects) -> target``: a real install, without dependencies,
    into ``target`` (a directory to put on PYTHONPATH). Uses uv where it is installed."""

    def install(target: Path, *projects: Path) -> Path:
        uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
        args = ["--no-deps", "--target", str(target), *map(str, projects)]
        if uv:
            command = [uv, "pip", "install", "--quiet", "--python", sys.executable, *args]
        else:
            command = [sys.executable, "-m", "pip", "install", "--quiet", *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stderr}"
        return target

    return install


@pytest.fixture(scope="session")
def run_python() -> RunPython:
    """``run_python(*args, path=..., cwd=None)``: this interpreter in a subprocess with
    ``path`` first on PYTHONPATH and no AGENTPLEX_* settings inherited."""

    def run(*args: str, path: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AGENTPLEX_")}
        env["PYTHONPATH"] = str(path)
        return subprocess.run(
            [sys.executable, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            timeout=300,
        )

    return run
