"""Read a function's source for a dump, and find the function in dumped source."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from typing import Any

from .._errors import ComponentError


def function_source(func: Callable[..., Any], name: str) -> str:
    """The dedented source of ``func`` without its decorators.

    Refuses what its source alone cannot rebuild: lambdas, methods, other
    callables, closures, and functions wrapped by a decorator.
    """
    what = f"FunctionTool '{name}' cannot be dumped"
    if not inspect.isfunction(func):
        raise ComponentError(f"{what}: {func!r} is not a plain function (a method or callable?)")
    if func.__name__ == "<lambda>":
        raise ComponentError(f"{what}: a lambda has no source of its own; use a def")
    if hasattr(func, "__wrapped__"):
        raise ComponentError(f"{what}: it is wrapped by a decorator its source would lose")
    if func.__code__.co_freevars:
        names = ", ".join(func.__code__.co_freevars)
        raise ComponentError(f"{what}: it uses variables of an enclosing function ({names})")
    try:
        source = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError) as exc:
        raise ComponentError(f"{what}: its source is not available ({exc})") from exc
    node = ast.parse(source).body[0]
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        raise ComponentError(f"{what}: its source does not start with a def")
    lines = source.splitlines(keepends=True)
    return "".join(lines[node.lineno - 1 :])


def last_function_name(source: str, what: str) -> str:
    """The name of the last top-level function ``source`` defines (the tool's function)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ComponentError(f"{what}: its source is not valid Python: {exc}") from None
    names = [
        node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    if not names:
        raise ComponentError(f"{what}: its source defines no top-level function")
    return names[-1]
