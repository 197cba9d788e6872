"""Parsing a model's answer into the pydantic type an agent was asked to produce."""

from __future__ import annotations

import re
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .._errors import AgentplexError
from ..components import describe_errors

ModelT = TypeVar("ModelT", bound=BaseModel)

_FENCED = re.compile(r"^\s*```(?:json)?[ \t]*\n(?P<body>.*)\n```\s*$", re.DOTALL)


class StructuredOutputError(AgentplexError, ValueError):
    """A model's answer is not valid JSON for the requested output type."""


def parse_structured(text: str, output_type: type[ModelT], agent: str) -> ModelT:
    """``text`` (optionally inside one ```json fence) validated as ``output_type``."""
    fenced = _FENCED.match(text)
    body = fenced["body"] if fenced else text
    try:
        return output_type.model_validate_json(body)
    except ValidationError as exc:
        excerpt = text if len(text) <= 300 else text[:300] + "..."
        if any(error["type"] == "json_invalid" for error in exc.errors()):
            problem = f"it is not valid JSON ({exc.errors()[0]['msg']})"
        else:
            problem = f"it does not match the type: {describe_errors(exc)}"
        raise StructuredOutputError(
            f"agent '{agent}': the model's answer is not a valid {output_type.__name__}: "
            f"{problem}; answer: {excerpt!r}"
        ) from None
