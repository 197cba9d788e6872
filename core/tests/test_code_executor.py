"""LocalCommandLineCodeExecutor and CodeExecutorAgent running real subprocesses."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from agentplex import CancellationToken, ComponentError
from agentplex.agents import AssistantAgent, BaseChatAgent, CodeExecutorAgent
from agentplex.code_executors import (
    TIMEOUT_EXIT_CODE,
    CodeBlock,
    CodeExecutor,
    LocalCommandLineCodeExecutor,
    extract_markdown_code_blocks,
)
from agentplex.messages import TextMessage
from agentplex.models import ReplayChatCompletionClient


def message(text: str, source: str = "assistant") -> TextMessage:
    return TextMessage(content=text, source=source)


def test_extract_markdown_code_blocks() -> None:
    text = (
        "Run this:\n```python\nprint('a')\n```\nthen\n~~~bash\necho b\n~~~\n"
        "````md\n```sh\nnot separate\n```\n````\n```\nno language\n```"
    )
    assert extract_markdown_code_blocks(text) == [
        CodeBlock(code="print('a')", language="python"),
        CodeBlock(code="echo b", language="bash"),
        CodeBlock(code="```sh\nnot separate\n```", language="md"),
        CodeBlock(code="no language", language=""),
    ]
    assert extract_markdown_code_blocks("no code here") == []


async def test_python_and_shell_blocks_run_in_the_work_dir(tmp_path: Path) -> None:
    work_dir = await asyncio.to_thread(os.path.realpath, tmp_path)
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path)
    blocks = [
        CodeBlock("import sys\nprint('out')\nprint('err', file=sys.stderr)", "python"),
        CodeBlock("echo from-sh; pwd", "sh"),
        CodeBlock("# filename: kept.py\nprint('kept')", "python"),
    ]
    result = await executor.execute_code_blocks(blocks, CancellationToken())
    assert result.exit_code == 0
    assert result.output == f"out\nerr\nfrom-sh\n{work_dir}\nkept\n"
    assert os.listdir(tmp_path) == ["kept.py"]


async def test_execution_stops_at_the_first_failure(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path)
    blocks = [
        CodeBlock("print('before')", "python"),
        CodeBlock("raise SystemExit(3)", "python"),
        CodeBlock("echo never", "sh"),
    ]
    result = await executor.execute_code_blocks(blocks, CancellationToken())
    assert result.exit_code == 3
    assert result.output == "before\n"


async def test_unsupported_language_and_escaping_filename(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path)
    result = await executor.execute_code_blocks([CodeBlock("x", "ruby")], CancellationToken())
    assert result.exit_code == 1
    assert "unsupported language 'ruby'" in result.output
    escape = CodeBlock("# filename: ../outside.py\nprint(1)", "python")
    result = await executor.execute_code_blocks([escape], CancellationToken())
    assert result.exit_code == 1
    assert "outside the work directory" in result.output
    assert not (tmp_path.parent / "outside.py").exists()


async def test_timeout_kills_the_block_and_what_it_started(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, timeout=0.3)
    block = CodeBlock("echo started; (sleep 0.5; echo late > late.txt) & wait", "sh")
    result = await executor.execute_code_blocks([block], CancellationToken())
    assert result.exit_code == TIMEOUT_EXIT_CODE
    assert result.output.startswith("started\n")
    assert "timed out after 0.3 s" in result.output
    await asyncio.sleep(0.5)
    assert not (tmp_path / "late.txt").exists()


async def test_cancellation_kills_the_running_block(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path)
    code = "import time\nopen('started', 'w').close()\ntime.sleep(0.5)\nopen('late', 'w').close()"
    token = CancellationToken()
    task = asyncio.ensure_future(executor.execute_code_blocks([CodeBlock(code, "python")], token))
    for _ in range(500):
        if (tmp_path / "started").exists():
            break
        await asyncio.sleep(0.01)
    token.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 2)
    await asyncio.sleep(0.7)
    assert not (tmp_path / "late").exists()


async def test_temporary_work_dir_is_removed_on_stop() -> None:
    async with LocalCommandLineCodeExecutor() as executor:
        work_dir = executor.work_dir
        result = await executor.execute_code_blocks(
            [CodeBlock("# filename: a.txt\necho hi", "sh")], CancellationToken()
        )
        assert result.output == "hi\n"
        assert (work_dir / "a.txt").exists()
    assert not work_dir.exists()


def test_executor_component_round_trip(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, timeout=5, cleanup_temp_files=False)
    spec = executor.dump_component()
    assert spec.provider == "local"
    assert spec.component_type == "code_executor"
    loaded = CodeExecutor.load_component(spec.model_dump_json())
    assert isinstance(loaded, LocalCommandLineCodeExecutor)
    assert (loaded.work_dir, loaded.timeout) == (tmp_path, 5)
    assert loaded.dump_component() == spec
    with pytest.raises(ValueError, match="timeout"):
        LocalCommandLineCodeExecutor(timeout=0)


# -- the agent ------------------------------------------------------------------------


async def test_agent_runs_code_and_answers_with_output(tmp_path: Path) -> None:
    agent = CodeExecutorAgent("runner", LocalCommandLineCodeExecutor(work_dir=tmp_path))
    reply = 'Here:\n```python\nprint(6 * 7)\n```\n```json\n{"a": 1}\n```'
    response = await agent.on_messages([message(reply)], CancellationToken())
    assert isinstance(response.chat_message, TextMessage)
    assert response.chat_message.content.startswith("42\n")
    assert "Not run: 1 block(s) in other languages: json" in response.chat_message.content


async def test_agent_reports_failure_and_silence(tmp_path: Path) -> None:
    agent = CodeExecutorAgent("runner", LocalCommandLineCodeExecutor(work_dir=tmp_path))
    failing = await agent.on_messages(
        [message("```python\nraise ValueError('bad input')\n```")], CancellationToken()
    )
    text = failing.chat_message.to_text()
    assert text.startswith("The code failed with exit code 1.")
    assert "ValueError: bad input" in text
    silent = await agent.on_messages([message("```sh\ntrue\n```")], CancellationToken())
    assert "printed nothing (exit code 0)" in silent.chat_message.to_text()
    none = await agent.on_messages([message("just words")], CancellationToken())
    assert none.chat_message.to_text().startswith("No code blocks found")


async def test_agent_only_reads_named_sources(tmp_path: Path) -> None:
    agent = CodeExecutorAgent(
        "runner", LocalCommandLineCodeExecutor(work_dir=tmp_path), sources=["coder"]
    )
    messages = [
        message("```sh\necho user\n```", "user"),
        message("```sh\necho coder\n```", "coder"),
    ]
    response = await agent.on_messages(messages, CancellationToken())
    assert response.chat_message.to_text() == "coder\n"


@pytest.mark.parametrize("is_async", [False, True])
async def test_approval_can_refuse_execution(tmp_path: Path, is_async: bool) -> None:
    seen: list[Sequence[CodeBlock]] = []

    def refuse(blocks: Sequence[CodeBlock]) -> bool:
        seen.append(blocks)
        return False

    async def refuse_async(blocks: Sequence[CodeBlock]) -> bool:
        return refuse(blocks)

    marker = tmp_path / "ran"
    agent = CodeExecutorAgent(
        "runner",
        LocalCommandLineCodeExecutor(work_dir=tmp_path),
        approval_func=refuse_async if is_async else refuse,
    )
    code = f"```python\nopen({str(marker)!r}, 'w').close()\n```"
    response = await agent.on_messages([message(code)], CancellationToken())
    assert (
        response.chat_message.to_text() == "Code execution was not approved; the code was not run."
    )
    assert not marker.exists()
    assert [b.language for b in seen[0]] == ["python"]
    with pytest.raises(ComponentError, match="approval_func"):
        agent.dump_component()


async def test_approved_code_runs(tmp_path: Path) -> None:
    agent = CodeExecutorAgent(
        "runner", LocalCommandLineCodeExecutor(work_dir=tmp_path), approval_func=lambda b: True
    )
    response = await agent.on_messages([message("```sh\necho approved\n```")], CancellationToken())
    assert response.chat_message.to_text() == "approved\n"


async def test_agent_component_round_trip(tmp_path: Path) -> None:
    agent = CodeExecutorAgent(
        "runner",
        LocalCommandLineCodeExecutor(work_dir=tmp_path, timeout=10),
        sources=["coder"],
        supported_languages=["python"],
    )
    spec = agent.dump_component()
    assert spec.provider == "code_executor"
    loaded = BaseChatAgent.load_component(spec.model_dump_json())
    assert isinstance(loaded, CodeExecutorAgent)
    assert loaded.dump_component() == spec
    response = await loaded.on_messages(
        [message("```python\nprint('py')\n```\n```sh\necho sh\n```", "coder")], CancellationToken()
    )
    assert response.chat_message.to_text().startswith("py\n")


async def test_assistant_and_executor_take_turns(tmp_path: Path) -> None:
    """The two-agent pattern of the migration guide, driven by hand."""
    model = ReplayChatCompletionClient(["```python\nprint('Hello, world!')\n```", "TERMINATE"])
    assistant = AssistantAgent("assistant", model)
    runner = CodeExecutorAgent("runner", LocalCommandLineCodeExecutor(work_dir=tmp_path))
    task = message("Write a script that prints 'Hello, world!'", "user")
    code = await assistant.on_messages([task], CancellationToken())
    output = await runner.on_messages([task, code.chat_message], CancellationToken())
    assert output.chat_message.to_text() == "Hello, world!\n"
    final = await assistant.on_messages([output.chat_message], CancellationToken())
    assert final.chat_message.to_text() == "TERMINATE"
    assert model.calls[1].messages[-1].content == "Hello, world!\n"
