"""Tool schemas: what a model is told about a tool's arguments."""

from __future__ import annotations

import enum
import json
from typing import Annotated, Any, Literal, Optional

import pytest
from pydantic import BaseModel, ConfigDict, Field

from agentplex import CancellationToken
from agentplex.tools import (
    BaseTool,
    FunctionTool,
    Tool,
    ToolArgumentsError,
    ToolDefinitionError,
    ToolSchema,
    tool_schema,
)


class Address(BaseModel):
    street: str
    city: str = "Paris"


class Person(BaseModel):
    name: str
    address: Address


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")
    street: str


class StrictPerson(BaseModel):
    name: str
    address: Closed


class Node(BaseModel):
    value: int
    children: list[Node]


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


def parameters(tool: Tool) -> dict[str, Any]:
    params = tool.schema.get("parameters")
    assert params is not None
    return dict(params)


def test_required_parameters_defaults_and_docstring() -> None:
    def greet(name: str, times: int = 2) -> str:
        """Greet someone."""
        return name * times

    tool = FunctionTool(greet)
    schema = tool.schema
    assert schema["name"] == "greet"
    assert schema.get("description") == "Greet someone."
    assert schema.get("strict") is False
    params = parameters(tool)
    assert params["type"] == "object"
    assert params["required"] == ["name"]
    assert params["additionalProperties"] is False
    assert params["properties"]["name"]["type"] == "string"
    assert params["properties"]["times"] == {"default": 2, "title": "Times", "type": "integer"}


def test_optional_parameters_accept_null() -> None:
    def find(query: Optional[str], limit: int | None = None) -> str:  # noqa: UP045
        """Find."""
        return ""

    params = parameters(FunctionTool(find))
    assert params["required"] == ["query"]
    assert {"type": "null"} in params["properties"]["query"]["anyOf"]
    assert {"type": "null"} in params["properties"]["limit"]["anyOf"]
    assert params["properties"]["limit"]["default"] is None


def test_lists_and_dicts() -> None:
    def stats(values: list[float], weights: dict[str, int], pair: tuple[int, str]) -> str:
        """Stats."""
        return ""

    props = parameters(FunctionTool(stats))["properties"]
    assert props["values"]["type"] == "array"
    assert props["values"]["items"] == {"type": "number"}
    assert props["weights"]["additionalProperties"] == {"type": "integer"}
    assert [item["type"] for item in props["pair"]["prefixItems"]] == ["integer", "string"]


def test_nested_models_are_inlined_without_refs() -> None:
    def register(person: Person, friends: list[Person] | None = None) -> str:
        """Register."""
        return ""

    params = parameters(FunctionTool(register))
    text = json.dumps(params)
    assert "$ref" not in text
    assert "$defs" not in text
    person = params["properties"]["person"]
    assert person["properties"]["address"]["properties"]["street"] == {
        "title": "Street",
        "type": "string",
    }
    friends = params["properties"]["friends"]["anyOf"][0]
    assert friends["items"]["properties"]["name"]["type"] == "string"


def test_recursive_argument_type_is_refused() -> None:
    def walk(tree: Node) -> int:
        """Walk."""
        return 0

    with pytest.raises(ToolDefinitionError, match="'Node' is recursive"):
        FunctionTool(walk)


def test_annotated_descriptions_both_ways() -> None:
    def move(
        x: Annotated[int, "horizontal offset"],
        y: Annotated[int, Field(description="vertical offset", ge=0)] = 0,
        z: int = Field(5, description="depth"),
        w: Annotated[int, "ignored", Field(description="explicit wins")] = 1,
    ) -> str:
        """Move."""
        return ""

    props = parameters(FunctionTool(move))["properties"]
    assert props["x"]["description"] == "horizontal offset"
    assert props["y"]["description"] == "vertical offset"
    assert props["y"]["minimum"] == 0
    assert props["y"]["default"] == 0
    assert props["z"] == {"default": 5, "description": "depth", "title": "Z", "type": "integer"}
    assert props["w"]["description"] == "explicit wins"


def test_literal_and_enum_parameters() -> None:
    def paint(color: Color, finish: Literal["matte", "gloss"] = "matte") -> str:
        """Paint."""
        return ""

    props = parameters(FunctionTool(paint))["properties"]
    assert props["color"]["enum"] == ["red", "green"]
    assert props["finish"]["enum"] == ["matte", "gloss"]


async def test_awkward_parameter_names_keep_their_names() -> None:
    def f(json: int, _hidden: int, schema: str = "s") -> str:
        """Names that clash with pydantic."""
        return f"{json} {_hidden} {schema}"

    tool = FunctionTool(f)
    props = parameters(tool)["properties"]
    assert set(props) == {"json", "_hidden", "schema"}
    result = await tool.run_json({"json": 1, "_hidden": 2}, CancellationToken())
    assert result == "1 2 s"


def test_cancellation_token_is_not_in_the_schema() -> None:
    async def by_type(a: int, token: CancellationToken) -> int:
        """A."""
        return a

    async def by_name(a: int, cancellation_token) -> int:  # type: ignore[no-untyped-def]
        """B."""
        return a

    for func in (by_type, by_name):
        params = parameters(FunctionTool(func))
        assert list(params["properties"]) == ["a"]
        assert params["required"] == ["a"]


def test_strict_schema_closes_nested_objects() -> None:
    def save(person: StrictPerson, tags: list[str]) -> str:
        """Save."""
        return ""

    tool = FunctionTool(save, strict=True)
    schema = tool.schema
    assert schema.get("strict") is True
    params = parameters(tool)
    assert params["required"] == ["person", "tags"]
    assert params["properties"]["person"]["additionalProperties"] is False
    assert params["properties"]["person"]["properties"]["address"]["additionalProperties"] is False


@pytest.mark.parametrize(
    ("signature", "problem"),
    [
        ("a: int, b: int = 1", "field 'b' has a default"),
        ("a: int | None = None", "field 'a' has a default"),
        ("person: Person", "field 'person.address.city' has a default"),
        ("weights: dict[str, int]", "field 'weights' is a free-form mapping"),
    ],
)
def test_strict_mode_refusals(signature: str, problem: str) -> None:
    namespace: dict[str, Any] = {"Person": Person}
    exec(f'def f({signature}) -> str:\n    "F."\n    return ""', namespace)
    with pytest.raises(ToolDefinitionError, match="strict") as info:
        FunctionTool(namespace["f"], strict=True)
    assert problem in str(info.value)
    FunctionTool(namespace["f"])  # fine without strict


def test_names_and_descriptions_are_checked() -> None:
    def f() -> None:
        pass

    with pytest.raises(ToolDefinitionError, match="needs a description"):
        FunctionTool(f)
    with pytest.raises(ToolDefinitionError, match="not a valid tool name"):
        FunctionTool(f, "Does f.", name="has space")
    with pytest.raises(ToolDefinitionError, match="pass name="):
        FunctionTool(lambda: 1, "One.")
    assert FunctionTool(lambda: 1, "One.", name="one").name == "one"
    assert FunctionTool(f, "Given.").description == "Given."


def test_unschemable_signatures_are_refused() -> None:
    def star(*values: int) -> None:
        """Star."""

    def untyped(a) -> None:  # type: ignore[no-untyped-def]
        """Untyped."""

    with pytest.raises(ToolDefinitionError, match=r"\*values"):
        FunctionTool(star)
    with pytest.raises(ToolDefinitionError, match="'a' of function 'untyped' has no type"):
        FunctionTool(untyped)


def test_schema_is_a_copy() -> None:
    def f(a: int) -> int:
        """F."""
        return a

    tool = FunctionTool(f)
    first = tool.schema
    first["name"] = "changed"
    params = first.get("parameters")
    assert params is not None
    params["properties"].clear()
    assert tool.schema["name"] == "f"
    assert "a" in parameters(tool)["properties"]


def test_tool_schema_helper() -> None:
    def f(a: int) -> int:
        """F."""
        return a

    tool = FunctionTool(f)
    raw: ToolSchema = {"name": "raw", "description": "Raw."}
    assert tool_schema(raw) is raw
    assert tool_schema(tool) == tool.schema


class SearchArgs(BaseModel):
    query: str
    limit: int = 3


class Hit(BaseModel):
    title: str


class Search(BaseTool[SearchArgs, list[Hit]]):
    def __init__(self) -> None:
        super().__init__(SearchArgs, list, "search", "Search the index.")

    async def run(self, args: SearchArgs, cancellation_token: CancellationToken) -> list[Hit]:
        return [Hit(title=args.query)] * args.limit


async def test_base_tool_with_its_own_args_model() -> None:
    tool: Tool = Search()
    params = parameters(tool)
    assert params["required"] == ["query"]
    assert params["additionalProperties"] is False
    hits = await tool.run_json({"query": "cats", "limit": 2}, CancellationToken())
    assert tool.return_value_as_string(hits) == '[{"title":"cats"},{"title":"cats"}]'
    with pytest.raises(ToolArgumentsError, match="field 'colour': unexpected argument"):
        await tool.run_json({"query": "cats", "colour": "red"}, CancellationToken())


def test_return_value_as_string() -> None:
    tool = Search()
    assert tool.return_value_as_string("plain") == "plain"
    assert tool.return_value_as_string(Hit(title="x")) == '{"title":"x"}'
    assert tool.return_value_as_string({"a": [1, 2]}) == '{"a":[1,2]}'
    assert tool.return_value_as_string(42) == "42"
    assert tool.return_value_as_string({"s": {1}}) == '{"s":[1]}'
    odd = Opaque()
    assert tool.return_value_as_string([odd]) == "[opaque]"


class Opaque:
    """Not JSON-serialisable: falls back to str()."""

    def __repr__(self) -> str:
        return "opaque"
