"""The tool contracts and the base classes tools derive from."""

from __future__ import annotations

import copy
import logging
from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, Mapping
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticSerializationError, to_json

from .._cancellation import CancellationToken
from .._logging import EVENT_LOGGER_NAME
from ..components import ComponentBase
from ._errors import ToolArgumentsError, ToolError
from ._schema import ToolSchema, check_tool_name, parameters_schema

ArgsT = TypeVar("ArgsT", bound=BaseModel)
ReturnT = TypeVar("ReturnT", covariant=True)
StreamT = TypeVar("StreamT", covariant=True)

_events = logging.getLogger(EVENT_LOGGER_NAME)


@runtime_checkable
class Tool(Protocol):
    """Anything a model can call: a name, a description, a schema and ``run_json``."""

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def schema(self) -> ToolSchema: ...

    def args_type(self) -> type[BaseModel]: ...

    def return_type(self) -> type[Any]: ...

    def state_type(self) -> type[BaseModel] | None: ...

    def return_value_as_string(self, value: Any) -> str: ...

    async def run_json(
        self,
        args: Mapping[str, Any],
        cancellation_token: CancellationToken,
        call_id: str | None = None,
    ) -> Any:
        """Validate ``args`` against the schema and run; invalid args raise
        :class:`ToolArgumentsError`."""

    async def save_state_json(self) -> Mapping[str, Any]: ...

    async def load_state_json(self, state: Mapping[str, Any]) -> None: ...


@runtime_checkable
class StreamTool(Tool, Protocol):
    """A tool that yields intermediate results; the last item is the return value."""

    def run_json_stream(
        self,
        args: Mapping[str, Any],
        cancellation_token: CancellationToken,
        call_id: str | None = None,
    ) -> AsyncGenerator[Any, None]: ...


class BaseTool(ComponentBase, ABC, Generic[ArgsT, ReturnT]):
    """A tool whose arguments are a pydantic model; subclasses implement :meth:`run`.

    The schema is built once, at construction: ``$ref``s inlined,
    ``additionalProperties: false``, and (with ``strict``) checked to have
    every field required without a default.
    """

    component_type = "tool"

    def __init__(
        self,
        args_type: type[ArgsT],
        return_type: type[Any],
        name: str,
        description: str,
        strict: bool = False,
    ) -> None:
        self._args_type = args_type
        self._return_type = return_type
        self._name = check_tool_name(name, "tool")
        self._description = description
        self._strict = strict
        self._schema = ToolSchema(
            name=self._name,
            description=description,
            parameters=parameters_schema(args_type, strict=strict, tool=self._name),
            strict=strict,
        )

    @property
    def name(self) -> str:
        return self._name

    @property
    def description(self) -> str:
        return self._description

    @property
    def schema(self) -> ToolSchema:
        """A fresh copy of the schema: callers may change it freely."""
        return copy.deepcopy(self._schema)

    def args_type(self) -> type[BaseModel]:
        return self._args_type

    def return_type(self) -> type[Any]:
        return self._return_type

    def state_type(self) -> type[BaseModel] | None:
        return None

    def return_value_as_string(self, value: Any) -> str:
        """Text for the model: strings as they are, models and containers as JSON."""
        if isinstance(value, str):
            return value
        if isinstance(value, BaseModel):
            return value.model_dump_json()
        if isinstance(value, dict | list | tuple):
            try:
                return to_json(value).decode()
            except PydanticSerializationError:
                return str(value)
        return str(value)

    def parse_args(self, args: Mapping[str, Any]) -> ArgsT:
        """Validate ``args``; every problem (unknown keys too) goes in one ToolArgumentsError."""
        if not isinstance(args, Mapping):
            raise ToolArgumentsError(
                self._name, [f"arguments must be a JSON object, got {type(args).__name__}"]
            )
        problems = []
        if self._args_type.model_config.get("extra") in (None, "ignore"):
            known = _argument_names(self._args_type)
            problems = [f"field '{key}': unexpected argument" for key in args if key not in known]
        try:
            parsed = self._args_type.model_validate(args)
        except ValidationError as exc:
            problems = [*_describe(exc), *problems]
        if problems:
            raise ToolArgumentsError(self._name, problems)
        return parsed

    @abstractmethod
    async def run(self, args: ArgsT, cancellation_token: CancellationToken) -> ReturnT:
        """Do the work with validated ``args``."""

    async def run_json(
        self,
        args: Mapping[str, Any],
        cancellation_token: CancellationToken,
        call_id: str | None = None,
    ) -> Any:
        """Validate ``args`` (raising :class:`ToolArgumentsError`) and :meth:`run`."""
        result = await self.run(self.parse_args(args), cancellation_token)
        self._log_call(args, result, call_id)
        return result

    async def save_state_json(self) -> Mapping[str, Any]:
        """This tool's state as JSON-friendly data (empty: stateless)."""
        return {}

    async def load_state_json(self, state: Mapping[str, Any]) -> None:
        """Restore state from :meth:`save_state_json` (stateless: nothing to do)."""

    def _log_call(self, args: Mapping[str, Any], result: Any, call_id: str | None) -> None:
        if _events.isEnabledFor(logging.INFO):
            event = {
                "type": "ToolCall",
                "tool_name": self._name,
                "call_id": call_id,
                "arguments": dict(args),
                "result": self.return_value_as_string(result),
            }
            _events.info("tool call %s", self._name, extra={"event": event})


class BaseStreamTool(BaseTool[ArgsT, ReturnT], ABC, Generic[ArgsT, StreamT, ReturnT]):
    """A tool that streams: :meth:`run_stream` yields items, the last being the result.

    :meth:`run` (and so ``run_json``) consumes the stream and returns that last
    item, so a stream tool also works where only plain calls are made.
    """

    @abstractmethod
    def run_stream(
        self, args: ArgsT, cancellation_token: CancellationToken
    ) -> AsyncGenerator[StreamT | ReturnT, None]:
        """Yield intermediate items, then the final result."""

    async def run(self, args: ArgsT, cancellation_token: CancellationToken) -> ReturnT:
        last: Any = _NOTHING
        async for item in self.run_stream(args, cancellation_token):
            last = item
        if last is _NOTHING:
            raise ToolError(f"stream tool '{self.name}' yielded nothing")
        result: ReturnT = last
        return result

    async def run_json_stream(
        self,
        args: Mapping[str, Any],
        cancellation_token: CancellationToken,
        call_id: str | None = None,
    ) -> AsyncGenerator[StreamT | ReturnT, None]:
        """Validate ``args`` (raising :class:`ToolArgumentsError`) and stream :meth:`run_stream`."""
        last: Any = _NOTHING
        async for item in self.run_stream(self.parse_args(args), cancellation_token):
            last = item
            yield item
        if last is _NOTHING:
            raise ToolError(f"stream tool '{self.name}' yielded nothing")
        self._log_call(args, last, call_id)


_NOTHING = object()


def _argument_names(model: type[BaseModel]) -> set[str]:
    config = model.model_config
    by_name = config.get("populate_by_name") or config.get("validate_by_name")
    names = set()
    for field_name, field in model.model_fields.items():
        names.add(field.alias or field_name)
        if isinstance(field.validation_alias, str):
            names.add(field.validation_alias)
        if by_name:
            names.add(field_name)
    return names


def _describe(exc: ValidationError) -> list[str]:
    problems = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "(arguments)"
        message = error["msg"]
        if error["type"] not in ("missing", "extra_forbidden"):
            message += f" (got {_short(error['input'])})"
        problems.append(f"field '{where}': {message}")
    return problems


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."
