"""A safe evaluator for arithmetic expressions: numbers, operators and a few functions."""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Final

Number = int | float

MAX_LENGTH: Final = 1000
"""Longest expression accepted, in characters."""
MAX_INT_BITS: Final = 4096
"""Largest integer result accepted (about 1,200 decimal digits)."""


def _round(value: Number, digits: int | None = None) -> Number:
    """``round`` with at most 100 digits either side of the point."""
    if digits is None:
        return round(value)
    if not isinstance(digits, int) or abs(digits) > 100:
        raise ValueError("digits must be a whole number from -100 to 100")
    return round(value, digits)


FUNCTIONS: Final[dict[str, Callable[..., Number]]] = {
    "abs": abs,
    "ceil": math.ceil,
    "cos": math.cos,
    "exp": math.exp,
    "floor": math.floor,
    "log": math.log,
    "log10": math.log10,
    "max": max,
    "min": min,
    "round": _round,
    "sin": math.sin,
    "sqrt": math.sqrt,
    "tan": math.tan,
}
CONSTANTS: Final[dict[str, float]] = {"e": math.e, "pi": math.pi, "tau": math.tau}

_BINARY: Final[dict[type[ast.operator], Callable[[Number, Number], Number]]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
_UNARY: Final[dict[type[ast.unaryop], Callable[[Number], Number]]] = {
    ast.UAdd: operator.pos,
    ast.USub: operator.neg,
}


class CalculatorError(ValueError):
    """An expression that is not plain arithmetic, or that cannot be computed."""


def evaluate(expression: str) -> Number:
    """The value of ``expression``, e.g. ``"(2 + 3) * sqrt(16) / 7"``.

    Python's arithmetic syntax (``**`` is a power), the functions in
    :data:`FUNCTIONS` and the constants in :data:`CONSTANTS`. Anything else, and
    results too large to compute quickly, raise :class:`CalculatorError`.
    """
    if len(expression) > MAX_LENGTH:
        raise CalculatorError(f"expression is {len(expression)} characters; at most {MAX_LENGTH}")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise CalculatorError(
            f"not an arithmetic expression: {exc.msg} (column {exc.offset})"
        ) from None
    try:
        return _checked(_value(tree.body))
    except ZeroDivisionError:
        raise CalculatorError("division by zero") from None
    except OverflowError:
        raise CalculatorError("the result is too large") from None


def _value(node: ast.expr) -> Number:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, int | float) and not isinstance(node.value, bool):
            return node.value
        raise CalculatorError(f"{node.value!r} is not a number")
    if isinstance(node, ast.BinOp):
        return _binary(node)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _checked(_UNARY[type(node.op)](_value(node.operand)))
    if isinstance(node, ast.Name):
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        raise CalculatorError(f"unknown name '{node.id}'; constants: {', '.join(CONSTANTS)}")
    if isinstance(node, ast.Call):
        return _call(node)
    raise CalculatorError(f"'{ast.unparse(node)}' is not arithmetic")


def _binary(node: ast.BinOp) -> Number:
    if isinstance(node.op, ast.BitXor):
        raise CalculatorError(f"'{ast.unparse(node)}': '^' is not a power here; write '**'")
    left, right = _value(node.left), _value(node.right)
    if isinstance(node.op, ast.Pow):
        return _power(left, right)
    function = _BINARY.get(type(node.op))
    if function is None:
        raise CalculatorError(f"'{ast.unparse(node)}' uses an operator that is not arithmetic")
    return _checked(function(left, right))


def _power(base: Number, exponent: Number) -> Number:
    exact = isinstance(base, int) and isinstance(exponent, int)
    if exact and (abs(int(base)).bit_length() - 1) * exponent > MAX_INT_BITS:
        raise CalculatorError("the result is too large")
    result = base**exponent
    if isinstance(result, complex):
        raise CalculatorError(f"{base} ** {exponent} is not a real number")
    return _checked(result)


def _call(node: ast.Call) -> Number:
    if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
        name = ast.unparse(node.func)
        raise CalculatorError(f"unknown function '{name}'; functions: {', '.join(FUNCTIONS)}")
    if node.keywords:
        raise CalculatorError(f"{node.func.id}() takes no keyword arguments")
    args = [_value(arg) for arg in node.args]
    try:
        result = FUNCTIONS[node.func.id](*args)
    except (TypeError, ValueError) as exc:
        raise CalculatorError(f"{node.func.id}({', '.join(map(str, args))}): {exc}") from None
    return _checked(result)


def _checked(value: Number) -> Number:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise CalculatorError("the result is too large")
    if isinstance(value, float) and math.isinf(value):
        raise CalculatorError("the result is too large")
    if isinstance(value, float) and math.isnan(value):
        raise CalculatorError("the result is not a number")
    return value
