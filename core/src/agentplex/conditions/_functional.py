"""A condition given as a function of the new messages."""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Awaitable, Callable
from typing import Self

from pydantic import BaseModel

from ..components import Component, require_trusted
from ..messages import StopMessage
from ._base import Messages, TerminationCondition

Predicate = Callable[[Messages], bool | Awaitable[bool]]


class FunctionalConfig(BaseModel):
    source: str
    name: str


class FunctionalTermination(TerminationCondition, Component[FunctionalConfig]):
    """Fires when ``func(new_messages)`` returns True; ``func`` may be async.

    Dumping stores the function's source; loading it needs ``trusted=True``.
    """

    component_provider = "functional"
    component_config_schema = FunctionalConfig

    def __init__(self, func: Predicate) -> None:
        self.func = func
        self._terminated = False

    @property
    def terminated(self) -> bool:
        return self._terminated

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        verdict = self.func(messages)
        if inspect.isawaitable(verdict):
            verdict = await verdict
        if verdict:
            self._terminated = True
            return StopMessage(
                content=f"Function '{self.func.__name__}' returned True",
                source=type(self).__name__,
            )
        return None

    async def reset(self) -> None:
        self._terminated = False

    def _to_config(self) -> FunctionalConfig:
        name = self.func.__name__
        if name == "<lambda>":
            raise ValueError("a lambda cannot be dumped; define the function with def")
        return FunctionalConfig(source=textwrap.dedent(inspect.getsource(self.func)), name=name)

    @classmethod
    def _from_config(cls, config: FunctionalConfig) -> Self:
        require_trusted(f"FunctionalTermination '{config.name}'")
        namespace: dict[str, object] = {}
        exec(config.source, namespace)
        func = namespace.get(config.name)
        if not callable(func):
            raise ValueError(f"the source does not define a function named '{config.name}'")
        return cls(func)
