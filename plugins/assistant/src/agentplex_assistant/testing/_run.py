"""A run moving through its script: status progression, tool calls and stream events."""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from ._errors import bad_request
from ._objects import JSON, message_object, new_id, now, text_part
from ._script import Fail, Reply, RequiresAction, ScriptStep

Event: TypeAlias = tuple[str, str]
"""A server-sent event: its name and its JSON data."""

INTERMEDIATE = frozenset({"queued", "in_progress", "cancelling"})
ACTIVE = INTERMEDIATE | {"requires_action"}
_LIFETIME = 600


@dataclass(frozen=True)
class SubmittedToolOutput:
    """One tool output a client submitted, with the call it answers."""

    run_id: str
    tool_call_id: str
    name: str
    arguments: str
    output: str


def run_object(thread_id: str, assistant: Mapping[str, Any], body: Mapping[str, Any]) -> JSON:
    """A new `queued` run of `assistant` on a thread, with the request's overrides."""
    instructions = body.get("instructions")
    if instructions is None:
        instructions = assistant["instructions"] or ""
    if body.get("additional_instructions"):
        instructions = f"{instructions}\n{body['additional_instructions']}".lstrip("\n")
    created = now()
    return {
        "id": new_id("run_"),
        "object": "thread.run",
        "created_at": created,
        "assistant_id": assistant["id"],
        "thread_id": thread_id,
        "status": "queued",
        "started_at": None,
        "expires_at": created + _LIFETIME,
        "cancelled_at": None,
        "failed_at": None,
        "completed_at": None,
        "required_action": None,
        "last_error": None,
        "incomplete_details": None,
        "model": body.get("model") or assistant["model"],
        "instructions": instructions,
        "tools": body.get("tools") or assistant["tools"],
        "metadata": body.get("metadata") or {},
        "usage": None,
        "temperature": body.get("temperature", assistant["temperature"]),
        "top_p": body.get("top_p", assistant["top_p"]),
        "max_prompt_tokens": body.get("max_prompt_tokens"),
        "max_completion_tokens": body.get("max_completion_tokens"),
        "truncation_strategy": body.get("truncation_strategy")
        or {"type": "auto", "last_messages": None},
        "response_format": body.get("response_format", assistant["response_format"]),
        "tool_choice": body.get("tool_choice") or "auto",
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
    }


class RunState:
    """One run, its steps, and the rest of its script.

    Intermediate statuses (`queued`, `in_progress`, `cancelling`) advance only when
    observed: by retrieves (`poll`) or all at once for a stream (`run_until_stop`).
    Stream events pile up until `run_until_stop` takes them; `poll` and `cancel`,
    which answer without a stream, drop them.
    """

    def __init__(
        self, obj: JSON, script: tuple[ScriptStep, ...], messages: dict[str, JSON]
    ) -> None:
        self.obj = obj
        self.steps: dict[str, JSON] = {}
        self._script: deque[ScriptStep] = deque(script)
        self._messages = messages
        self._views = 0
        self._tool_step: JSON | None = None
        self._events: list[Event] = []
        self._emit("thread.run.created", obj)
        self._emit("thread.run.queued", obj)

    @property
    def status(self) -> str:
        """The run's current status."""
        return str(self.obj["status"])

    def poll(self, polls_per_status: int, default_reply: str) -> None:
        """Account for one retrieve, advancing once a status has been seen enough."""
        while self.status in INTERMEDIATE and self._views >= polls_per_status:
            self._advance(default_reply)
        self._views += 1
        self._take_events()

    def run_until_stop(self, default_reply: str) -> list[Event]:
        """Advance to `requires_action` or a terminal status; return the events.

        The events include those of the run's creation or of the last `submit`, which
        a stream starts with.
        """
        while self.status in INTERMEDIATE:
            self._advance(default_reply)
        return self._take_events()

    def submit(self, tool_outputs: object) -> list[SubmittedToolOutput]:
        """Accept the outputs for every pending tool call and requeue the run."""
        if self.status != "requires_action" or self._tool_step is None:
            raise bad_request(f'Runs in status "{self.status}" do not accept tool outputs.')
        calls = {call["id"]: call for call in self._tool_step["step_details"]["tool_calls"]}
        outputs = _parse_outputs(tool_outputs)
        if sorted(outputs) != sorted(calls):
            raise bad_request(
                f"Expected tool outputs for call_ids {sorted(calls)}, got {sorted(outputs)}.",
                "tool_outputs",
            )
        submitted = []
        for call_id, output in outputs.items():
            function = calls[call_id]["function"]
            function["output"] = output
            submitted.append(
                SubmittedToolOutput(
                    self.obj["id"], call_id, function["name"], function["arguments"], output
                )
            )
        self._finish_step(self._tool_step, "completed")
        self._tool_step = None
        self.obj["required_action"] = None
        self._set_status("queued")
        return submitted

    def cancel(self) -> None:
        """Start cancelling; the run reaches `cancelled` on a later observation."""
        if self.status not in ACTIVE:
            raise bad_request(f"Cannot cancel run with status '{self.status}'.")
        self._set_status("cancelling")
        self._take_events()

    def _advance(self, default_reply: str) -> None:
        if self.status == "queued":
            self.obj["started_at"] = now()
            self._set_status("in_progress")
        elif self.status == "cancelling":
            self._end("cancelled")
        else:
            step = self._script.popleft() if self._script else Reply(default_reply)
            if isinstance(step, RequiresAction):
                self._require_action(step)
            elif isinstance(step, Reply):
                self._reply(step.text)
            else:
                self._fail(step)

    def _require_action(self, step: RequiresAction) -> None:
        calls: list[JSON] = [
            {"id": new_id("call_"), "type": "function", "function": {"name": n, "arguments": a}}
            for n, a in step.encoded_calls()
        ]
        step_calls = [{**call, "function": {**call["function"], "output": None}} for call in calls]
        tool_step = self._new_step("tool_calls", {"type": "tool_calls", "tool_calls": []})
        delta_calls = [{"index": index, **call} for index, call in enumerate(step_calls)]
        delta = {"step_details": {"type": "tool_calls", "tool_calls": delta_calls}}
        self._emit(
            "thread.run.step.delta",
            {"id": tool_step["id"], "object": "thread.run.step.delta", "delta": delta},
        )
        tool_step["step_details"]["tool_calls"] = step_calls
        self._tool_step = tool_step
        self.obj["required_action"] = {
            "type": "submit_tool_outputs",
            "submit_tool_outputs": {"tool_calls": calls},
        }
        self._set_status("requires_action")

    def _reply(self, text: str) -> None:
        message = message_object(
            self.obj["thread_id"],
            "assistant",
            [text_part(text)],
            run_id=self.obj["id"],
            assistant_id=self.obj["assistant_id"],
        )
        details = {"type": "message_creation", "message_creation": {"message_id": message["id"]}}
        step = self._new_step("message_creation", details)
        self._emit("thread.message.created", {**message, "status": "in_progress", "content": []})
        self._emit("thread.message.in_progress", {**message, "status": "in_progress"})
        for index, chunk in enumerate(_chunks(text)):
            text_delta: JSON = (
                {"value": chunk, "annotations": []} if index == 0 else {"value": chunk}
            )
            content = [{"index": 0, "type": "text", "text": text_delta}]
            delta = {
                "id": message["id"],
                "object": "thread.message.delta",
                "delta": {"content": content},
            }
            self._emit("thread.message.delta", delta)
        prompt = sum(
            len(part["text"]["value"].split())
            for previous in self._messages.values()
            for part in previous["content"]
            if part["type"] == "text"
        )
        completion = len(text.split())
        self.obj["usage"] = {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }
        self._messages[message["id"]] = message
        self._emit("thread.message.completed", message)
        self._finish_step(step, "completed")
        self._end("completed")

    def _fail(self, step: Fail) -> None:
        if step.status == "failed":
            self.obj["last_error"] = {"code": step.code or "server_error", "message": step.message}
        elif step.status == "incomplete":
            self.obj["incomplete_details"] = {"reason": step.code or "max_completion_tokens"}
        self._end(step.status)

    def _end(self, status: str) -> None:
        stamp = {"completed": "completed_at", "failed": "failed_at", "cancelled": "cancelled_at"}
        if status in stamp:
            self.obj[stamp[status]] = now()
        self.obj["expires_at"] = now() if status == "expired" else None
        if self._tool_step is not None:
            self._finish_step(self._tool_step, "cancelled" if status == "cancelled" else status)
            self._tool_step = None
        self.obj["required_action"] = None
        self._set_status(status)

    def _new_step(self, kind: str, details: JSON) -> JSON:
        step: JSON = {
            "id": new_id("step_"),
            "object": "thread.run.step",
            "created_at": now(),
            "run_id": self.obj["id"],
            "assistant_id": self.obj["assistant_id"],
            "thread_id": self.obj["thread_id"],
            "type": kind,
            "status": "in_progress",
            "cancelled_at": None,
            "completed_at": None,
            "expired_at": None,
            "failed_at": None,
            "last_error": None,
            "step_details": details,
            "usage": None,
            "metadata": {},
        }
        self.steps[step["id"]] = step
        self._emit("thread.run.step.created", step)
        self._emit("thread.run.step.in_progress", step)
        return step

    def _finish_step(self, step: JSON, status: str) -> None:
        step["status"] = status if status in ("completed", "cancelled", "expired") else "failed"
        step[f"{step['status']}_at"] = now()
        self._emit(f"thread.run.step.{step['status']}", step)

    def _set_status(self, status: str) -> None:
        self.obj["status"] = status
        self._views = 0
        self._emit(f"thread.run.{status}", self.obj)

    def _emit(self, name: str, data: JSON) -> None:
        self._events.append((name, json.dumps(data)))

    def _take_events(self) -> list[Event]:
        events, self._events = self._events, []
        return events


def _parse_outputs(tool_outputs: object) -> dict[str, str]:
    if not isinstance(tool_outputs, list):
        raise bad_request("Missing required parameter: 'tool_outputs'.", "tool_outputs")
    outputs: dict[str, str] = {}
    for index, item in enumerate(tool_outputs):
        if not isinstance(item, dict) or not isinstance(item.get("tool_call_id"), str):
            raise bad_request(
                f"Missing required parameter: 'tool_outputs[{index}].tool_call_id'.",
                f"tool_outputs[{index}].tool_call_id",
            )
        if item["tool_call_id"] in outputs:
            raise bad_request(
                f"Duplicate tool output for call id '{item['tool_call_id']}'.", "tool_outputs"
            )
        outputs[item["tool_call_id"]] = str(item.get("output", ""))
    return outputs


def _chunks(text: str) -> list[str]:
    """Split text at word starts so streamed deltas join back to exactly `text`."""
    return re.split(r"(?<=\s)(?=\S)", text) if text else [""]
