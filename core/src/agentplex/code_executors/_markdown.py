"""Code blocks quoted in markdown text."""

from __future__ import annotations

import re

from ._base import CodeBlock

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+#.-]*)[^\n]*\n"
    r"(?P<code>.*?)"
    r"^(?P=indent)(?P=fence)[ \t]*$",
    re.DOTALL | re.MULTILINE,
)


def extract_markdown_code_blocks(text: str) -> list[CodeBlock]:
    """The fenced code blocks in ``text``, in order.

    A fence is three or more backticks or tildes; the word after the opening
    fence is the language (lower-cased; empty when absent). The closing fence
    must match the opening one, so a block may quote shorter fences.
    """
    return [
        CodeBlock(code=match["code"].rstrip("\n"), language=match["lang"].lower())
        for match in _FENCE.finditer(text)
    ]
