"""How a run looks on a terminal (rich) or in a plain text stream."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Protocol, TextIO

from ..messages import (
    BaseAgentEvent,
    BaseChatMessage,
    ModelClientStreamingChunkEvent,
    ToolCallExecutionEvent,
    ToolCallRequestEvent,
)

if TYPE_CHECKING:
    from rich.console import Console as RichConsole
    from rich.status import Status


class Renderer(Protocol):
    def chunk(self, event: ModelClientStreamingChunkEvent) -> None: ...
    def message(self, message: BaseAgentEvent | BaseChatMessage, streamed: bool) -> None: ...
    def summary(self, lines: list[str]) -> None: ...
    def waiting(self, what: str | None) -> None: ...


def _tool_lines(message: BaseAgentEvent | BaseChatMessage) -> list[str] | None:
    if isinstance(message, ToolCallRequestEvent):
        return [f"call {call.name}({call.arguments})" for call in message.content]
    if isinstance(message, ToolCallExecutionEvent):
        return [
            f"{'error' if r.is_error else 'result'} {r.name}: {r.content}" for r in message.content
        ]
    return None


class PlainRenderer:
    """Headers and text, nothing else: for pipes, files and logs."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self._open_stream: str | None = None

    def chunk(self, event: ModelClientStreamingChunkEvent) -> None:
        if self._open_stream != event.full_message_id:
            self.out.write(f"---------- {event.source} (streaming) ----------\n")
            self._open_stream = event.full_message_id
        self.out.write(event.content)
        self.out.flush()

    def message(self, message: BaseAgentEvent | BaseChatMessage, streamed: bool) -> None:
        if streamed:
            self.out.write("\n")
        else:
            kind = type(message).__name__
            self.out.write(f"---------- {kind} ({message.source}) ----------\n")
            tools = _tool_lines(message)
            self.out.write("\n".join(tools) if tools is not None else message.to_text())
            self.out.write("\n")
        self._open_stream = None
        self.out.flush()

    def summary(self, lines: list[str]) -> None:
        self.out.write("---------- Summary ----------\n" + "\n".join(lines) + "\n")
        self.out.flush()

    def waiting(self, what: str | None) -> None:
        """Plain output shows no spinner."""


class RichRenderer:
    """Coloured panels, a spinner while waiting, tokens as they stream."""

    def __init__(self, console: RichConsole) -> None:
        self.console = console
        self._open_stream: str | None = None
        self._status: Status | None = None

    def waiting(self, what: str | None) -> None:
        if what is None:
            if self._status is not None:
                self._status.stop()
                self._status = None
        elif self._status is None:
            self._status = self.console.status(what, spinner="dots")
            self._status.start()
        else:
            self._status.update(what)

    def chunk(self, event: ModelClientStreamingChunkEvent) -> None:
        self.waiting(None)
        if self._open_stream != event.full_message_id:
            self.console.rule(f"[bold cyan]{event.source}", align="left")
            self._open_stream = event.full_message_id
        self.console.out(event.content, end="", highlight=False)

    def message(self, message: BaseAgentEvent | BaseChatMessage, streamed: bool) -> None:
        self.waiting(None)
        self._open_stream = None
        if streamed:
            self.console.out("")
            return
        tools = _tool_lines(message)
        colour = "yellow" if tools is not None else "cyan"
        title = f"[bold {colour}]{message.source}[/] [dim]{type(message).__name__}[/]"
        self.console.rule(title, align="left")
        self.console.out(
            "\n".join(tools) if tools is not None else message.to_text(), highlight=False
        )

    def summary(self, lines: list[str]) -> None:
        self.waiting(None)
        self.console.rule("[bold]Summary", align="left")
        for line in lines:
            self.console.out(line, highlight=False)


def make_renderer(out: TextIO | None, use_rich: bool | None) -> Renderer:
    """Rich on a terminal when rich is installed (or when asked), plain text otherwise."""
    stream = out or sys.stdout
    if use_rich is None:
        use_rich = stream.isatty()
    if use_rich:
        try:
            from rich.console import Console as RichConsole
        except ImportError:
            return PlainRenderer(stream)
        return RichRenderer(RichConsole(file=stream))
    return PlainRenderer(stream)
