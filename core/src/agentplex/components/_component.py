"""The base classes every configurable thing derives from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Generic, Self, TypeVar

from pydantic import BaseModel

from .._errors import ComponentError, ComponentVersionError
from ._model import ComponentModel
from ._options import including_secrets, reveal_or_mask

ConfigT = TypeVar("ConfigT", bound=BaseModel)


class ComponentBase:
    """Dump to and load from a :class:`ComponentModel`.

    Abstract contracts (``ChatCompletionClient``, ``Tool``, ...) derive from this
    and set ``component_type``; concrete classes derive from :class:`Component`.
    """

    component_type: ClassVar[str]
    """Kind of component; selects the registry hook, e.g. ``model_client``."""
    component_provider: ClassVar[str | None] = None
    """Short provider name the class is registered under."""
    component_config_schema: ClassVar[type[BaseModel]]
    component_version: ClassVar[int] = 1
    """Version of the config schema; bump it when the schema changes."""
    component_description: ClassVar[str | None] = None
    component_label: ClassVar[str | None] = None

    def _to_config(self) -> BaseModel:
        raise NotImplementedError(f"{type(self).__name__} cannot be dumped as a component")

    @classmethod
    def _from_config(cls, config: Any) -> Self:
        raise NotImplementedError(f"{cls.__name__} cannot be loaded from a component config")

    @classmethod
    def _migrate_config(cls, config: dict[str, Any], from_version: int) -> dict[str, Any]:
        """Upgrade ``config`` written by ``from_version`` to the current schema.

        The default refuses; override where an older config can be read.
        """
        raise ComponentVersionError(
            f"{cls.__name__} config version {from_version} cannot be migrated to "
            f"version {cls.component_version}; recreate the config with this version"
        )

    @classmethod
    def provider_name(cls) -> str:
        """The provider a dump of this class names: its registered name or dotted path."""
        own = cls.__dict__.get("component_provider")
        return own if own else f"{cls.__module__}.{cls.__qualname__}"

    def dump_component(self, *, include_secrets: bool | None = None) -> ComponentModel:
        """Serialise this component; secrets are masked unless ``include_secrets``.

        ``None`` follows an enclosing dump (so nested components match their parent).
        """
        with including_secrets(include_secrets):
            config = self._to_config()
            data = reveal_or_mask(config.model_dump(mode="python"))
        return ComponentModel(
            provider=self.provider_name(),
            component_type=self.component_type,
            component_version=self.component_version,
            label=self.component_label or type(self).__name__,
            description=self.component_description,
            config=_jsonable(data),
        )

    @classmethod
    def load_component(
        cls,
        spec: ComponentModel | Mapping[str, Any] | str,
        *,
        allow_imports: bool | None = None,
        trusted: bool | None = None,
    ) -> Self:
        """Build a component from a spec (a model, a dict or a JSON string).

        ``allow_imports`` lets ``provider`` be a dotted import path; ``trusted``
        lets the config carry code that runs on load. Both default to the
        setting of an enclosing load, and to False outside one.
        """
        from ._loading import load

        return load(spec, cls, allow_imports=allow_imports, trusted=trusted)


class Component(ComponentBase, Generic[ConfigT]):
    """A concrete component with a typed config schema."""

    component_config_schema: ClassVar[type[BaseModel]]

    def _to_config(self) -> ConfigT:
        raise NotImplementedError(f"{type(self).__name__} cannot be dumped as a component")

    @classmethod
    def _from_config(cls, config: ConfigT) -> Self:
        raise NotImplementedError(f"{cls.__name__} cannot be loaded from a component config")


def _jsonable(data: Any) -> dict[str, Any]:
    from pydantic_core import to_jsonable_python

    result = to_jsonable_python(data)
    if not isinstance(result, dict):
        raise ComponentError(f"a component config must dump to a mapping, got {type(result)}")
    return result
