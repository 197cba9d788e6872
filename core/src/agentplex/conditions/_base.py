"""The termination-condition contract and its ``|`` / ``&`` combinations."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Self

from pydantic import BaseModel

from ..components import Component, ComponentBase, ComponentModel
from ..messages import BaseAgentEvent, BaseChatMessage, StopMessage

Messages = Sequence[BaseAgentEvent | BaseChatMessage]


class TerminatedError(RuntimeError):
    """A condition that already fired was called again without ``reset()``."""


class TerminationCondition(ComponentBase, ABC):
    """Decides when a team stops.

    A team calls the condition with the messages produced since the previous
    call; it returns a :class:`StopMessage` saying why once it is met, else None.
    """

    component_type = "termination_condition"

    @property
    @abstractmethod
    def terminated(self) -> bool:
        """True once the condition has fired (until :meth:`reset`)."""

    @abstractmethod
    async def __call__(self, messages: Messages) -> StopMessage | None:
        """Look at new messages; a StopMessage once the condition is met."""

    @abstractmethod
    async def reset(self) -> None:
        """Start over, as if no message had been seen."""

    def _check_not_terminated(self) -> None:
        if self.terminated:
            raise TerminatedError(f"{type(self).__name__} has already fired; reset() it first")

    def __or__(self, other: TerminationCondition) -> OrTerminationCondition:
        return OrTerminationCondition(self, other)

    def __and__(self, other: TerminationCondition) -> AndTerminationCondition:
        return AndTerminationCondition(self, other)


class CompositeConfig(BaseModel):
    conditions: list[ComponentModel]


class _Composite(TerminationCondition, Component[CompositeConfig]):
    component_config_schema = CompositeConfig
    conditions: list[TerminationCondition]

    def __init__(self, *conditions: TerminationCondition) -> None:
        flat: list[TerminationCondition] = []
        for condition in conditions:
            same_kind = isinstance(condition, _Composite) and type(condition) is type(self)
            flat.extend(
                condition.conditions
                if isinstance(condition, _Composite) and same_kind
                else [condition]
            )
        self.conditions = flat

    def _to_config(self) -> CompositeConfig:
        return CompositeConfig(conditions=[c.dump_component() for c in self.conditions])

    @classmethod
    def _from_config(cls, config: CompositeConfig) -> Self:
        return cls(*(TerminationCondition.load_component(c) for c in config.conditions))

    async def reset(self) -> None:
        for condition in self.conditions:
            await condition.reset()


class OrTerminationCondition(_Composite):
    """Fires when any of its conditions fires."""

    component_provider = "or"

    @property
    def terminated(self) -> bool:
        return any(c.terminated for c in self.conditions)

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        stops = [stop for c in self.conditions if (stop := await c(messages)) is not None]
        return _merge(stops) if stops else None


class AndTerminationCondition(_Composite):
    """Fires once every one of its conditions has fired (not necessarily together)."""

    component_provider = "and"

    def __init__(self, *conditions: TerminationCondition) -> None:
        super().__init__(*conditions)
        self._stops: list[StopMessage] = []

    @property
    def terminated(self) -> bool:
        return all(c.terminated for c in self.conditions)

    async def __call__(self, messages: Messages) -> StopMessage | None:
        self._check_not_terminated()
        for condition in self.conditions:
            if not condition.terminated and (stop := await condition(messages)) is not None:
                self._stops.append(stop)
        return _merge(self._stops) if self.terminated else None

    async def reset(self) -> None:
        await super().reset()
        self._stops = []


def _merge(stops: list[StopMessage]) -> StopMessage:
    if len(stops) == 1:
        return stops[0]
    return StopMessage(
        content="; ".join(stop.content for stop in stops),
        source=", ".join(dict.fromkeys(stop.source for stop in stops)),
    )
