"""Code executors: run code blocks a model wrote.

:class:`LocalCommandLineCodeExecutor` runs them on this machine and is **not
sandboxed**; see its warning.
"""

from ._base import CodeBlock, CodeExecutor, CodeResult
from ._local import (
    TIMEOUT_EXIT_CODE,
    LocalCommandLineCodeExecutor,
    LocalCommandLineCodeExecutorConfig,
)
from ._markdown import extract_markdown_code_blocks

__all__ = [
    "TIMEOUT_EXIT_CODE",
    "CodeBlock",
    "CodeExecutor",
    "CodeResult",
    "LocalCommandLineCodeExecutor",
    "LocalCommandLineCodeExecutorConfig",
    "extract_markdown_code_blocks",
]
