"""Run python and shell code blocks as subprocesses on this machine (no sandbox)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final, Self

from pydantic import BaseModel, ConfigDict, Field

from .._cancellation import CancellationToken
from ..components import Component
from ._base import CodeBlock, CodeExecutor, CodeResult

TIMEOUT_EXIT_CODE: Final = 124
"""Exit code reported for a block killed by the timeout (as ``timeout(1)`` does)."""

_EXTENSIONS: Final = {"python": "py", "sh": "sh", "bash": "sh"}
_ALIASES: Final = {
    "bash": "bash",
    "py": "python",
    "python": "python",
    "python3": "python",
    "sh": "sh",
    "shell": "sh",
}
_FILENAME = re.compile(r"^\s*(?:#|//)\s*filename:\s*(?P<name>\S+)\s*$")


class LocalCommandLineCodeExecutorConfig(BaseModel):
    """Config of :class:`LocalCommandLineCodeExecutor`."""

    model_config = ConfigDict(extra="forbid")

    work_dir: str | None = None
    timeout: float = Field(default=60, gt=0)
    cleanup_temp_files: bool = True


class LocalCommandLineCodeExecutor(CodeExecutor, Component[LocalCommandLineCodeExecutorConfig]):
    """Runs ``python`` and ``sh``/``bash`` code blocks as local subprocesses.

    .. warning::
       This executor is **not sandboxed**. The code runs as the current user, with
       this process's environment: it can read, change and delete any file the
       user can, use the network and start other programs. Run only code you would
       run yourself, review it first (``CodeExecutorAgent(approval_func=...)``), or
       run the whole program inside a container or virtual machine.

    Each block is written to a file in ``work_dir`` (a temporary directory when
    None, removed by :meth:`stop`) and run there: python blocks with this
    interpreter (``sys.executable``), shell blocks with ``sh`` or ``bash``. A
    first line ``# filename: name.py`` names the file (it must stay inside
    ``work_dir``); other files are removed after the run when
    ``cleanup_temp_files``. Standard output and error are captured together.

    Blocks run in order and execution stops at the first that fails. A block
    that runs longer than ``timeout`` seconds is killed (with any processes it
    started) and reported with exit code 124 and the output it had produced.
    Cancelling the token kills the running block and raises
    :class:`asyncio.CancelledError`.
    """

    component_provider = "local"
    component_config_schema = LocalCommandLineCodeExecutorConfig

    SUPPORTED_LANGUAGES: Final = tuple(sorted(_ALIASES))

    def __init__(
        self,
        *,
        work_dir: str | Path | None = None,
        timeout: float = 60,
        cleanup_temp_files: bool = True,
    ) -> None:
        if timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, got {timeout}")
        self._given_work_dir = Path(work_dir) if work_dir is not None else None
        self._timeout = timeout
        self._cleanup_temp_files = cleanup_temp_files
        self._temp_dir: tempfile.TemporaryDirectory[str] | None = None

    @property
    def timeout(self) -> float:
        return self._timeout

    @property
    def work_dir(self) -> Path:
        """Where code runs; a temporary directory is created on first use when none
        was given."""
        if self._given_work_dir is not None:
            return self._given_work_dir
        if self._temp_dir is None:
            self._temp_dir = tempfile.TemporaryDirectory(prefix="agentplex_code_")
        return Path(self._temp_dir.name)

    async def start(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)

    async def stop(self) -> None:
        """Remove the temporary work directory, if one was created."""
        if self._temp_dir is not None:
            self._temp_dir.cleanup()
            self._temp_dir = None

    async def execute_code_blocks(
        self, code_blocks: Sequence[CodeBlock], cancellation_token: CancellationToken
    ) -> CodeResult:
        await self.start()
        outputs: list[str] = []
        exit_code = 0
        for index, block in enumerate(code_blocks):
            language = _ALIASES.get(block.language.strip().lower())
            if language is None:
                supported = ", ".join(self.SUPPORTED_LANGUAGES)
                outputs.append(
                    f"code block {index} has unsupported language {block.language!r}; "
                    f"supported: {supported}"
                )
                exit_code = 1
                break
            try:
                path, generated = self._code_file(block, language)
            except ValueError as exc:
                outputs.append(f"code block {index}: {exc}")
                exit_code = 1
                break
            path.write_text(block.code, encoding="utf-8")
            try:
                exit_code, output = await self._run(_command(language, path), cancellation_token)
            finally:
                if generated and self._cleanup_temp_files:
                    path.unlink(missing_ok=True)
            outputs.append(output)
            if exit_code != 0:
                break
        return CodeResult(exit_code=exit_code, output="".join(outputs))

    def _code_file(self, block: CodeBlock, language: str) -> tuple[Path, bool]:
        first_line = block.code.split("\n", 1)[0]
        match = _FILENAME.match(first_line)
        if match is None:
            digest = hashlib.sha256(block.code.encode()).hexdigest()[:16]
            return self.work_dir / f"tmp_code_{digest}.{_EXTENSIONS[language]}", True
        work_dir = self.work_dir.resolve()
        path = (work_dir / match["name"]).resolve()
        if not path.is_relative_to(work_dir):
            raise ValueError(f"filename {match['name']!r} is outside the work directory")
        path.parent.mkdir(parents=True, exist_ok=True)
        return path, False

    async def _run(
        self, command: list[str], cancellation_token: CancellationToken
    ) -> tuple[int, str]:
        process = await asyncio.create_subprocess_exec(
            *command,
            cwd=self.work_dir,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=os.name == "posix",
        )
        captured = bytearray()
        finished = asyncio.ensure_future(_collect(process, captured))
        cancellation_token.link_future(finished)
        try:
            exit_code = await asyncio.wait_for(finished, self._timeout)
        except TimeoutError:
            await _kill(process)
            note = f"\ntimed out after {self._timeout} s; the process was killed\n"
            return TIMEOUT_EXIT_CODE, _decode(captured) + note
        except asyncio.CancelledError:
            await _kill(process)
            raise
        return exit_code, _decode(captured)

    def _to_config(self) -> LocalCommandLineCodeExecutorConfig:
        given = self._given_work_dir
        return LocalCommandLineCodeExecutorConfig(
            work_dir=str(given) if given is not None else None,
            timeout=self._timeout,
            cleanup_temp_files=self._cleanup_temp_files,
        )

    @classmethod
    def _from_config(cls, config: LocalCommandLineCodeExecutorConfig) -> Self:
        return cls(
            work_dir=config.work_dir,
            timeout=config.timeout,
            cleanup_temp_files=config.cleanup_temp_files,
        )


def _command(language: str, path: Path) -> list[str]:
    if language == "python":  # unbuffered, so stdout and stderr interleave as written
        return [sys.executable, "-u", str(path)]
    return [language, str(path)]


async def _collect(process: asyncio.subprocess.Process, into: bytearray) -> int:
    assert process.stdout is not None
    while chunk := await process.stdout.read(65536):
        into.extend(chunk)
    return await process.wait()


async def _kill(process: asyncio.subprocess.Process) -> None:
    """Kill the process and, on POSIX, every process in its session."""
    with contextlib.suppress(ProcessLookupError):
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        elif process.returncode is None:
            process.kill()
    await asyncio.shield(process.wait())


def _decode(data: bytearray) -> str:
    return data.decode("utf-8", errors="replace")
