"""Plain functions the calculator offers to models as FunctionTools."""

from __future__ import annotations

import statistics
from typing import Annotated, Final

from pydantic import BaseModel

_LINEAR: Final[dict[str, tuple[str, float]]] = {
    "mm": ("length", 0.001),
    "cm": ("length", 0.01),
    "m": ("length", 1.0),
    "km": ("length", 1000.0),
    "in": ("length", 0.0254),
    "ft": ("length", 0.3048),
    "yd": ("length", 0.9144),
    "mi": ("length", 1609.344),
    "mg": ("mass", 1e-6),
    "g": ("mass", 0.001),
    "kg": ("mass", 1.0),
    "oz": ("mass", 0.028349523125),
    "lb": ("mass", 0.45359237),
    "ml": ("volume", 0.001),
    "l": ("volume", 1.0),
    "s": ("time", 1.0),
    "min": ("time", 60.0),
    "h": ("time", 3600.0),
    "day": ("time", 86400.0),
}
"""``unit -> (dimension, size in the dimension's base unit)``."""
_TO_KELVIN: Final = {"c": (1.0, 273.15), "f": (5 / 9, 459.67 * 5 / 9), "k": (1.0, 0.0)}
"""``unit -> (scale, offset)`` with kelvin = value * scale + offset."""

UNITS: Final = (*_LINEAR, *_TO_KELVIN)
"""Every unit :func:`convert_units` knows (case does not matter)."""


def convert_units(
    value: float,
    from_unit: Annotated[str, "unit of value, e.g. km, lb, h, C"],
    to_unit: Annotated[str, "unit wanted, of the same kind"],
) -> float:
    """Convert a length, mass, volume, time or temperature from one unit to another."""
    source, target = _unit(from_unit), _unit(to_unit)
    if source in _TO_KELVIN or target in _TO_KELVIN:
        if not (source in _TO_KELVIN and target in _TO_KELVIN):
            raise ValueError(f"cannot convert {from_unit} to {to_unit}: only one is a temperature")
        scale, offset = _TO_KELVIN[source]
        kelvin = value * scale + offset
        scale, offset = _TO_KELVIN[target]
        return (kelvin - offset) / scale
    (source_kind, source_size), (target_kind, target_size) = _LINEAR[source], _LINEAR[target]
    if source_kind != target_kind:
        raise ValueError(f"cannot convert {from_unit} ({source_kind}) to {to_unit} ({target_kind})")
    return value * source_size / target_size


def _unit(name: str) -> str:
    unit = name.strip().lower()
    if unit not in _LINEAR and unit not in _TO_KELVIN:
        raise ValueError(f"unknown unit '{name}'; known: {', '.join(UNITS)}")
    return unit


class NumberSummary(BaseModel):
    """What :func:`describe_numbers` reports."""

    count: int
    total: float
    mean: float
    median: float
    minimum: float
    maximum: float
    stdev: float | None
    """Sample standard deviation; None for a single number."""


def describe_numbers(numbers: list[float]) -> NumberSummary:
    """Count, total, mean, median, minimum, maximum and standard deviation of numbers."""
    if not numbers:
        raise ValueError("give at least one number")
    return NumberSummary(
        count=len(numbers),
        total=sum(numbers),
        mean=statistics.fmean(numbers),
        median=statistics.median(numbers),
        minimum=min(numbers),
        maximum=max(numbers),
        stdev=statistics.stdev(numbers) if len(numbers) > 1 else None,
    )
