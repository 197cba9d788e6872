"""An agent that runs the code blocks it receives and answers with their output."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Sequence
from typing import Final, Self

from pydantic import BaseModel, ConfigDict

from .._cancellation import CancellationToken
from .._errors import ComponentError
from ..code_executors import CodeBlock, CodeExecutor, extract_markdown_code_blocks
from ..components import Component, ComponentModel
from ..messages import BaseChatMessage, Response, TextMessage
from ._base import BaseChatAgent

ApprovalFunc = (
    Callable[[Sequence[CodeBlock]], bool] | Callable[[Sequence[CodeBlock]], Awaitable[bool]]
)
"""Gets the code blocks about to run; True lets them run."""

DEFAULT_SUPPORTED_LANGUAGES: Final = ("bash", "py", "python", "sh", "shell")
NOT_APPROVED: Final = "Code execution was not approved; the code was not run."


class CodeExecutorAgentConfig(BaseModel):
    """Config of :class:`CodeExecutorAgent` (an ``approval_func`` is not part of it)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    code_executor: ComponentModel
    description: str
    sources: list[str] | None = None
    supported_languages: list[str]


class CodeExecutorAgent(BaseChatAgent, Component[CodeExecutorAgentConfig]):
    """Runs the markdown code blocks in the messages it receives.

    Blocks are taken from every incoming chat message (only from senders named
    in ``sources`` when given) whose language is in ``supported_languages``;
    blocks in other languages are not run, and the answer says which were
    skipped. ``approval_func`` (sync or async) sees the blocks first and can
    refuse them; the answer then says execution was not approved.

    The answer is a :class:`TextMessage` with the output, the exit code when it
    is not 0, or a note when the code printed nothing. What the code can do
    depends on the executor: :class:`~agentplex.code_executors.LocalCommandLineCodeExecutor`
    is not sandboxed.
    """

    component_provider = "code_executor"
    component_config_schema = CodeExecutorAgentConfig

    DEFAULT_DESCRIPTION: Final = (
        "A computer terminal that runs the python and shell code blocks it receives "
        "(quoted in ```python or ```sh markdown blocks) and answers with their output."
    )

    def __init__(
        self,
        name: str,
        code_executor: CodeExecutor,
        *,
        description: str = DEFAULT_DESCRIPTION,
        sources: Sequence[str] | None = None,
        supported_languages: Sequence[str] = DEFAULT_SUPPORTED_LANGUAGES,
        approval_func: ApprovalFunc | None = None,
    ) -> None:
        super().__init__(name, description)
        if not isinstance(code_executor, CodeExecutor):
            raise TypeError(
                f"code_executor must be a CodeExecutor, got {type(code_executor).__name__}"
            )
        if isinstance(sources, str) or isinstance(supported_languages, str):
            raise TypeError("sources and supported_languages take a list of names, not a str")
        self._code_executor = code_executor
        self._sources = list(sources) if sources is not None else None
        self._languages = [language.lower() for language in supported_languages]
        self._approval_func = approval_func

    @property
    def code_executor(self) -> CodeExecutor:
        return self._code_executor

    @property
    def produced_message_types(self) -> Sequence[type[BaseChatMessage]]:
        return (TextMessage,)

    async def on_messages(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> Response:
        blocks: list[CodeBlock] = []
        skipped: list[str] = []
        for message in messages:
            if self._sources is not None and message.source not in self._sources:
                continue
            for block in extract_markdown_code_blocks(message.to_text()):
                if block.language in self._languages:
                    blocks.append(block)
                else:
                    skipped.append(block.language or "(no language)")
        note = _skipped_note(skipped)
        if not blocks:
            text = (
                "No code blocks found to run. Quote the code in a markdown block that "
                f"names its language ({', '.join(self._languages)}), e.g. ```python."
            )
            return self._answer(text + note)
        if not await self._approved(blocks):
            return self._answer(NOT_APPROVED)
        result = await self._code_executor.execute_code_blocks(blocks, cancellation_token)
        if result.output.strip() == "":
            text = (
                f"The code ran and printed nothing (exit code {result.exit_code}). To see "
                "a result, print it."
            )
        elif result.exit_code != 0:
            text = f"The code failed with exit code {result.exit_code}. Its output:\n"
            text += result.output
        else:
            text = result.output
        return self._answer(text + note)

    async def on_reset(self, cancellation_token: CancellationToken) -> None:
        """Nothing to forget: the agent keeps no conversation."""

    async def _approved(self, blocks: list[CodeBlock]) -> bool:
        if self._approval_func is None:
            return True
        if inspect.iscoroutinefunction(self._approval_func):
            verdict: object = await self._approval_func(blocks)
        else:
            verdict = await asyncio.to_thread(self._approval_func, blocks)
            if inspect.isawaitable(verdict):
                verdict = await verdict
        if not isinstance(verdict, bool):
            raise TypeError(
                f"CodeExecutorAgent '{self.name}': approval_func must return a bool, "
                f"got {type(verdict).__name__}"
            )
        return verdict

    def _answer(self, text: str) -> Response:
        return Response(chat_message=TextMessage(content=text, source=self.name))

    def _to_config(self) -> CodeExecutorAgentConfig:
        if self._approval_func is not None:
            raise ComponentError(
                f"CodeExecutorAgent '{self.name}' cannot be dumped: its approval_func is a "
                "function, and functions are not part of a component config"
            )
        return CodeExecutorAgentConfig(
            name=self.name,
            code_executor=self._code_executor.dump_component(),
            description=self.description,
            sources=self._sources,
            supported_languages=self._languages,
        )

    @classmethod
    def _from_config(cls, config: CodeExecutorAgentConfig) -> Self:
        return cls(
            config.name,
            CodeExecutor.load_component(config.code_executor),
            description=config.description,
            sources=config.sources,
            supported_languages=config.supported_languages,
        )


def _skipped_note(languages: list[str]) -> str:
    if not languages:
        return ""
    return f"\n(Not run: {len(languages)} block(s) in other languages: {', '.join(languages)}.)"
