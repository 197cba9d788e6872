"""Resolve a spec's provider and build the component."""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import ValidationError

from .._errors import ComponentError, ComponentVersionError, ProviderNotFoundError
from ._component import ComponentBase
from ._model import SPEC_VERSION, ComponentModel
from ._options import LoadOptions, load_options, using_load_options

T = TypeVar("T", bound=ComponentBase)


def parse_spec(spec: ComponentModel | Mapping[str, Any] | str) -> ComponentModel:
    """Turn a dict or a JSON string into a :class:`ComponentModel`."""
    if isinstance(spec, ComponentModel):
        return spec
    if isinstance(spec, str):
        try:
            spec = json.loads(spec)
        except json.JSONDecodeError as exc:
            raise ComponentError(f"component spec is not valid JSON: {exc}") from None
    if not isinstance(spec, Mapping):
        raise ComponentError(f"a component spec must be a mapping, got {type(spec).__name__}")
    try:
        return ComponentModel.model_validate(spec)
    except ValidationError as exc:
        raise ComponentError(f"invalid component spec: {describe_errors(exc)}") from None


def describe_errors(exc: ValidationError) -> str:
    """One line per problem: ``field 'a.b': message``."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "(root)"
        parts.append(f"field '{where}': {error['msg']}")
    return "; ".join(parts)


def load(
    spec: ComponentModel | Mapping[str, Any] | str,
    expected: type[T],
    *,
    allow_imports: bool | None = None,
    trusted: bool | None = None,
) -> T:
    """Load ``spec`` as an instance of ``expected`` (or a subclass)."""
    model = parse_spec(spec)
    outer = load_options()
    options = LoadOptions(
        allow_imports=outer.allow_imports if allow_imports is None else allow_imports,
        trusted=outer.trusted if trusted is None else trusted,
    )
    if model.version > SPEC_VERSION:
        raise ComponentVersionError(
            f"component spec layout version {model.version} is newer than this agentplex "
            f"understands ({SPEC_VERSION}); upgrade agentplex"
        )
    kind = _kind(model, expected)
    if model.provider == "default" and kind == "model_client":
        if model.config:
            raise ComponentError("a 'default' model client spec takes no config")
        from .. import plugins  # the registry (and pluggy) loads with the first lookup

        return load(plugins.default_model().spec, expected, **vars(options))
    target = _resolve(model.provider, kind, options)
    if not issubclass(target, expected):
        raise ComponentError(
            f"provider '{model.provider}' gives {target.__name__}, which is not a "
            f"{expected.__name__}"
        )
    what = f"{kind or 'component'} '{model.provider}' ({target.__name__})"
    config = _migrate(target, dict(model.config), model.component_version, what)
    try:
        validated = target.component_config_schema.model_validate(config)
    except ValidationError as exc:
        raise ComponentError(f"invalid config for {what}: {describe_errors(exc)}") from None
    except AttributeError:
        raise ComponentError(f"{what} has no component_config_schema") from None
    with using_load_options(options):
        return target._from_config(validated)


def _kind(model: ComponentModel, expected: type[ComponentBase]) -> str | None:
    wanted = getattr(expected, "component_type", None)
    if model.component_type and wanted and model.component_type != wanted:
        raise ComponentError(
            f"spec for provider '{model.provider}' is of kind '{model.component_type}', "
            f"but kind '{wanted}' was expected"
        )
    return model.component_type or wanted


def _resolve(provider: str, kind: str | None, options: LoadOptions) -> type[ComponentBase]:
    from .. import plugins  # the registry (and pluggy) loads with the first lookup

    kinds = [kind] if kind else list(plugins.KINDS)
    for name in kinds:
        found = plugins.providers(name)
        if provider in found:
            cls = found[provider]
            if not (isinstance(cls, type) and issubclass(cls, ComponentBase)):
                raise ComponentError(f"provider '{provider}' is not a component class: {cls!r}")
            return cls
    if "." in provider:
        if not options.allow_imports:
            raise ComponentError(
                f"provider '{provider}' is an import path, not a registered provider name; "
                "pass allow_imports=True to load_component() to import it"
            )
        return _import(provider)
    known = sorted({name for k in kinds for name in plugins.providers(k)})
    hint, cause = plugins.registry.failure_hint()
    raise ProviderNotFoundError(
        f"no plugin provides {kind or 'component'} '{provider}'{hint}; "
        f"known: {', '.join(known) or 'none'}"
    ) from cause


def _import(path: str) -> type[ComponentBase]:
    module_name, _, attr = path.rpartition(".")
    try:
        obj = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ComponentError(f"cannot import provider '{path}': {exc}") from exc
    if not (isinstance(obj, type) and issubclass(obj, ComponentBase)):
        raise ComponentError(f"'{path}' is not a component class")
    return obj


def _migrate(
    target: type[ComponentBase], config: dict[str, Any], written: int | None, what: str
) -> dict[str, Any]:
    current = target.component_version
    if written is None or written == current:
        return config
    if written > current:
        raise ComponentVersionError(
            f"{what} config was written by component version {written}, newer than the "
            f"installed version {current}; upgrade the package that provides it"
        )
    return target._migrate_config(config, written)


def load_component(
    spec: ComponentModel | Mapping[str, Any] | str,
    *,
    allow_imports: bool | None = None,
    trusted: bool | None = None,
) -> Any:
    """Load a component of any kind; ``Kind.load_component`` also checks the kind."""
    return load(spec, ComponentBase, allow_imports=allow_imports, trusted=trusted)
