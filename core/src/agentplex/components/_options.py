"""Flags that travel through nested dump and load calls."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from .._errors import UntrustedCodeError

MASK = "**********"
"""What a secret is replaced with when a component is dumped without secrets."""


@dataclass(frozen=True)
class LoadOptions:
    allow_imports: bool = False
    trusted: bool = False


_load_options: ContextVar[LoadOptions] = ContextVar(
    "agentplex_load_options",
    default=LoadOptions(),  # noqa: B039 (frozen dataclass)
)
_include_secrets: ContextVar[bool] = ContextVar("agentplex_include_secrets", default=False)


def load_options() -> LoadOptions:
    """The options of the load in progress (defaults outside any load)."""
    return _load_options.get()


@contextmanager
def using_load_options(options: LoadOptions) -> Iterator[None]:
    token = _load_options.set(options)
    try:
        yield
    finally:
        _load_options.reset(token)


@contextmanager
def including_secrets(include: bool | None) -> Iterator[None]:
    token = _include_secrets.set(_include_secrets.get() if include is None else include)
    try:
        yield
    finally:
        _include_secrets.reset(token)


def require_trusted(what: str) -> None:
    """Refuse to go on unless the load in progress was declared trusted.

    Components whose config carries code (function source, lambdas) call this
    before executing any of it.
    """
    if not _load_options.get().trusted:
        raise UntrustedCodeError(
            f"{what} carries code that would be executed on load; pass trusted=True to "
            "load_component() only for configs from a source you trust"
        )


def secret_value(secret: SecretStr | str | None) -> str | None:
    """The clear value of a secret, or None when absent or masked by a dump."""
    if secret is None:
        return None
    value = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
    return None if value == MASK else value


def reveal_or_mask(data: Any) -> Any:
    """Replace every ``SecretStr`` in plain python data with its value or the mask."""
    if isinstance(data, SecretStr):
        return data.get_secret_value() if _include_secrets.get() else MASK
    if isinstance(data, dict):
        return {key: reveal_or_mask(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [reveal_or_mask(value) for value in data]
    return data
