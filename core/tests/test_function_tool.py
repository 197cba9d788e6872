"""FunctionTool: running sync and async functions, cancellation, dump and load."""

from __future__ import annotations

import asyncio
import functools
import statistics as stats
import threading
from collections.abc import Callable
from math import sqrt
from typing import Annotated, Any

import pytest
from pydantic import BaseModel

from agentplex import CancellationToken, ComponentError, UntrustedCodeError
from agentplex.tools import (
    Alias,
    BaseTool,
    FunctionTool,
    Import,
    ImportFromModule,
    Tool,
    ToolArgumentsError,
    ToolDefinitionError,
)


class Point(BaseModel):
    x: int
    y: int


async def add(a: int, b: int = 1) -> int:
    """Add two numbers."""
    return a + b


def hypotenuse(a: Annotated[float, "one side"], b: float) -> float:
    """Length of the hypotenuse."""
    return sqrt(a * a + b * b)


def mean(values: list[float]) -> float:
    """Mean of the values."""
    return stats.mean(values)


async def wait_for_cancel(cancellation_token: CancellationToken) -> str:
    """Wait until cancelled."""
    cancelled = asyncio.Event()
    cancellation_token.add_callback(cancelled.set)
    await cancelled.wait()
    return "cancelled"


REGISTRY: list[Callable[..., Any]] = []


def registered(func: Callable[..., Any]) -> Callable[..., Any]:
    REGISTRY.append(func)
    return func


@registered
def shout(text: str) -> str:
    """Shout the text."""
    return text.upper()


def wrapping(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


@wrapping
def wrapped(text: str) -> str:
    """Wrapped."""
    return text


async def test_sync_and_async_functions_run() -> None:
    token = CancellationToken()
    assert await FunctionTool(add).run_json({"a": 2}, token) == 3
    assert await FunctionTool(add).run_json({"a": 2, "b": 5}, token) == 7
    assert await FunctionTool(hypotenuse).run_json({"a": 3, "b": 4}, token) == 5.0


async def test_invalid_arguments_name_each_field() -> None:
    tool: Tool = FunctionTool(add)
    with pytest.raises(ToolArgumentsError) as info:
        await tool.run_json({"a": "two", "c": 1}, CancellationToken())
    assert info.value.tool_name == "add"
    assert info.value.problems == [
        "field 'a': Input should be a valid integer, unable to parse string as an integer "
        "(got 'two')",
        "field 'c': Extra inputs are not permitted",
    ]
    with pytest.raises(ToolArgumentsError, match="field 'a': Field required"):
        await tool.run_json({}, CancellationToken())
    with pytest.raises(ToolArgumentsError, match="must be a JSON object, got list"):
        await tool.run_json([1, 2], CancellationToken())  # type: ignore[arg-type]


async def test_model_parameters_arrive_as_models() -> None:
    seen: list[object] = []

    def norm(point: Point, points: list[Point]) -> int:
        """Manhattan norm."""
        seen.extend([point, *points])
        return abs(point.x) + abs(point.y)

    result = await FunctionTool(norm).run_json(
        {"point": {"x": 3, "y": -4}, "points": [{"x": 1, "y": 1}]}, CancellationToken()
    )
    assert result == 7
    assert seen == [Point(x=3, y=-4), Point(x=1, y=1)]


async def test_token_is_injected() -> None:
    received: list[CancellationToken] = []

    async def check(n: int, cancellation_token: CancellationToken) -> int:
        """Check."""
        received.append(cancellation_token)
        return n

    def check_sync(n: int, token: CancellationToken) -> int:
        """Check sync."""
        received.append(token)
        return n

    token = CancellationToken()
    assert await FunctionTool(check).run_json({"n": 1}, token) == 1
    assert await FunctionTool(check_sync).run_json({"n": 2}, token) == 2
    assert received == [token, token]


async def test_sync_tool_does_not_block_the_loop() -> None:
    released = threading.Event()

    def wait_for_release() -> bool:
        """Block this thread until released."""
        return released.wait(timeout=5)

    async def release_soon() -> None:
        await asyncio.sleep(0.01)
        released.set()

    tool = FunctionTool(wait_for_release)
    result, _ = await asyncio.gather(tool.run_json({}, CancellationToken()), release_soon())
    assert result is True


async def test_cancelled_long_async_tool_stops_promptly() -> None:
    stopped = asyncio.Event()

    async def sleepy() -> str:
        """Sleep a long time."""
        try:
            await asyncio.sleep(60)
        finally:
            stopped.set()
        return "done"

    token = CancellationToken()
    call = asyncio.ensure_future(FunctionTool(sleepy).run_json({}, token))
    await asyncio.sleep(0.01)
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(call, 1)
    assert stopped.is_set()


async def test_cancelled_sync_tool_returns_at_once() -> None:
    release = threading.Event()

    def stuck() -> str:
        """Block until released."""
        release.wait(timeout=5)
        return "late"

    token = CancellationToken()
    call = asyncio.ensure_future(FunctionTool(stuck).run_json({}, token))
    await asyncio.sleep(0.01)
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(call, 1)
    release.set()


async def test_already_cancelled_token_does_not_run_the_function() -> None:
    ran: list[int] = []

    async def record() -> None:
        """Record."""
        ran.append(1)

    token = CancellationToken()
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await FunctionTool(record).run_json({}, token)
    assert ran == []


async def test_other_callables() -> None:
    class Scaler:
        """Scale a number."""

        async def __call__(self, x: int) -> int:
            return x * 10

    def pos(a: int, /, b: int) -> int:
        """Positional-only."""
        return a - b

    token = CancellationToken()
    assert await FunctionTool(Scaler(), name="scale").run_json({"x": 2}, token) == 20
    assert await FunctionTool(pos).run_json({"a": 5, "b": 2}, token) == 3
    partial = functools.partial(pos, b=1)
    with pytest.raises(ToolDefinitionError, match="pass name="):
        FunctionTool(partial, "Minus one.")
    assert await FunctionTool(partial, "Minus one.", name="dec").run_json({"a": 5}, token) == 4


def test_async_generators_are_refused() -> None:
    async def chunks() -> Any:
        """Chunks."""
        yield 1

    with pytest.raises(ToolDefinitionError, match="BaseStreamTool"):
        FunctionTool(chunks)


def test_function_tool_is_a_base_tool() -> None:
    tool = FunctionTool(add)
    assert isinstance(tool, BaseTool)
    assert isinstance(tool, Tool)
    assert tool.return_type() is int
    assert tool.func is add


async def test_dump_and_load_needs_trust() -> None:
    tool = FunctionTool(add)
    spec = tool.dump_component()
    assert spec.provider == "function"
    assert spec.component_type == "tool"
    assert spec.config["source_code"].startswith("async def add(a: int, b: int = 1) -> int:")
    with pytest.raises(UntrustedCodeError, match=r"FunctionTool 'add'.*trusted=True"):
        FunctionTool.load_component(spec)
    loaded = FunctionTool.load_component(spec.model_dump_json(), trusted=True)
    assert loaded.schema == tool.schema
    assert await loaded.run_json({"a": 4, "b": 4}, CancellationToken()) == 8
    assert loaded.dump_component() == spec


async def test_untrusted_source_is_never_executed() -> None:
    spec = {
        "provider": "function",
        "component_type": "tool",
        "config": {
            "source_code": "raise SystemExit('executed')\ndef f() -> None:\n    pass\n",
            "name": "f",
            "description": "F.",
        },
    }
    with pytest.raises(UntrustedCodeError):
        FunctionTool.load_component(spec)


@pytest.mark.parametrize(
    ("func", "imports", "args", "expected"),
    [
        (
            hypotenuse,
            [ImportFromModule("math", ("sqrt",)), ImportFromModule("typing", ("Annotated",))],
            {"a": 6, "b": 8},
            10.0,
        ),
        (mean, [Alias("statistics", "stats")], {"values": [1, 2, 6]}, 3),
        (shout, [], {"text": "hi"}, "HI"),
    ],
)
async def test_dumped_tools_bring_their_imports(
    func: Callable[..., Any], imports: list[Any], args: dict[str, Any], expected: object
) -> None:
    spec = FunctionTool(func, global_imports=imports).dump_component()
    assert spec.config["source_code"].startswith("def ")
    loaded = FunctionTool.load_component(spec, trusted=True)
    assert await loaded.run_json(args, CancellationToken()) == expected


async def test_cancellable_tool_round_trip() -> None:
    imports: list[Import] = ["asyncio", ImportFromModule("agentplex", ("CancellationToken",))]
    spec = FunctionTool(wait_for_cancel, global_imports=imports).dump_component()
    loaded = FunctionTool.load_component(spec, trusted=True)
    assert list(loaded.schema.get("parameters", {}).get("properties", {})) == []
    token = CancellationToken()
    call = asyncio.ensure_future(loaded.run_json({}, token))
    await asyncio.sleep(0.02)
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(call, 1)


def test_missing_import_is_named_on_load() -> None:
    spec = FunctionTool(hypotenuse).dump_component()
    with pytest.raises(ComponentError, match=r"'Annotated' is not defined.*global_imports"):
        FunctionTool.load_component(spec, trusted=True)


def test_what_cannot_be_dumped_says_why() -> None:
    factor = 3

    def closure(x: int) -> int:
        """Uses an enclosing variable."""
        return x * factor

    class Holder:
        def method(self, x: int) -> int:
            """A method."""
            return x

    cases: list[tuple[FunctionTool, str]] = [
        (FunctionTool(closure), r"enclosing function \(factor\)"),
        (FunctionTool(Holder().method), "not a plain function"),
        (FunctionTool(lambda: 1, "One.", name="one"), "lambda"),
        (FunctionTool(wrapped), "wrapped by a decorator"),
    ]
    for tool, reason in cases:
        with pytest.raises(ComponentError, match=f"FunctionTool '{tool.name}' cannot be dumped"):
            tool.dump_component()
        with pytest.raises(ComponentError, match=reason):
            tool.dump_component()


def test_bad_configs_are_refused_clearly() -> None:
    base = {"name": "f", "description": "F."}
    cases = [
        ({**base, "source_code": "x = 1\n"}, "defines no top-level function"),
        ({**base, "source_code": "def f(:\n"}, "not valid Python"),
        (
            {**base, "source_code": "def f() -> None:\n    pass\n", "global_imports": ["nope_x"]},
            "'import nope_x' failed",
        ),
        (
            {**base, "source_code": "def f() -> None:\n    pass\n", "global_imports": ["os; x"]},
            "is not a module name",
        ),
    ]
    for config, message in cases:
        spec = {"provider": "function", "component_type": "tool", "config": config}
        with pytest.raises(ComponentError, match=message):
            FunctionTool.load_component(spec, trusted=True)


def test_malformed_imports_are_refused_at_construction() -> None:
    with pytest.raises(ToolDefinitionError, match="is not a module name"):
        FunctionTool(add, global_imports=["os; import sys"])
    with pytest.raises(ToolDefinitionError, match="names nothing"):
        FunctionTool(add, global_imports=[ImportFromModule("math", ())])
