"""The plugin manager: entry-point discovery, in-process plugins, provider tables."""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy

from .. import hookspecs
from .._errors import PluginError
from ._info import Conflict, PluginInfo
from ._kinds import BUILTIN_PLUGIN, ENTRY_POINT_GROUP, KINDS
from ._providers import ProviderMap

ALLOWLIST_ENV = "AGENTPLEX_PLUGINS"
TRACE_ENV = "AGENTPLEX_TRACE_PLUGINS"


class Registry:
    """Loads plugins once, on first use, and answers which providers exist."""

    def __init__(self) -> None:
        self._pm: pluggy.PluginManager | None = None
        self._infos: dict[str, PluginInfo] = {}
        self._tables: dict[str, ProviderMap] | None = None
        self._conflicts: list[Conflict] = []

    @property
    def manager(self) -> pluggy.PluginManager:
        """The pluggy manager, built (and entry points loaded) on first access."""
        if self._pm is None:
            self._pm = self._new_manager()
        return self._pm

    def plugins(self) -> list[PluginInfo]:
        self._ensure_tables()
        return list(self._infos.values())

    def conflicts(self) -> list[Conflict]:
        self._ensure_tables()
        return list(self._conflicts)

    def providers(self, kind: str) -> ProviderMap:
        if kind not in KINDS:
            raise PluginError(f"unknown component kind '{kind}'; known: {', '.join(KINDS)}")
        return self._ensure_tables()[kind]

    def register(self, plugin: object, name: str | None = None) -> str:
        """Register a plugin object in-process; returns the name it is registered under."""
        try:
            registered = self.manager.register(plugin, name=name)
        except ValueError:
            registered = None
        if registered is None:
            raise PluginError(f"plugin {name or plugin!r} is already registered")
        self._infos[registered] = PluginInfo(name=registered)
        self._tables = None
        return registered

    def unregister(self, name: str) -> None:
        """Remove a plugin registered in-process (or any plugin, by name)."""
        if self.manager.unregister(name=name) is None:
            raise PluginError(f"no plugin named '{name}' is registered")
        self._infos.pop(name, None)
        self._tables = None

    def failure_hint(self) -> tuple[str, BaseException | None]:
        """A sentence naming plugins that failed, and the first failure's exception."""
        failed = [info for info in self.plugins() if info.errors]
        if not failed:
            return "", None
        text = "; ".join(f"plugin '{i.name}' failed: {i.errors[0]}" for i in failed)
        return f" (note: {text})", failed[0].exception

    def _new_manager(self) -> pluggy.PluginManager:
        pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
        pm.add_hookspecs(hookspecs)
        if os.environ.get(TRACE_ENV):
            pm.trace.root.setwriter(sys.stderr.write)
            pm.enable_tracing()
        builtin = importlib.import_module("agentplex._builtins")
        pm.register(builtin, name=BUILTIN_PLUGIN)
        self._infos[BUILTIN_PLUGIN] = PluginInfo(
            name=BUILTIN_PLUGIN, distribution="agentplex", version=_version("agentplex")
        )
        for ep in _selected_entry_points():
            self._load_entry_point(pm, ep)
        return pm

    def _load_entry_point(self, pm: pluggy.PluginManager, ep: EntryPoint) -> None:
        info = PluginInfo(
            name=ep.name,
            distribution=ep.dist.name if ep.dist else None,
            version=ep.dist.version if ep.dist else None,
        )
        self._infos[ep.name] = info
        try:
            pm.register(ep.load(), name=ep.name)
        except Exception as exc:
            info.errors.append(_describe(exc))
            info.exception = exc

    def _ensure_tables(self) -> dict[str, ProviderMap]:
        if self._tables is None:
            self._tables = self._build_tables()
        return self._tables

    def _build_tables(self) -> dict[str, ProviderMap]:
        pm = self.manager
        self._conflicts = []
        for info in self._infos.values():
            info.hooks, info.providers = [], {}
        tables: dict[str, ProviderMap] = {}
        trace = bool(os.environ.get(TRACE_ENV))
        for kind, hook_name in KINDS.items():
            entries: dict[str, tuple[PluginInfo, type[Any] | str]] = {}
            conflicts: dict[str, Conflict] = {}
            for impl in reversed(getattr(pm.hook, hook_name).get_hookimpls()):
                info = self._infos.setdefault(impl.plugin_name, PluginInfo(name=impl.plugin_name))
                info.hooks.append(hook_name)
                if trace:
                    sys.stderr.write(f"agentplex: calling {hook_name} of plugin '{info.name}'\n")
                register = self._register_callback(kind, info, entries, conflicts)
                try:
                    impl.function(*[{"register": register}[arg] for arg in impl.argnames])
                except Exception as exc:
                    info.errors.append(f"{hook_name}: {_describe(exc)}")
                    info.exception = info.exception or exc
            tables[kind] = ProviderMap(entries, conflicts)
        return tables

    def _register_callback(
        self,
        kind: str,
        info: PluginInfo,
        entries: dict[str, tuple[PluginInfo, type[Any] | str]],
        conflicts: dict[str, Conflict],
    ) -> Callable[[str, type[Any] | str], None]:
        def register(name: str, cls: type[Any] | str) -> None:
            if not isinstance(name, str) or not name:
                raise PluginError(f"plugin '{info.name}' registered a {kind} with no name")
            if name in entries:
                conflict = Conflict(kind, name, entries[name][0], info)
                conflicts[name] = conflict
                self._conflicts.append(conflict)
            entries.setdefault(name, (info, cls))
            info.providers.setdefault(kind, []).append(name)

        return register


def _selected_entry_points() -> list[EntryPoint]:
    found = list(entry_points(group=ENTRY_POINT_GROUP))
    allow = os.environ.get(ALLOWLIST_ENV)
    if allow is None:
        return found
    wanted = {_normalise(item) for item in allow.split(",") if item.strip()}
    return [
        ep
        for ep in found
        if _normalise(ep.name) in wanted or (ep.dist and _normalise(ep.dist.name) in wanted)
    ]


def _normalise(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def _describe(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" (at {last[0].filename}:{last[0].lineno})" if last else ""
    return f"{type(exc).__name__}: {exc}{where}"
