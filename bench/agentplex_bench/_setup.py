"""What the suite installs before measuring: AutoGen's venv and the dummy plugins."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ._workload import Side

AUTOGEN_REQUIREMENTS = ("autogen-agentchat==0.7.5", "autogen-ext[openai,diskcache]==0.7.5")
"""What the AutoGen venv holds; changing it reinstalls the venv's packages."""

_PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "bench-dummy-{index:02d}"
version = "1.0"
{entry_points}
[tool.hatch.build.targets.wheel]
packages = ["bench_dummy_{index:02d}"]
"""
_ENTRY_POINTS = """\
[project.entry-points.agentplex]
bench_dummy_{index:02d} = "bench_dummy_{index:02d}.plugin"
"""
_PLUGIN = """\
from agentplex import hookimpl


@hookimpl
def register_cache_stores(register):
    register("bench_dummy_{index:02d}", "bench_dummy_{index:02d}.store:DummyStore")
"""
_STORES: dict[Side, str] = {
    "agentplex": """\
from pydantic import BaseModel

from agentplex.cache import CacheStore
from agentplex.components import Component


class DummyStoreConfig(BaseModel):
    pass


class DummyStore(CacheStore, Component[DummyStoreConfig]):
    component_provider = "bench_dummy_{index:02d}"
    component_config_schema = DummyStoreConfig

    async def get(self, key, default=None):
        return default

    async def set(self, key, value):
        pass

    def _to_config(self):
        return DummyStoreConfig()

    @classmethod
    def _from_config(cls, config):
        return cls()
""",
    "autogen": """\
from pydantic import BaseModel

from autogen_core import CacheStore, Component


class DummyStoreConfig(BaseModel):
    pass


class DummyStore(CacheStore, Component[DummyStoreConfig]):
    component_provider_override = "bench_dummy_{index:02d}.store.DummyStore"
    component_config_schema = DummyStoreConfig

    def get(self, key, default=None):
        return default

    def set(self, key, value):
        pass

    def _to_config(self):
        return DummyStoreConfig()

    @classmethod
    def _from_config(cls, config):
        return cls()
""",
}


def uv() -> Path:
    """The ``uv`` of the project's venv, else the one on ``PATH``."""
    beside = Path(sys.executable).parent / "uv"
    found = beside if beside.exists() else shutil.which("uv")
    if found is None:
        raise RuntimeError("the benchmarks need uv: run `make bootstrap`, or pip install uv")
    return Path(found)


def _run(args: list[str | Path], what: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def autogen_python(bench_dir: Path) -> Path:
    """Create (once) ``bench_dir/autogen-venv`` with AutoGen 0.7.5; its python."""
    venv = bench_dir / "autogen-venv"
    python = venv / "bin" / "python"
    stamp = venv / ".requirements"
    wanted = "\n".join(AUTOGEN_REQUIREMENTS)
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    print(f"installing {', '.join(AUTOGEN_REQUIREMENTS)} into {venv}", file=sys.stderr)
    if not python.exists():
        _run([uv(), "venv", "--python", sys.executable, venv], f"creating {venv}")
    _run(
        [uv(), "pip", "install", "--python", python, *AUTOGEN_REQUIREMENTS],
        f"installing AutoGen into {venv}",
    )
    stamp.write_text(wanted)
    return python


def dummy_plugins(side: Side, python: Path, target: Path, count: int) -> Path:
    """Build ``count`` tiny distributions for ``side`` and install them into ``target``."""
    with tempfile.TemporaryDirectory(prefix=f"bench-dummies-{side}-") as tmp:
        sources = []
        for index in range(count):
            root = Path(tmp) / f"bench-dummy-{index:02d}"
            package = root / f"bench_dummy_{index:02d}"
            package.mkdir(parents=True)
            entry_points = _ENTRY_POINTS if side == "agentplex" else ""
            (root / "pyproject.toml").write_text(
                _PYPROJECT.format(index=index, entry_points=entry_points.format(index=index))
            )
            (package / "__init__.py").write_text("")
            (package / "store.py").write_text(_STORES[side].format(index=index))
            if side == "agentplex":
                (package / "plugin.py").write_text(_PLUGIN.format(index=index))
            sources.append(root)
        if target.exists():
            shutil.rmtree(target)
        _run(
            [uv(), "pip", "install", "--python", python, "--no-deps", "--target", target, *sources],
            f"installing {count} dummy plugins for {side}",
        )
    return target
