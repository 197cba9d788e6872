"""JSON mode and structured output: the ``response_format`` param and checking the answer."""

from __future__ import annotations

from typing import Any, cast

from pydantic import BaseModel, ValidationError

from agentplex.components import describe_errors

from ._errors import StructuredOutputError
from ._messages import openai_name


def response_format(json_output: bool | type[BaseModel] | None) -> dict[str, Any] | None:
    """``{"type": "json_object"}`` for True, a strict ``json_schema`` for a model class."""
    if json_output is None or json_output is False:
        return None
    if json_output is True:
        return {"type": "json_object"}
    if isinstance(json_output, type) and issubclass(json_output, BaseModel):
        return {
            "type": "json_schema",
            "json_schema": {
                "name": openai_name(json_output.__name__),
                "schema": strict_json_schema(json_output),
                "strict": True,
            },
        }
    raise TypeError(
        f"json_output must be True, False, None or a pydantic model class, got {json_output!r}"
    )


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON schema in the shape OpenAI's strict mode accepts.

    Every object lists all its properties as required and allows no others;
    ``"default": null`` is dropped (an optional field stays nullable).
    """
    return cast(dict[str, Any], _strict(model.model_json_schema()))


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _strict(value) for key, value in node.items()}
    if isinstance(result.get("properties"), dict) and result.get("type") == "object":
        result["additionalProperties"] = False
        result["required"] = list(result["properties"])
    if "default" in result and result["default"] is None:
        del result["default"]
    return result


def check_structured(
    model: type[BaseModel], content: str, *, model_name: str, truncated: bool
) -> None:
    """Raise :class:`StructuredOutputError` unless ``content`` is valid JSON for ``model``."""
    try:
        model.model_validate_json(content)
    except ValidationError as exc:
        cut = " (the answer was cut at the token limit)" if truncated else ""
        raise StructuredOutputError(
            f"the answer of model '{model_name}' is not a valid {model.__name__}{cut}: "
            f"{describe_errors(exc)}; answer: {content[:200]!r}"
        ) from None
