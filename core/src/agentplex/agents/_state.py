"""Versioned, JSON-safe state dicts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Migration = Callable[[dict[str, Any]], dict[str, Any]]


class StateError(ValueError):
    """Saved state cannot be loaded: wrong kind, newer version, or invalid content."""


def check_state(
    state: Mapping[str, Any],
    kind: str,
    version: int,
    migrations: Mapping[int, Migration] | None = None,
) -> dict[str, Any]:
    """Validate ``state`` saved as ``kind``; upgrade older versions through ``migrations``.

    ``migrations[n]`` turns a version-``n`` state into version ``n + 1``.
    """
    if not isinstance(state, Mapping):
        raise StateError(f"{kind} state must be a mapping, got {type(state).__name__}")
    data = dict(state)
    if data.get("type") != kind:
        raise StateError(f"expected {kind} state, got {data.get('type')!r}")
    found = data.get("version")
    if not isinstance(found, int):
        raise StateError(f"{kind} state has no integer 'version'")
    if found > version:
        raise StateError(
            f"{kind} state version {found} is newer than this agentplex understands ({version})"
        )
    while found < version:
        step = (migrations or {}).get(found)
        if step is None:
            raise StateError(
                f"{kind} state version {found} cannot be migrated to version {version}"
            )
        data = step(data)
        found += 1
        data["version"] = found
    return data
