"""Workbenches: calling tools by name, error results, overrides, lifecycle, state, dumps."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Mapping
from typing import Any, Self

import pytest
from pydantic import BaseModel

from agentplex import CancellationToken, ComponentError, Image, UntrustedCodeError, hookimpl
from agentplex.components import Component, ComponentModel
from agentplex.hookspecs import Register
from agentplex.testing import RegisterPlugin
from agentplex.tools import (
    BaseStreamTool,
    BaseTool,
    FunctionTool,
    ImageResultContent,
    StaticStreamWorkbench,
    StaticWorkbench,
    TextResultContent,
    ToolDefinitionError,
    ToolOverride,
    ToolResult,
    Workbench,
)

PNG = Image.from_base64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


async def add(a: int, b: int = 1) -> int:
    """Add two numbers."""
    return a + b


def fail(reason: str) -> str:
    """Always fails."""
    raise RuntimeError(f"cannot comply: {reason}")


def picture(caption: bool = False) -> Any:
    """Return a picture."""
    return [PNG, "a pixel"] if caption else PNG


class NoArgs(BaseModel):
    pass


class CounterState(BaseModel):
    count: int = 0


class Counter(BaseTool[NoArgs, int]):
    """A stateful tool: counts its calls."""

    def __init__(self, name: str = "count") -> None:
        super().__init__(NoArgs, int, name, "Count calls.")
        self.count = 0

    async def run(self, args: NoArgs, cancellation_token: CancellationToken) -> int:
        self.count += 1
        return self.count

    def state_type(self) -> type[BaseModel]:
        return CounterState

    async def save_state_json(self) -> Mapping[str, Any]:
        return CounterState(count=self.count).model_dump()

    async def load_state_json(self, state: Mapping[str, Any]) -> None:
        self.count = CounterState.model_validate(state).count


class Stuck(BaseTool[NoArgs, None]):
    """Ignores its token and never returns."""

    def __init__(self) -> None:
        super().__init__(NoArgs, type(None), "stuck", "Never returns.")
        self.cancelled = False

    async def run(self, args: NoArgs, cancellation_token: CancellationToken) -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise


class WordsArgs(BaseModel):
    text: str


class Words(BaseStreamTool[WordsArgs, str, int]):
    """Streams each word, then returns the word count."""

    def __init__(self) -> None:
        super().__init__(WordsArgs, int, "words", "Stream words.")

    async def run_stream(
        self, args: WordsArgs, cancellation_token: CancellationToken
    ) -> AsyncGenerator[str | int, None]:
        words = args.text.split()
        for word in words:
            if word == "boom":
                raise ValueError("exploded mid-stream")
            yield word
        yield len(words)


def text_of(result: ToolResult) -> str:
    return result.to_text()


@pytest.fixture
def bench() -> StaticWorkbench:
    return StaticWorkbench([FunctionTool(add), FunctionTool(fail), FunctionTool(picture)])


async def test_lists_and_calls_tools(bench: StaticWorkbench) -> None:
    assert [schema["name"] for schema in await bench.list_tools()] == ["add", "fail", "picture"]
    result = await bench.call_tool("add", {"a": 2, "b": 3}, call_id="c1")
    assert result == ToolResult(name="add", result=[TextResultContent(content="5")])
    assert text_of(await bench.call_tool("add", '{"a": 41}')) == "42"


async def test_unknown_tool_lists_the_available_ones(bench: StaticWorkbench) -> None:
    result = await bench.call_tool("mul", {"a": 1})
    assert result.is_error
    assert result.name == "mul"
    assert text_of(result) == "unknown tool 'mul'; available tools: add, fail, picture"


async def test_invalid_arguments_come_back_per_field(bench: StaticWorkbench) -> None:
    result = await bench.call_tool("add", {"a": "x", "z": 1})
    assert result.is_error
    assert text_of(result) == (
        "invalid arguments for tool 'add': field 'a': Input should be a valid integer, unable "
        "to parse string as an integer (got 'x'); field 'z': Extra inputs are not permitted"
    )
    missing = await bench.call_tool("add")
    assert missing.is_error
    assert "field 'a': Field required" in text_of(missing)


async def test_malformed_json_arguments(bench: StaticWorkbench) -> None:
    broken = await bench.call_tool("add", '{"a": 1,')
    assert broken.is_error
    assert text_of(broken).startswith("arguments for tool 'add' are not valid JSON: ")
    not_object = await bench.call_tool("add", "[1, 2]")
    assert not_object.is_error
    assert text_of(not_object) == "arguments for tool 'add' must be a JSON object, got list"


async def test_a_tool_that_raises(bench: StaticWorkbench) -> None:
    result = await bench.call_tool("fail", {"reason": "no"})
    assert result.is_error
    assert text_of(result) == "tool 'fail' raised RuntimeError: cannot comply: no"


async def test_images_stay_images(bench: StaticWorkbench) -> None:
    single = await bench.call_tool("picture")
    assert single.result == [ImageResultContent(content=PNG)]
    mixed = await bench.call_tool("picture", {"caption": True})
    assert [part.type for part in mixed.result] == ["ImageResultContent", "TextResultContent"]
    assert mixed.to_text(replace_image="<image>") == "<image>\na pixel"
    assert mixed.to_text().startswith("data:image/png;base64,iVBOR")
    assert ToolResult.model_validate_json(mixed.model_dump_json()) == mixed


async def test_cancellation_propagates() -> None:
    stuck = Stuck()
    bench = StaticWorkbench([stuck])
    token = CancellationToken()
    call = asyncio.ensure_future(bench.call_tool("stuck", {}, token))
    await asyncio.sleep(0.01)
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(call, 1)
    assert stuck.cancelled


async def test_overrides_rename_and_redescribe() -> None:
    overrides = {"add": ToolOverride(name="plus", description="Sum two integers.")}
    bench = StaticWorkbench([FunctionTool(add), Counter()], tool_overrides=overrides)
    schemas = await bench.list_tools()
    assert [(s["name"], s.get("description")) for s in schemas] == [
        ("plus", "Sum two integers."),
        ("count", "Count calls."),
    ]
    assert text_of(await bench.call_tool("plus", {"a": 1})) == "2"
    old = await bench.call_tool("add", {"a": 1})
    assert old.is_error
    assert "available tools: plus, count" in text_of(old)
    wrong = await bench.call_tool("plus", {"a": "x"})
    assert text_of(wrong).startswith("invalid arguments for tool 'plus': field 'a'")


@pytest.mark.parametrize(
    ("tools", "overrides", "message"),
    [
        (["add", "count"], {"add": ToolOverride(name="count")}, "which is the name of another"),
        (
            ["add", "count", "other"],
            {"add": ToolOverride(name="x"), "count": ToolOverride(name="x")},
            "rename both 'add' and 'count' to 'x'",
        ),
        (["add"], {"mul": ToolOverride(name="times")}, "override for 'mul': there is no such"),
        (["add"], {"add": ToolOverride(name="bad name")}, "not a valid tool name"),
        (["count", "count"], {}, "two tools are named 'count'"),
    ],
)
def test_ambiguous_names_are_refused(
    tools: list[str], overrides: dict[str, ToolOverride], message: str
) -> None:
    built = [FunctionTool(add) if name == "add" else Counter(name) for name in tools]
    with pytest.raises(ToolDefinitionError, match=message):
        StaticWorkbench(built, tool_overrides=overrides)


async def test_stop_start_and_context_manager(bench: StaticWorkbench) -> None:
    await bench.stop()
    stopped = await bench.call_tool("add", {"a": 1})
    assert stopped.is_error
    assert text_of(stopped) == "the workbench is stopped; start() it to call tool 'add'"
    await bench.start()
    assert not (await bench.call_tool("add", {"a": 1})).is_error
    async with bench as entered:
        assert entered is bench
        assert text_of(await bench.call_tool("add", {"a": 1})) == "2"
    assert (await bench.call_tool("add", {"a": 1})).is_error


async def test_reset_restores_initial_state_and_restarts() -> None:
    counter = Counter()
    bench = StaticWorkbench([counter])
    for expected in ("1", "2"):
        assert text_of(await bench.call_tool("count")) == expected
    await bench.stop()
    await bench.reset()
    assert counter.count == 0
    assert text_of(await bench.call_tool("count")) == "1"


async def test_state_round_trip() -> None:
    bench = StaticWorkbench([Counter(), FunctionTool(add)])
    await bench.call_tool("count")
    await bench.call_tool("count")
    state = await bench.save_state()
    assert state == {"type": "StaticWorkbenchState", "tools": {"count": {"count": 2}, "add": {}}}
    fresh_counter = Counter()
    fresh = StaticWorkbench([fresh_counter, FunctionTool(add)])
    await fresh.load_state(state)
    assert fresh_counter.count == 2
    assert text_of(await fresh.call_tool("count")) == "3"
    await fresh.reset()
    assert fresh_counter.count == 0


async def test_bad_state_is_refused() -> None:
    bench = StaticWorkbench([Counter()])
    with pytest.raises(ValueError, match="unknown tools gone"):
        await bench.load_state({"tools": {"gone": {}}})
    with pytest.raises(ValueError, match="invalid workbench state: field 'tools'"):
        await bench.load_state({"tools": []})


async def test_stream_workbench_yields_chunks_then_result() -> None:
    bench = StaticStreamWorkbench([Words(), FunctionTool(add)])
    items = [item async for item in bench.call_tool_stream("words", {"text": "a b c"})]
    assert items[:3] == ["a", "b", "c"]
    assert items[3] == ToolResult(name="words", result=[TextResultContent(content="3")])
    plain = [item async for item in bench.call_tool_stream("add", {"a": 1})]
    assert plain == [ToolResult(name="add", result=[TextResultContent(content="2")])]
    assert text_of(await bench.call_tool("words", {"text": "x y"})) == "2"


async def test_stream_errors_end_with_an_error_result() -> None:
    bench = StaticStreamWorkbench([Words()])
    items = [item async for item in bench.call_tool_stream("words", {"text": "a boom"})]
    assert items[0] == "a"
    assert len(items) == 2
    last = items[-1]
    assert isinstance(last, ToolResult)
    assert last.is_error
    assert text_of(last) == "tool 'words' raised ValueError: exploded mid-stream"
    bad_args = [item async for item in bench.call_tool_stream("words", {"txt": "a"})]
    assert len(bad_args) == 1
    assert "invalid arguments for tool 'words'" in text_of(bad_args[0])
    unknown = [item async for item in bench.call_tool_stream("nope")]
    assert len(unknown) == 1
    assert unknown[0].is_error


async def test_cancelling_a_stream_raises() -> None:
    bench = StaticStreamWorkbench([Words()])
    token = CancellationToken()
    stream = bench.call_tool_stream("words", {"text": "a b c d"}, token)
    assert await anext(stream) == "a"
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await anext(stream)


class HolderConfig(BaseModel):
    workbench: ComponentModel


class Holder(Component[HolderConfig]):
    """Something (like an agent) that holds a workbench."""

    component_type = "agent"
    component_provider = "workbench_holder"
    component_config_schema = HolderConfig

    def __init__(self, workbench: Workbench) -> None:
        self.workbench = workbench

    def _to_config(self) -> HolderConfig:
        return HolderConfig(workbench=self.workbench.dump_component())

    @classmethod
    def _from_config(cls, config: HolderConfig) -> Self:
        return cls(Workbench.load_component(config.workbench))


class HolderPlugin:
    @hookimpl
    def register_agents(self, register: Register) -> None:
        register("workbench_holder", Holder)


@pytest.mark.parametrize("kind", [StaticWorkbench, StaticStreamWorkbench])
async def test_workbench_dump_and_load(kind: type[StaticWorkbench]) -> None:
    overrides = {"add": ToolOverride(description="Add.")}
    bench = kind([FunctionTool(add), FunctionTool(fail)], tool_overrides=overrides)
    spec = bench.dump_component()
    assert spec.component_type == "workbench"
    assert spec.provider == ("static" if kind is StaticWorkbench else "static_stream")
    assert [tool["provider"] for tool in spec.config["tools"]] == ["function", "function"]
    with pytest.raises(UntrustedCodeError, match=r"FunctionTool 'add'.*trusted=True"):
        Workbench.load_component(spec)
    loaded = Workbench.load_component(spec.model_dump_json(), trusted=True)
    assert type(loaded) is kind
    assert await loaded.list_tools() == await bench.list_tools()
    assert text_of(await loaded.call_tool("add", {"a": 1})) == "2"
    assert loaded.dump_component() == spec


async def test_nested_workbench_inherits_the_trust_flag(register_plugin: RegisterPlugin) -> None:
    register_plugin(HolderPlugin(), name="test-workbench-holder")
    spec = Holder(StaticWorkbench([FunctionTool(add)])).dump_component()
    with pytest.raises(UntrustedCodeError, match="trusted=True"):
        Holder.load_component(spec)
    loaded = Holder.load_component(spec, trusted=True)
    assert text_of(await loaded.workbench.call_tool("add", {"a": 5})) == "6"


def test_dump_and_load_refusals() -> None:
    with pytest.raises(ComponentError, match=r"tool 'count' \(Counter\) cannot be dumped"):
        StaticWorkbench([Counter()]).dump_component()
    inner = StaticWorkbench([]).dump_component()
    spec = {"provider": "static", "component_type": "workbench", "config": {"tools": [inner]}}
    with pytest.raises(
        ComponentError, match=r"tools\[0\] \(provider 'static'\) is a StaticWorkbench, not a tool"
    ):
        Workbench.load_component(spec)
    tools = [FunctionTool(add).dump_component()]
    clash = {"tools": tools, "tool_overrides": {"nope": {"name": "x"}}}
    spec = {"provider": "static", "component_type": "workbench", "config": clash}
    with pytest.raises(ComponentError, match="override for 'nope'"):
        Workbench.load_component(spec, trusted=True)
