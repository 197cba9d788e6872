"""Steps that script what the next run does."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

FailStatus = Literal["failed", "cancelled", "expired", "incomplete"]
_FAIL_STATUSES = ("failed", "cancelled", "expired", "incomplete")


@dataclass(frozen=True)
class RequiresAction:
    """Stop the run at `requires_action` and ask for function tool outputs.

    Each call is `(function_name, arguments)`. Arguments given as a mapping are sent
    as JSON; a string is sent verbatim, so a test can hand a client malformed JSON.
    """

    calls: Sequence[tuple[str, Mapping[str, object] | str]]

    def __post_init__(self) -> None:
        if not self.calls:
            raise ValueError("RequiresAction needs at least one call")

    def encoded_calls(self) -> list[tuple[str, str]]:
        """The calls with their arguments as the JSON strings the API sends."""
        return [
            (name, args if isinstance(args, str) else json.dumps(dict(args)))
            for name, args in self.calls
        ]


@dataclass(frozen=True)
class Reply:
    """Add an assistant text message to the thread and complete the run."""

    text: str


@dataclass(frozen=True)
class Fail:
    """End the run with a terminal status other than `completed`.

    `failed` sets `last_error` (`code` defaults to `server_error`); `incomplete` sets
    `incomplete_details.reason` (`code` defaults to `max_completion_tokens`).
    """

    status: FailStatus = "failed"
    code: str | None = None
    message: str = "The run failed (scripted)."

    def __post_init__(self) -> None:
        if self.status not in _FAIL_STATUSES:
            raise ValueError(f"Fail status must be one of {_FAIL_STATUSES}, not {self.status!r}")


ScriptStep: TypeAlias = RequiresAction | Reply | Fail


def check_script(steps: Sequence[ScriptStep]) -> tuple[ScriptStep, ...]:
    """Validate a script: at least one step, and `Reply`/`Fail` only as the last one."""
    if not steps:
        raise ValueError("script_run needs at least one step")
    for index, step in enumerate(steps):
        if not isinstance(step, RequiresAction | Reply | Fail):
            raise TypeError(f"step {index} is {step!r}, not RequiresAction, Reply or Fail")
        if isinstance(step, Reply | Fail) and index != len(steps) - 1:
            raise ValueError(f"step {index} ({type(step).__name__}) ends the run; it must be last")
    return tuple(steps)
