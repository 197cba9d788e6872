"""What the registry knows about each plugin."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PluginInfo:
    """One loaded (or failed) plugin: where it came from and what it registered."""

    name: str
    distribution: str | None = None
    version: str | None = None
    hooks: list[str] = field(default_factory=list)
    providers: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    exception: BaseException | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "distribution": self.distribution,
            "version": self.version,
            "hooks": sorted(self.hooks),
            "providers": {kind: sorted(names) for kind, names in sorted(self.providers.items())},
            "errors": list(self.errors),
        }


@dataclass(frozen=True)
class Conflict:
    """Two plugins claimed one provider name for one kind."""

    kind: str
    name: str
    first: PluginInfo
    second: PluginInfo

    def message(self) -> str:
        return (
            f"{self.kind} provider '{self.name}' is registered by two plugins: "
            f"{_origin(self.first)} and {_origin(self.second)}; uninstall one or limit "
            "loading with AGENTPLEX_PLUGINS"
        )


def _origin(info: PluginInfo) -> str:
    if not info.distribution:
        return f"'{info.name}' (registered in-process)"
    version = f" {info.version}" if info.version else ""
    return f"'{info.name}' (distribution {info.distribution}{version})"
