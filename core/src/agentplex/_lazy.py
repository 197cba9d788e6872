"""Packages whose public names import on first use."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, names: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, importing each name on first use.

    ``names`` maps a public name to the module that defines it, relative to the
    package. Keeps ``import package`` cheap when a name needs a heavy library::

        if TYPE_CHECKING:
            from ._client import Client
        __getattr__, __dir__ = lazy_exports(__name__, {"Client": "._client"})
    """
    module = sys.modules[package]

    def __getattr__(name: str) -> Any:
        target = names.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(target, package), name)
        setattr(module, name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(module), *names})

    return __getattr__, __dir__
