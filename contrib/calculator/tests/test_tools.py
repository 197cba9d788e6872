"""The tools and the workbench, directly and through component specs."""

from __future__ import annotations

import json

import pytest

from agentplex import CancellationToken, ComponentError
from agentplex.components import load_component
from agentplex.plugins import providers
from agentplex.tools import FunctionTool, Workbench
from agentplex_calculator import (
    CalculatorTool,
    CalculatorWorkbench,
    NumberSummary,
    calculator_tools,
    convert_units,
    describe_numbers,
)


def test_registered_as_calculator() -> None:
    assert providers("tool")["calculator"] is CalculatorTool
    assert providers("workbench")["calculator"] is CalculatorWorkbench


async def test_calculator_rounds_floats_to_its_precision() -> None:
    token = CancellationToken()
    assert await CalculatorTool().run_json({"expression": "0.1 + 0.2"}, token) == 0.3
    assert await CalculatorTool(precision=3).run_json({"expression": "2 / 3"}, token) == 0.667
    assert await CalculatorTool().run_json({"expression": "2 ** 70"}, token) == 2**70


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        (5, "km", "m", 5000),
        (1, "mi", "km", 1.609344),
        (2, "LB", "kg", 0.90718474),
        (90, "min", "h", 1.5),
        (100, "C", "F", 212),
        (32, "f", "k", 273.15),
        (0, "K", "C", -273.15),
    ],
)
def test_convert_units(value: float, source: str, target: str, expected: float) -> None:
    assert convert_units(value, source, target) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("km", "kg", r"cannot convert km \(length\) to kg \(mass\)"),
        ("C", "m", "only one is a temperature"),
        ("parsec", "m", "unknown unit 'parsec'"),
    ],
)
def test_convert_units_refuses_mismatches(source: str, target: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        convert_units(1, source, target)


def test_describe_numbers() -> None:
    summary = describe_numbers([4, 1, 3, 2])
    assert summary.stdev == pytest.approx(1.290994)
    assert summary == NumberSummary(
        count=4, total=10, mean=2.5, median=2.5, minimum=1, maximum=4, stdev=summary.stdev
    )
    assert describe_numbers([7]).stdev is None
    with pytest.raises(ValueError, match="at least one number"):
        describe_numbers([])


def test_tool_set_and_schemas() -> None:
    tools = calculator_tools()
    assert [tool.name for tool in tools] == ["calculator", "convert_units", "describe_numbers"]
    assert isinstance(tools[1], FunctionTool)
    parameters = tools[1].schema["parameters"]
    assert parameters["required"] == ["value", "from_unit", "to_unit"]
    assert "e.g. km" in parameters["properties"]["from_unit"]["description"]


async def test_workbench_calls_tools_and_reports_their_errors() -> None:
    async with CalculatorWorkbench() as workbench:
        ok = await workbench.call_tool("calculator", '{"expression": "6 * 7"}')
        assert (ok.is_error, ok.to_text()) == (False, "42")
        summary = await workbench.call_tool("describe_numbers", {"numbers": [1, 2, 3]})
        assert json.loads(summary.to_text())["mean"] == 2.0
        bad = await workbench.call_tool("calculator", {"expression": "import os"})
        assert bad.is_error
        assert "not an arithmetic expression" in bad.to_text()
        arguments = {"value": 1, "from_unit": "x", "to_unit": "m"}
        unit = await workbench.call_tool("convert_units", arguments)
        assert unit.is_error
        assert "unknown unit 'x'" in unit.to_text()


async def test_workbench_spec_selects_tools_and_round_trips() -> None:
    spec = {
        "provider": "calculator",
        "component_type": "workbench",
        "config": {"precision": 4, "tools": ["calculator"]},
    }
    workbench = Workbench.load_component(spec)
    assert isinstance(workbench, CalculatorWorkbench)
    assert [schema["name"] for schema in await workbench.list_tools()] == ["calculator"]
    result = await workbench.call_tool("calculator", {"expression": "1 / 3"})
    assert result.to_text() == "0.3333"
    dumped = workbench.dump_component()
    assert (dumped.provider, dumped.config) == ("calculator", spec["config"])
    assert isinstance(load_component(dumped), CalculatorWorkbench)


def test_tool_spec_round_trips() -> None:
    tool = load_component({"provider": "calculator", "component_type": "tool"})
    assert isinstance(tool, CalculatorTool)
    assert tool.dump_component().config == {"precision": 12}


def test_unknown_tool_names_are_refused() -> None:
    with pytest.raises(ValueError, match="no tool weather; tools: calculator, convert_units"):
        CalculatorWorkbench(tools=["weather"])
    spec = {"provider": "calculator", "component_type": "workbench", "config": {"precision": 0}}
    with pytest.raises(ComponentError, match="precision"):
        load_component(spec)
