"""The pydantic model a tool's JSON schema describes, for validating its arguments.

Understood: ``type`` (one or a list), ``properties``, ``required``, ``default``,
``enum``, ``const``, ``items``, ``additionalProperties``, ``anyOf``/``oneOf``,
a single-item ``allOf``, local ``$ref``s, ``description``, ``format`` (kept in the
schema), and the bounds ``minimum``/``maximum``/``exclusiveMinimum``/
``exclusiveMaximum``/``multipleOf``, ``minLength``/``maxLength``/``pattern`` and
``minItems``/``maxItems``. Other keywords are ignored.
"""

from __future__ import annotations

import copy
import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Final, Literal, NoReturn, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    TypeAdapter,
    ValidationError,
    create_model,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, SchemaError

from agentplex.tools import ToolDefinitionError

FILE_PATH_FORMAT: Final = "file-path"
"""``"format": "file-path"`` marks a string argument as a local file to upload."""

Where = tuple[str, ...]

_NUMBER_BOUNDS: Final = {
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "multipleOf": "multiple_of",
}
_BOUNDS: Final = {
    "string": {"minLength": "min_length", "maxLength": "max_length", "pattern": "pattern"},
    "integer": _NUMBER_BOUNDS,
    "number": _NUMBER_BOUNDS,
    "array": {"minItems": "min_length", "maxItems": "max_length"},
}
_SCALAR = (str, int, float, bool, type(None))
_CONFIG: Final = ConfigDict(extra="forbid", regex_engine="python-re")


class SchemaArgs(BaseModel):
    """Base of the argument models built from a JSON schema."""

    model_config = _CONFIG

    schema_defaults: ClassVar[dict[str, Any]] = {}
    """Defaults from the schema, by property name; they count as given arguments."""

    @model_validator(mode="before")
    @classmethod
    def _apply_schema_defaults(cls, data: Any) -> Any:
        if cls.schema_defaults and isinstance(data, Mapping):
            return {**copy.deepcopy(cls.schema_defaults), **data}
        return data

    def to_wire(self) -> dict[str, Any]:
        """The arguments given plus schema defaults, as JSON data keyed by property name."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class _OpenSchemaArgs(SchemaArgs):
    model_config = ConfigDict(extra="allow", regex_engine="python-re")


@dataclass(frozen=True)
class ArgsSpec:
    """What :func:`args_model` built: the model and its file-path properties."""

    model: type[SchemaArgs]
    file_fields: frozenset[str]
    """Top-level properties holding a file path (or a list of them) to upload."""


def args_model(schema: Mapping[str, Any], tool: str) -> ArgsSpec:
    """Build the arguments model of tool ``tool`` from its JSON ``schema`` (an object schema).

    Raises :class:`ToolDefinitionError` naming the place in the schema that is wrong.
    """
    builder = _Builder(schema, tool)
    if not isinstance(schema, Mapping) or schema.get("type", "object") != "object":
        builder.fail((), 'the arguments must be an object schema ({"type": "object", ...})')
    model = builder.model(schema, f"{_camel(tool)}Args", ())
    files = set()
    for where in builder.file_paths:
        if len(where) == 2 or (len(where) == 3 and where[2] == "items"):
            files.add(where[1])
        else:
            builder.fail(
                where,
                f"format '{FILE_PATH_FORMAT}' is allowed only on top-level "
                "properties (or on the items of a top-level array)",
            )
    return ArgsSpec(model, frozenset(files))


class _Builder:
    def __init__(self, root: Any, tool: str) -> None:
        self._root = root
        self._tool = tool
        self._refs: tuple[str, ...] = ()
        self.file_paths: list[Where] = []

    def fail(self, where: Where, message: str) -> NoReturn:
        place = "/".join(("#", *where))
        raise ToolDefinitionError(f"tool '{self._tool}': json_schema at {place}: {message}")

    def model(self, node: Mapping[str, Any], name: str, where: Where) -> type[SchemaArgs]:
        properties = node.get("properties", {})
        if not isinstance(properties, Mapping):
            self.fail(where, "'properties' must be an object")
        required = node.get("required", [])
        if not (isinstance(required, list) and all(isinstance(item, str) for item in required)):
            self.fail(where, "'required' must be a list of property names")
        unknown = [item for item in required if item not in properties]
        if unknown:
            self.fail(where, f"'required' names {', '.join(unknown)}, not among the properties")
        fields: dict[str, Any] = {}
        defaults: dict[str, Any] = {}
        for index, (prop, schema) in enumerate(properties.items()):
            here = (*where, "properties", prop)
            annotation = self.annotation(schema, f"{name}{_camel(prop)}", here)
            options: dict[str, Any] = {}
            if isinstance(schema, Mapping) and isinstance(schema.get("description"), str):
                options["description"] = schema["description"]
            field_name = prop
            if not _plain_name(prop):
                options["alias"] = prop
                field_name = f"field_{index}"
                while field_name in properties:
                    field_name += "_"
            if prop in required:
                default: Any = ...
            elif isinstance(schema, Mapping) and "default" in schema:
                default = defaults[prop] = self._checked_default(annotation, schema, here)
            else:  # optional: left out of the request unless given
                default, options["json_schema_extra"] = None, _hide_default
            fields[field_name] = (annotation, Field(default, **options))
        base = _OpenSchemaArgs if node.get("additionalProperties", False) else SchemaArgs
        description = node.get("description")
        try:
            model = create_model(
                name,
                __base__=base,
                __doc__=description if isinstance(description, str) else None,
                **fields,
            )
        except (SchemaError, TypeError, ValueError) as exc:
            self.fail(where, f"cannot be used: {_last_line(exc)}")
        model.schema_defaults = defaults
        return model

    def annotation(self, node: Any, name: str, where: Where) -> Any:
        if node is True:
            return Any
        if not isinstance(node, Mapping):
            self.fail(where, "a schema must be an object")
        if "$ref" in node:
            return self._ref(node["$ref"], name, where)
        if "const" in node:
            return self._literal([node["const"]], where)
        if "enum" in node:
            return self._literal(node["enum"], where)
        for key in ("anyOf", "oneOf"):
            if key in node:
                return self._union(node[key], name, (*where, key))
        all_of = node.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1:
            return self.annotation(all_of[0], name, (*where, "allOf", "0"))
        kind = node.get("type")
        if isinstance(kind, list):
            if not kind:
                self.fail(where, "'type' is an empty list")
            return _union([self.annotation({**node, "type": item}, name, where) for item in kind])
        if kind is None:
            kind = "object" if "properties" in node else "array" if "items" in node else None
        return self._typed(node, kind, name, where)

    def _typed(self, node: Mapping[str, Any], kind: Any, name: str, where: Where) -> Any:
        annotation: Any
        extra: dict[str, Any] = {}
        if kind is None:
            return Any
        if kind == "string":
            annotation = str
            if isinstance(node.get("format"), str):
                annotation = Annotated[str, _Format(node["format"])]
                if node["format"] == FILE_PATH_FORMAT:
                    self.file_paths.append(where)
        elif kind == "integer":
            annotation = int
        elif kind == "number":
            annotation = float
        elif kind == "boolean":
            annotation = bool
        elif kind == "null":
            return None
        elif kind == "array":
            items = node.get("items", True)
            annotation = list[self.annotation(items, f"{name}Item", (*where, "items"))]  # type: ignore[misc]
        elif kind == "object":
            return self._object(node, name, where)
        else:
            self.fail(where, f"unknown type {kind!r}")
        for keyword_name, option in _BOUNDS.get(kind, {}).items():
            if keyword_name in node:
                extra[option] = self._bound(node, keyword_name, (*where, keyword_name))
        return Annotated[annotation, Field(**extra)] if extra else annotation

    def _object(self, node: Mapping[str, Any], name: str, where: Where) -> Any:
        if "properties" in node:
            return self.model(node, name, where)
        values = node.get("additionalProperties", True)
        if values is True or values == {}:
            return dict[str, Any]
        if values is False:
            self.fail(where, "an object without properties that allows none is always empty")
        value = self.annotation(values, f"{name}Value", (*where, "additionalProperties"))
        return dict[str, value]  # type: ignore[valid-type]

    def _literal(self, values: Any, where: Where) -> Any:
        if not (isinstance(values, list) and values):
            self.fail(where, "'enum' must be a non-empty list")
        if not all(isinstance(value, _SCALAR) for value in values):
            self.fail(where, "'enum' and 'const' values must be strings, numbers, booleans or null")
        return Literal.__getitem__(tuple(values))

    def _union(self, options: Any, name: str, where: Where) -> Any:
        if not (isinstance(options, list) and options):
            self.fail(where, "must be a non-empty list of schemas")
        return _union(
            [
                self.annotation(option, f"{name}{index}", (*where, str(index)))
                for index, option in enumerate(options)
            ]
        )

    def _ref(self, ref: Any, name: str, where: Where) -> Any:
        if not (isinstance(ref, str) and ref.startswith("#/")):
            self.fail(where, f"only local references ('#/$defs/Name') are supported, got {ref!r}")
        if ref in self._refs:
            self.fail(where, f"'{ref}' refers to itself; a tool schema cannot be recursive")
        target: Any = self._root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not (isinstance(target, Mapping) and part in target):
                self.fail(where, f"'{ref}' points to nothing")
            target = target[part]
        self._refs = (*self._refs, ref)
        try:
            return self.annotation(target, _camel(ref.rsplit("/", 1)[-1]) or name, where)
        finally:
            self._refs = self._refs[:-1]

    def _bound(self, node: Mapping[str, Any], keyword_name: str, where: Where) -> Any:
        value = node[keyword_name]
        if keyword_name == "pattern":
            expected, ok = "a regular expression", isinstance(value, str)
        elif keyword_name in _NUMBER_BOUNDS:
            expected, ok = "a number", isinstance(value, int | float)
        else:
            expected, ok = "a count", isinstance(value, int) and value >= 0
        if not ok or isinstance(value, bool):
            self.fail(where, f"must be {expected}, got {value!r}")
        if keyword_name == "pattern":
            try:
                re.compile(value)
            except re.error as exc:
                self.fail(where, f"is not a valid regular expression: {exc}")
        return value

    def _checked_default(self, annotation: Any, schema: Mapping[str, Any], where: Where) -> Any:
        default = schema["default"]
        is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
        try:
            adapter = TypeAdapter(annotation, config=None if is_model else _CONFIG)
            adapter.validate_python(copy.deepcopy(default))
        except ValidationError as exc:
            problem = exc.errors(include_url=False)[0]["msg"]
            self.fail(where, f"default {default!r} does not fit the schema: {problem}")
        except (SchemaError, TypeError, ValueError) as exc:
            self.fail(where, f"cannot be used: {_last_line(exc)}")
        return default


@dataclass(frozen=True)
class _Format:
    """Shows a string's ``format`` in the schema (it is not checked)."""

    name: str

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema["format"] = self.name
        return schema


def _last_line(exc: Exception) -> str:
    """The most specific line of a (multi-line) pydantic schema error."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


def _union(options: list[Any]) -> Any:
    return options[0] if len(options) == 1 else Union.__getitem__(tuple(options))


def _hide_default(schema: dict[str, Any]) -> None:
    """Keep ``default: null`` of an optional argument out of the schema the model sees."""
    schema.pop("default", None)


def _plain_name(name: str) -> bool:
    """Whether ``name`` can be a field name as it is (else it becomes an alias)."""
    return (
        name.isidentifier()
        and not keyword.iskeyword(name)
        and not name.startswith(("_", "model_"))
        and not hasattr(SchemaArgs, name)
    )


def _camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", text))
