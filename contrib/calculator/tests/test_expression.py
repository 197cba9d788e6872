"""The expression evaluator: arithmetic in, numbers out, everything else refused."""

from __future__ import annotations

import math
import re

import pytest

from agentplex_calculator import CalculatorError, evaluate


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("7 / 2", 3.5),
        ("7 // 2", 3),
        ("-7 % 3", 2),
        ("2 ** 10", 1024),
        ("2 ** -1", 0.5),
        ("-(3 - 5)", 2),
        ("sqrt(16) + abs(-2)", 6.0),
        ("max(1, 5, 3) - min(4, 2)", 3),
        ("round(2.567, 2)", 2.57),
        ("round(2.5)", 2),
        ("floor(pi) + ceil(e)", 6),
        ("log10(1000)", 3.0),
        ("  2 * tau / pi ", 4.0),
    ],
)
def test_evaluates_arithmetic(expression: str, value: float) -> None:
    result = evaluate(expression)
    assert result == pytest.approx(value)
    assert type(result) is type(value)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("1 / 0", "division by zero"),
        ("2 ^ 3", "'^' is not a power here; write '**'"),
        ("__import__('os')", "unknown function '__import__'"),
        ("(1).real", "'1 .real' is not arithmetic"),
        ("x + 1", "unknown name 'x'; constants: e, pi, tau"),
        ("'a' * 3", "'a' is not a number"),
        ("True + 1", "True is not a number"),
        ("1 +", "not an arithmetic expression"),
        ("1 << 3", "uses an operator that is not arithmetic"),
        ("sqrt(-1)", "sqrt(-1): math domain error"),
        ("sqrt(x=4)", "takes no keyword arguments"),
        ("round(1, 1000)", "digits must be a whole number"),
        ("9 ** 9 ** 9", "too large"),
        ("exp(1000)", "too large"),
        ("1e308 * 10", "too large"),
        ("(-8) ** 0.5", "not a real number"),
        ("1" * 1001, "at most 1000"),
    ],
)
def test_refuses_with_the_reason(expression: str, message: str) -> None:
    with pytest.raises(CalculatorError, match=re.escape(message)):
        evaluate(expression)


def test_large_but_bounded_integers_are_exact() -> None:
    assert evaluate("2 ** 4000") == 2**4000
    assert evaluate("1 ** 1000000") == 1
    assert math.isclose(evaluate("10 ** 0.5"), math.sqrt(10))
