"""The contract every code executor implements, and what it takes and returns."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from .._cancellation import CancellationToken
from ..components import ComponentBase


@dataclass(frozen=True)
class CodeBlock:
    """A piece of code and its language (``python``, ``sh``, ``bash``, ...)."""

    code: str
    language: str


@dataclass(frozen=True)
class CodeResult:
    """What running code blocks gave: the last exit code and the combined output."""

    exit_code: int
    output: str


class CodeExecutor(ComponentBase, ABC):
    """Runs code blocks, in order, and reports their output.

    Usable as an async context manager: :meth:`start` on entry, :meth:`stop` on exit.
    """

    component_type = "code_executor"

    @abstractmethod
    async def execute_code_blocks(
        self, code_blocks: Sequence[CodeBlock], cancellation_token: CancellationToken
    ) -> CodeResult:
        """Run ``code_blocks`` in order, stopping at the first that fails.

        Cancelling ``cancellation_token`` stops the running code and raises
        :class:`asyncio.CancelledError`.
        """

    async def start(self) -> None:
        """Acquire what execution needs (a work directory, a container, ...)."""

    async def stop(self) -> None:
        """Release what :meth:`start` acquired."""

    async def restart(self) -> None:
        """Start afresh."""
        await self.stop()
        await self.start()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
