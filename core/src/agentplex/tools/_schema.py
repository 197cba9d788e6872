"""The JSON schema a model sees for a tool, and how it is built from an args model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from pydantic import BaseModel

from ..models._tool_schemas import tool_schemas
from ._errors import ToolDefinitionError

if TYPE_CHECKING:
    from ._base import Tool

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class ParametersSchema(TypedDict):
    """JSON schema of a tool's arguments: always an object."""

    type: str
    properties: dict[str, Any]
    required: NotRequired[Sequence[str]]
    additionalProperties: NotRequired[bool]


class ToolSchema(TypedDict):
    """What a model is told about a tool (OpenAI's function-tool shape)."""

    name: str
    description: NotRequired[str]
    parameters: NotRequired[ParametersSchema]
    strict: NotRequired[bool]
    """Ask the model to follow the schema exactly (structured outputs)."""


def tool_schema(tool: Tool | ToolSchema) -> ToolSchema:
    """The schema of ``tool``; a ``ToolSchema`` is returned as it is."""
    return tool_schemas([tool])[0]


def check_tool_name(name: str, what: str) -> str:
    """Refuse names model APIs reject (OpenAI, Anthropic: ``[A-Za-z0-9_-]{1,64}``)."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ToolDefinitionError(
            f"{what} name {name!r} is not a valid tool name: use 1-64 letters, digits, '_' or '-'"
        )
    return name


def parameters_schema(args_type: type[BaseModel], *, strict: bool, tool: str) -> ParametersSchema:
    """The ``parameters`` of a tool whose arguments are ``args_type``.

    ``$ref``s are inlined (models handle them poorly); a recursive argument type
    is refused. In strict mode every object is closed (``additionalProperties:
    false``) and every field must be required, without a default.
    """
    raw = args_type.model_json_schema()
    defs: dict[str, Any] = raw.get("$defs", {})
    properties = {
        key: _inline(value, defs, (), tool) for key, value in raw.get("properties", {}).items()
    }
    extra = raw.get("additionalProperties", False)
    parameters = ParametersSchema(
        type="object",
        properties=properties,
        required=list(raw.get("required", [])),
        additionalProperties=extra if isinstance(extra, bool) else True,
    )
    if strict:
        problems: list[str] = []
        if parameters["additionalProperties"]:
            problems.append("the arguments accept extra fields")
        _close_objects(parameters, "", problems)
        if problems:
            raise ToolDefinitionError(
                f"tool '{tool}' is strict, but {'; '.join(problems)} (strict mode needs every "
                "field required without a default, and no free-form mappings)"
            )
    return parameters


def _inline(node: Any, defs: dict[str, Any], seen: tuple[str, ...], tool: str) -> Any:
    if isinstance(node, list):
        return [_inline(item, defs, seen, tool) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.removeprefix("#/$defs/")
        if name in seen:
            raise ToolDefinitionError(
                f"tool '{tool}': argument type '{name}' is recursive, which a tool schema "
                "cannot express; flatten it"
            )
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        resolved = _inline(defs[name], defs, (*seen, name), tool)
        return {**resolved, **_inline(siblings, defs, seen, tool)}
    return {key: _inline(value, defs, seen, tool) for key, value in node.items()}


def _close_objects(node: Any, path: str, problems: list[str]) -> None:
    """Strict mode: close every object schema and note what strict mode cannot take."""
    if isinstance(node, list):
        for item in node:
            _close_objects(item, path, problems)
        return
    if not isinstance(node, dict):
        return
    properties = node.get("properties")
    if isinstance(properties, dict):
        required = set(node.get("required", ()))
        for key, value in properties.items():
            where = f"{path}.{key}" if path else key
            if key not in required or (isinstance(value, dict) and "default" in value):
                problems.append(f"field '{where}' has a default")
            _close_objects(value, where, problems)
        node["additionalProperties"] = False
    elif isinstance(node.get("additionalProperties"), dict) or node.get("type") == "object":
        problems.append(f"field '{path}' is a free-form mapping")
    for key in ("items", "anyOf", "oneOf", "allOf", "prefixItems"):
        if key in node:
            _close_objects(node[key], f"{path}[]" if key == "items" else path, problems)
