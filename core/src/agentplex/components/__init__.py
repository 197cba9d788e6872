"""Dump and load configurable things as :class:`ComponentModel` specs."""

from ._component import Component, ComponentBase, ConfigT
from ._loading import describe_errors, load_component, parse_spec
from ._model import SPEC_VERSION, ComponentModel
from ._options import MASK, require_trusted, secret_value

__all__ = [
    "MASK",
    "SPEC_VERSION",
    "Component",
    "ComponentBase",
    "ComponentModel",
    "ConfigT",
    "describe_errors",
    "load_component",
    "parse_spec",
    "require_trusted",
    "secret_value",
]
