"""The serialised form of a component."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SPEC_VERSION = 1
"""Version of the :class:`ComponentModel` layout itself."""


class ComponentModel(BaseModel):
    """A JSON/YAML-friendly description of a component: who provides it and its config."""

    model_config = ConfigDict(extra="forbid")

    provider: str
    """Short provider name from the plugin registry, or a dotted import path."""
    component_type: str | None = None
    """Kind of component: ``model_client``, ``tool``, ``agent``, ..."""
    version: int = SPEC_VERSION
    """Version of this spec layout."""
    component_version: int | None = None
    """Version of the component's config schema that wrote ``config``."""
    label: str | None = None
    description: str | None = None
    config: dict[str, Any] = Field(default_factory=dict)
