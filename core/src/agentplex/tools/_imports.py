"""Imports a dumped function needs when its source is executed again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ._errors import ToolDefinitionError


@dataclass(frozen=True)
class Alias:
    """``import name as alias`` (or, inside :class:`ImportFromModule`, ``name as alias``)."""

    name: str
    alias: str


@dataclass(frozen=True)
class ImportFromModule:
    """``from module import a, b as c``."""

    module: str
    imports: tuple[str | Alias, ...]


Import = str | ImportFromModule | Alias
"""A module name (``"math"``), an :class:`ImportFromModule` or an :class:`Alias`."""


def import_statement(spec: Import) -> str:
    """The Python statement for ``spec``; a malformed name is a :class:`ToolDefinitionError`."""
    if isinstance(spec, str):
        return f"import {_dotted(spec)}"
    if isinstance(spec, Alias):
        return f"import {_dotted(spec.name)} as {_plain(spec.alias)}"
    if not spec.imports:
        raise ToolDefinitionError(f"import from '{spec.module}' names nothing to import")
    names = ", ".join(
        f"{_plain(item.name)} as {_plain(item.alias)}" if isinstance(item, Alias) else _plain(item)
        for item in spec.imports
    )
    return f"from {_dotted(spec.module)} import {names}"


def import_statements(specs: Sequence[Import]) -> list[str]:
    return [import_statement(spec) for spec in specs]


def _dotted(name: str) -> str:
    if not name or not all(part.isidentifier() for part in name.split(".")):
        raise ToolDefinitionError(f"{name!r} is not a module name")
    return name


def _plain(name: str) -> str:
    if not name.isidentifier():
        raise ToolDefinitionError(f"{name!r} is not a Python name")
    return name
