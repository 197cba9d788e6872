"""Conventions the docs and the public faces of every package keep.

Every hook spec is documented in CONTRIBUTING.md with its arguments, and every
package's ``__all__`` (agentplex, its subpackages, and every installed plugin's
packages) is sorted the way ruff's RUF022 sorts it and lists exactly the public
names its ``__init__`` defines or imports from its own package.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

import pytest

import agentplex
from agentplex import hookspecs

CONTRIBUTING = Path(__file__).resolve().parents[1] / "CONTRIBUTING.md"
HOOK_HEADING = re.compile(r"^#{2,4} `(\w+)\(([^)]*)\)`", re.MULTILINE)


def hook_specs() -> dict[str, list[str]]:
    """``name -> argument names`` of every hook spec."""
    return {
        name: list(inspect.signature(function).parameters)
        for name, function in vars(hookspecs).items()
        if callable(function) and hasattr(function, "agentplex_spec")
    }


def documented_hooks() -> dict[str, list[str]]:
    """``name -> argument names`` of each ``### `hook(arg, ...)` `` heading."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    return {
        name: [arg.strip() for arg in args.split(",") if arg.strip()]
        for name, args in HOOK_HEADING.findall(text)
    }


def test_every_hook_spec_is_documented_with_its_arguments() -> None:
    specs = hook_specs()
    assert "register_model_clients" in specs
    assert documented_hooks() == specs


def ruff_order(name: str) -> tuple[int, tuple[str | int, ...]]:
    """RUF022's key: SCREAMING_CASE, then CamelCase, then the rest; natural order in each."""
    trimmed = name.lstrip("_")
    if len(trimmed) > 1 and trimmed.isupper():
        group = 0
    elif trimmed[:1].isupper():
        group = 1
    else:
        group = 2
    chunks = re.split(r"(\d+)", name)
    return group, tuple(int(chunk) if chunk.isdigit() else chunk for chunk in chunks)


def test_ruff_order_matches_what_ruff_writes() -> None:
    as_ruff_sorts_it = ["A1", "A2", "A10", "ABC", "A_1", "_CONST", "A", "AB_c", "Ab_C", "Http2"]
    as_ruff_sorts_it += ["Http10", "X", "_Private", "__all_", "__version__", "_a", "a2", "a10"]
    as_ruff_sorts_it += ["aB", "a_b", "ab", "x"]
    assert sorted(reversed(as_ruff_sorts_it), key=ruff_order) == as_ruff_sorts_it


def packages() -> Iterator[str]:
    """agentplex, every installed plugin's top-level package, and all their subpackages."""
    roots = {"agentplex"}
    roots |= {ep.value.split(":")[0].split(".")[0] for ep in entry_points(group="agentplex")}
    for root in sorted(roots):
        yield root
        module = importlib.import_module(root)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{root}."):
            if info.ispkg:
                yield info.name


def own_public_names(module: ModuleType) -> set[str]:
    """Public names the package's ``__init__`` defines, or imports from the package itself."""
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    root = module.__name__.split(".")[0]
    names: set[str] = set()
    for node in _top_level(tree.body):
        if isinstance(node, ast.ImportFrom):
            if node.level > 0 or (node.module or "").split(".")[0] == root:
                names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    if module.__name__ != "agentplex":
        names.discard("lazy_exports")  # the helper behind lazy names, exported by agentplex
    return {name for name in names if not name.startswith("_")}


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements at module level, including those under ``if`` and ``try``."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            yield from _top_level(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            yield from _top_level(node.body + node.orelse + node.finalbody)


ALL_PACKAGES = sorted(packages())


def test_the_packages_checked_include_the_core_and_plugins() -> None:
    assert {"agentplex", "agentplex.models", "agentplex.plugins"} <= set(ALL_PACKAGES)
    assert any(not name.startswith("agentplex.") for name in ALL_PACKAGES if name != "agentplex")


@pytest.mark.parametrize("name", ALL_PACKAGES)
def test_all_is_sorted_and_complete(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list), f"{name} has no __all__ list"
    assert exported == sorted(exported, key=ruff_order), f"{name}.__all__ is not sorted"
    assert len(set(exported)) == len(exported), f"{name}.__all__ has duplicates"
    missing = own_public_names(module) - set(exported)
    assert not missing, f"{name} defines or imports {sorted(missing)} but leaves it out of __all__"
    unresolved = [item for item in exported if not hasattr(module, item)]
    assert not unresolved, f"{name}.__all__ lists {unresolved}, which it does not have"


def test_agentplex_all_includes_lazy_names() -> None:
    assert {"CancellationToken", "FunctionCall", "Image"} <= set(agentplex.__all__)
