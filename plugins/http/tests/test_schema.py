"""The JSON schema of an HttpTool becomes its arguments model: what is accepted, what is
refused (before any request), and what a bad schema says."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from agentplex.tools import StaticWorkbench, ToolArgumentsError, ToolDefinitionError
from agentplex_http import HttpTool

MakeTool = Callable[..., HttpTool]

ORDER: dict[str, Any] = {
    "type": "object",
    "description": "An order.",
    "properties": {
        "item": {"type": "string", "description": "What to buy.", "minLength": 2},
        "count": {"type": "integer", "minimum": 1, "maximum": 10, "default": 1},
        "size": {"type": "string", "enum": ["S", "M", "L"]},
        "price": {"type": "number", "exclusiveMinimum": 0},
        "gift": {"type": "boolean", "x-unknown-keyword": "ignored"},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
        "address": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "zip": {"type": ["string", "null"]},
                "country": {"type": "string", "default": "FR"},
            },
            "required": ["city"],
        },
        "notes": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        "meta": {"type": "object", "additionalProperties": {"type": "integer"}},
        "kind": {"const": "order"},
        "when": {"type": "string", "format": "date"},
        "code": {"type": "string", "pattern": "^(?!x)[a-z]+$"},  # a look-ahead, as in ECMA
    },
    "required": ["item", "size"],
}


def validate(tool: HttpTool, args: dict[str, Any]) -> dict[str, Any]:
    """The arguments as the request would carry them."""
    return tool.parse_args(args).to_wire()


def test_valid_arguments_are_accepted_with_schema_defaults(make_tool: MakeTool) -> None:
    tool = make_tool("/echo", ORDER)
    wire = validate(
        tool,
        {
            "item": "tea",
            "size": "M",
            "price": 2,
            "tags": ["hot"],
            "address": {"city": "Lyon", "zip": None},
            "notes": 3,
            "meta": {"a": 1},
            "kind": "order",
            "code": "abc",
        },
    )
    assert wire == {
        "item": "tea",
        "count": 1,  # schema default, sent
        "size": "M",
        "price": 2.0,
        "tags": ["hot"],
        "address": {"city": "Lyon", "zip": None, "country": "FR"},
        "notes": 3,
        "meta": {"a": 1},
        "kind": "order",
        "code": "abc",
    }


def test_optional_arguments_left_out_are_not_sent(make_tool: MakeTool) -> None:
    assert validate(make_tool("/echo", ORDER), {"item": "tea", "size": "S"}) == {
        "item": "tea",
        "count": 1,
        "size": "S",
    }


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ({"size": "M"}, "field 'item': Field required"),
        ({"item": "tea", "size": "XL"}, "field 'size': Input should be 'S', 'M' or 'L'"),
        ({"item": "t", "size": "S"}, "field 'item': String should have at least 2 characters"),
        ({"item": "tea", "size": "S", "count": 11}, "field 'count': Input should be less"),
        ({"item": "tea", "size": "S", "price": 0}, "field 'price': Input should be greater"),
        ({"item": "tea", "size": "S", "tags": ["a"] * 4}, "field 'tags': List should have"),
        ({"item": "tea", "size": "S", "address": {}}, "field 'address.city': Field required"),
        ({"item": "tea", "size": "S", "meta": {"a": "x"}}, "field 'meta.a': Input should be"),
        ({"item": "tea", "size": "S", "kind": "refund"}, "field 'kind': Input should be 'order'"),
        ({"item": "tea", "size": "S", "code": "xy"}, "field 'code': String should match"),
        ({"item": "tea", "size": "S", "colour": "red"}, "field 'colour': Extra inputs"),
    ],
)
def test_invalid_arguments_are_refused(make_tool: MakeTool, args: Any, problem: str) -> None:
    with pytest.raises(ToolArgumentsError) as caught:
        validate(make_tool("/echo", ORDER), args)
    assert any(item.startswith(problem) for item in caught.value.problems), caught.value.problems


async def test_invalid_arguments_give_an_error_result_before_any_request(
    make_tool: MakeTool, served: Any
) -> None:
    workbench = StaticWorkbench([make_tool("/echo", ORDER, name="order")])
    result = await workbench.call_tool("order", {"item": "tea", "size": "XXL", "count": "many"})
    assert result.is_error
    text = result.to_text()
    assert "invalid arguments for tool 'order'" in text
    assert "field 'size'" in text
    assert "field 'count'" in text
    assert served.requests == []


def test_the_model_sees_the_schema(make_tool: MakeTool) -> None:
    schema = make_tool("/echo", ORDER, description="Place an order.").schema
    assert schema["description"] == "Place an order."
    parameters = schema["parameters"]
    properties = parameters["properties"]
    assert set(parameters["required"]) == {"item", "size"}
    assert properties["item"]["description"] == "What to buy."
    assert properties["size"]["enum"] == ["S", "M", "L"]
    assert properties["count"]["default"] == 1
    assert "default" not in properties["gift"]  # optional, not defaulted to null
    assert properties["gift"]["type"] == "boolean"
    assert properties["when"]["format"] == "date"
    assert properties["address"]["properties"]["city"]["type"] == "string"
    assert "$ref" not in str(schema)
    assert parameters["additionalProperties"] is False


def test_references_to_definitions_are_resolved(make_tool: MakeTool) -> None:
    schema = {
        "type": "object",
        "$defs": {"Point": {"type": "object", "properties": {"x": {"type": "number"}}}},
        "properties": {
            "at": {"$ref": "#/$defs/Point"},
            "path": {"items": {"$ref": "#/$defs/Point"}},
        },
        "required": ["at"],
    }
    tool = make_tool("/echo", schema)
    assert validate(tool, {"at": {"x": 1}, "path": [{"x": 2}]}) == {
        "at": {"x": 1.0},
        "path": [{"x": 2.0}],
    }
    with pytest.raises(ToolArgumentsError, match=r"field 'at\.x'"):
        validate(tool, {"at": {"x": "far"}})


def test_property_names_that_are_not_identifiers(make_tool: MakeTool) -> None:
    names = ["user-id", "class", "json", "model_config", "_private", "schema_defaults"]
    schema = {"type": "object", "properties": {name: {"type": "string"} for name in names}}
    args = {name: f"value of {name}" for name in names}
    assert validate(make_tool("/echo", schema), args) == args


def test_additional_properties_allow_extra_arguments(make_tool: MakeTool) -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "additionalProperties": True,
    }
    assert validate(make_tool("/echo", schema), {"a": "x", "b": 2}) == {"a": "x", "b": 2}


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"type": "array"}, "the arguments must be an object schema"),
        ({"type": "object", "properties": []}, "'properties' must be an object"),
        ({"properties": {"a": {"type": "strin"}}}, r"at #/properties/a: unknown type 'strin'"),
        ({"properties": {"a": {}}, "required": ["b"]}, "'required' names b"),
        ({"properties": {"a": {"enum": []}}}, "'enum' must be a non-empty list"),
        ({"properties": {"a": {"enum": [[1]]}}}, "'enum' and 'const' values must be"),
        ({"properties": {"a": {"$ref": "https://x/s.json"}}}, "only local references"),
        ({"properties": {"a": {"$ref": "#/$defs/Nope"}}}, "'#/\\$defs/Nope' points to nothing"),
        (
            {
                "$defs": {"N": {"properties": {"n": {"$ref": "#/$defs/N"}}}},
                "properties": {"a": {"$ref": "#/$defs/N"}},
            },
            "refers to itself",
        ),
        (
            {"properties": {"a": {"type": "string", "pattern": "("}}},
            r"at #/properties/a/pattern: is not a valid regular expression",
        ),
        (
            {"properties": {"a": {"type": "integer", "minimum": "1"}}},
            r"at #/properties/a/minimum: must be a number, got '1'",
        ),
        ({"properties": {"a": {"type": "array", "maxItems": -1}}}, "maxItems: must be a count"),
        (
            {"properties": {"a": {"type": "integer", "default": "one"}}},
            "at #/properties/a: default 'one' does not fit the schema",
        ),
        (
            {"properties": {"a": {"properties": {"f": {"type": "string", "format": "file-path"}}}}},
            "format 'file-path' is allowed only on top-level properties",
        ),
    ],
)
def test_a_bad_schema_is_refused_with_its_location(
    make_tool: MakeTool, schema: dict[str, Any], message: str
) -> None:
    with pytest.raises(ToolDefinitionError, match=message):
        make_tool("/echo", schema, name="bad")
