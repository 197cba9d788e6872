"""A read-only mapping of provider names that imports each class on first access."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any

from .._errors import PluginConflictError, PluginError
from ._info import Conflict, PluginInfo


class ProviderMap(Mapping[str, type[Any]]):
    """``name -> class`` for one kind; ``"module:attr"`` targets resolve lazily."""

    def __init__(
        self,
        entries: dict[str, tuple[PluginInfo, type[Any] | str]],
        conflicts: dict[str, Conflict],
    ) -> None:
        self._entries = entries
        self._conflicts = conflicts

    def __getitem__(self, name: str) -> type[Any]:
        if name in self._conflicts:
            raise PluginConflictError(self._conflicts[name].message())
        owner, target = self._entries[name]
        if isinstance(target, str):
            target = _import_target(target, owner)
            self._entries[name] = (owner, target)
        return target

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def owner(self, name: str) -> PluginInfo:
        """The plugin that registered ``name``."""
        return self._entries[name][0]


def _import_target(target: str, owner: PluginInfo) -> type[Any]:
    module_name, _, attr = target.partition(":")
    try:
        obj = getattr(importlib.import_module(module_name), attr)
    except Exception as exc:
        raise PluginError(
            f"plugin '{owner.name}' registered '{target}', which cannot be imported: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(obj, type):
        raise PluginError(f"plugin '{owner.name}' registered '{target}', which is not a class")
    return obj
