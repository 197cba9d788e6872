"""Multipart upload: properties with "format": "file-path" send the file's bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from agentplex import CancellationToken
from agentplex.tools import StaticWorkbench, ToolDefinitionError
from agentplex_http import FILE_PATH_FORMAT, HttpTool, HttpToolError

MakeTool = Callable[..., HttpTool]

UPLOAD: dict[str, Any] = {
    "type": "object",
    "properties": {
        "document": {"type": "string", "format": FILE_PATH_FORMAT, "description": "File to send."},
        "title": {"type": "string"},
        "pages": {"type": "integer"},
        "labels": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["document"],
}


CONTENT = bytes(range(256)) * 40  # binary, not UTF-8


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(CONTENT)
    return path


async def test_a_file_is_uploaded_with_the_other_arguments_as_form_fields(
    make_tool: MakeTool, document: Path
) -> None:
    tool = make_tool("/upload", UPLOAD, return_type="json")
    args = {"document": str(document), "title": "Q3", "pages": 4, "labels": ["a", "b"]}
    received = await tool.run_json(args, CancellationToken())
    assert received["files"] == [
        {
            "field": "document",
            "filename": "report.pdf",
            "content_type": "application/pdf",
            "sha256": hashlib.sha256(CONTENT).hexdigest(),
            "size": 10240,
        }
    ]
    assert received["fields"] == {"title": ["Q3"], "pages": ["4"], "labels": ["a", "b"]}


async def test_several_files_in_an_array(make_tool: MakeTool, tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "file-path"}}
        },
    }
    paths = []
    for name, content in [("a.txt", b"first"), ("b.bin", b"\x00second")]:
        (tmp_path / name).write_bytes(content)
        paths.append(str(tmp_path / name))
    received = await make_tool("/upload", schema, return_type="json", method="PUT").run_json(
        {"files": paths}, CancellationToken()
    )
    assert [
        (file["filename"], file["content_type"], file["sha256"]) for file in received["files"]
    ] == [
        ("a.txt", "text/plain", hashlib.sha256(b"first").hexdigest()),
        ("b.bin", "application/octet-stream", hashlib.sha256(b"\x00second").hexdigest()),
    ]


async def test_a_missing_file_is_an_error_result_before_any_request(
    make_tool: MakeTool, tmp_path: Path, served: Any
) -> None:
    workbench = StaticWorkbench([make_tool("/upload", UPLOAD, name="upload")])
    missing = tmp_path / "nope.pdf"
    result = await workbench.call_tool("upload", {"document": str(missing)})
    assert result.is_error
    assert f"argument 'document': cannot read file '{missing}': No such file" in result.to_text()
    assert served.requests == []


async def test_file_root_confines_the_paths(make_tool: MakeTool, document: Path) -> None:
    tool = make_tool("/upload", UPLOAD, return_type="json", file_root=str(document.parent))
    received = await tool.run_json({"document": "report.pdf"}, CancellationToken())
    assert received["files"][0]["filename"] == "report.pdf"
    for outside in ["../report.pdf", "/etc/hostname", str(document.parent / ".." / "x")]:
        with pytest.raises(HttpToolError, match="is outside"):
            await tool.run_json({"document": outside}, CancellationToken())


def test_uploads_need_a_method_with_a_body(make_tool: MakeTool) -> None:
    with pytest.raises(
        ToolDefinitionError, match=r"file uploads \(document\) need POST, PUT or PATCH"
    ):
        make_tool("/upload", UPLOAD, method="GET")
