"""The plugin template: copied and renamed, it is a plugin whose own tests pass once installed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import REPO, PipInstall, RunPython

pytestmark = pytest.mark.slow

RENAME = str(REPO / "contrib" / "template" / "rename.py")


def test_renamed_template_installs_and_passes_its_tests(
    tmp_path: Path, pip_install: PipInstall, run_python: RunPython
) -> None:
    project = tmp_path / "agentplex-web-search"
    made = run_python(RENAME, "web_search", str(project), path=tmp_path)
    assert made.returncode == 0, made.stderr
    assert not list(project.rglob("*example*"))
    assert "example" not in (project / "pyproject.toml").read_text(encoding="utf-8").lower()
    site = pip_install(tmp_path / "site", project)

    listed = run_python("-m", "agentplex", "plugins", "--json", path=site)
    assert listed.returncode == 0, listed.stderr
    by_name = {plugin["name"]: plugin for plugin in json.loads(listed.stdout)["plugins"]}
    assert by_name["web_search"]["distribution"] == "agentplex-web-search"
    assert by_name["web_search"]["providers"] == {"tool": ["web_search"]}

    tested = run_python("-m", "pytest", "-q", "-p", "no:cacheprovider", path=site, cwd=project)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert " passed" in tested.stdout


def test_rename_refuses_bad_names_and_existing_folders(
    tmp_path: Path, run_python: RunPython
) -> None:
    bad = run_python(RENAME, "Web-Search", str(tmp_path / "x"), path=tmp_path)
    assert bad.returncode == 2
    assert "'Web-Search' is not a lowercase identifier" in bad.stderr
    taken = run_python(RENAME, "weather", str(tmp_path), path=tmp_path)
    assert taken.returncode == 2
    assert "already exists" in taken.stderr
