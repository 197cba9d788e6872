"""Code executors: run code blocks a model wrote.

:class:`LocalCommandLineCodeExecutor` runs them on this machine and is **not
sandboxed**; see its warning.

The local executor loads its module on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports
from ._base import CodeBlock, CodeExecutor, CodeResult
from ._markdown import extract_markdown_code_blocks

if TYPE_CHECKING:
    from ._local import (
        TIMEOUT_EXIT_CODE,
        LocalCommandLineCodeExecutor,
        LocalCommandLineCodeExecutorConfig,
    )

_LAZY = {
    "TIMEOUT_EXIT_CODE": "._local",
    "LocalCommandLineCodeExecutor": "._local",
    "LocalCommandLineCodeExecutorConfig": "._local",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "TIMEOUT_EXIT_CODE",
    "CodeBlock",
    "CodeExecutor",
    "CodeResult",
    "LocalCommandLineCodeExecutor",
    "LocalCommandLineCodeExecutorConfig",
    "extract_markdown_code_blocks",
]
