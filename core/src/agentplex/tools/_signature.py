"""Turn a function's typed signature into an args model and a way to call it."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, PydanticUserError, create_model
from pydantic.fields import FieldInfo

from .._cancellation import CancellationToken
from ._errors import ToolDefinitionError

TOKEN_PARAMETER = "cancellation_token"


@dataclass(frozen=True)
class Parameter:
    """How one function parameter is filled: from an args-model field or the token."""

    name: str
    field: str | None
    """Name of the args-model field, or None for the cancellation token."""
    positional: bool
    """Positional-only: passed by position."""


@dataclass(frozen=True)
class CallPlan:
    """The args model of a function and how to call the function with a validated one."""

    args_model: type[BaseModel]
    return_type: Any
    parameters: tuple[Parameter, ...]

    def arguments(
        self, args: BaseModel, token: CancellationToken
    ) -> tuple[list[Any], dict[str, Any]]:
        """Positional and keyword arguments for one call."""
        positional: list[Any] = []
        keywords: dict[str, Any] = {}
        for parameter in self.parameters:
            value = token if parameter.field is None else getattr(args, parameter.field)
            if parameter.positional:
                positional.append(value)
            else:
                keywords[parameter.name] = value
        return positional, keywords


def plan_call(func: Callable[..., Any], name: str) -> CallPlan:
    """Read ``func``'s signature; refuse what a tool schema cannot describe."""
    try:
        signature = inspect.signature(func, eval_str=True)
    except (NameError, SyntaxError, TypeError, ValueError) as exc:
        raise ToolDefinitionError(
            f"cannot read the signature of function '{name}': {exc} (a tool loaded from a "
            "config needs every name its annotations use in global_imports)"
        ) from exc
    fields: dict[str, Any] = {}
    parameters: list[Parameter] = []
    for index, param in enumerate(signature.parameters.values()):
        positional = param.kind is inspect.Parameter.POSITIONAL_ONLY
        if param.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            raise ToolDefinitionError(
                f"function '{name}' takes *{param.name}/**{param.name}-style arguments, which "
                "a tool schema cannot describe; name every parameter"
            )
        if _is_token(param):
            parameters.append(Parameter(param.name, None, positional))
            continue
        if param.annotation is inspect.Parameter.empty:
            raise ToolDefinitionError(
                f"parameter '{param.name}' of function '{name}' has no type annotation; "
                "annotate it so the model knows what to pass"
            )
        field = param.name if _plain_field_name(param.name) else f"arg_{index}"
        fields[field] = _field(param, alias=field != param.name)
        parameters.append(Parameter(param.name, field, positional))
    try:
        model = create_model(
            f"{name}_args",
            __config__=ConfigDict(extra="forbid", protected_namespaces=()),
            **fields,
        )
    except (PydanticUserError, TypeError, ValueError, NameError) as exc:
        raise ToolDefinitionError(
            f"cannot build the arguments of function '{name}': {exc}"
        ) from exc
    return_type = signature.return_annotation
    if return_type is inspect.Signature.empty:
        return_type = Any
    return CallPlan(model, return_type, tuple(parameters))


def _is_token(param: inspect.Parameter) -> bool:
    annotation = param.annotation
    if annotation is CancellationToken:
        return True
    if CancellationToken in get_args(annotation):  # CancellationToken | None
        return True
    return param.name == TOKEN_PARAMETER and annotation is inspect.Parameter.empty


def _plain_field_name(name: str) -> bool:
    """Usable as a pydantic field as it is (no leading '_', no BaseModel attribute)."""
    return not name.startswith("_") and not hasattr(BaseModel, name)


def _field(param: inspect.Parameter, *, alias: bool) -> tuple[Any, FieldInfo]:
    """Type and field info of one parameter: default, description, alias.

    A ``str`` in ``Annotated[...]`` is the description; a pydantic ``Field(...)``
    given as the annotation's metadata or as the default is honoured as is.
    """
    annotation, default = param.annotation, param.default
    metadata = list(annotation.__metadata__) if get_origin(annotation) is Annotated else []
    if isinstance(default, FieldInfo):
        annotation = Annotated[annotation, default]
        metadata.append(default)
        default = inspect.Parameter.empty
    extra: dict[str, Any] = {"alias": param.name} if alias else {}
    texts = [item for item in metadata if isinstance(item, str)]
    described = any(isinstance(item, FieldInfo) and item.description for item in metadata)
    if texts and not described:
        extra["description"] = " ".join(texts)
    info: FieldInfo = (
        Field(**extra) if default is inspect.Parameter.empty else Field(default, **extra)
    )
    return annotation, info
