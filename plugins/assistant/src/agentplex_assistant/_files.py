"""Files this agent uploads: reading them with aiofiles, tracking them, deleting them."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import aiofiles
import aiofiles.os
from openai import NotFoundError

from agentplex import CancellationToken

from ._errors import FileIndexingError
from ._sdk import call, each

if TYPE_CHECKING:
    from openai import AsyncOpenAI
    from openai.types import FilePurpose

_PARALLEL_UPLOADS = 4
"""Files read and uploaded at once (each is held in memory while it uploads)."""

FilePath: TypeAlias = str | os.PathLike[str]
FilePaths: TypeAlias = FilePath | Iterable[FilePath]
"""One path or several."""


def as_paths(file_paths: FilePaths) -> list[Path]:
    """``file_paths`` as a list; an empty list is refused."""
    if isinstance(file_paths, str | os.PathLike):
        return [Path(file_paths)]
    paths = [Path(path) for path in file_paths]
    if not paths:
        raise ValueError("no file paths given")
    return paths


class FileUploads:
    """Uploads files for one agent and remembers their ids until they are deleted.

    A file is read whole with aiofiles (off the event loop) and sent in one request:
    the SDK's multipart upload takes bytes or a blocking file object, not an async one.
    """

    def __init__(self, client: AsyncOpenAI, file_ids: Iterable[str] = ()) -> None:
        self._client = client
        self.file_ids: list[str] = list(file_ids)

    async def upload_paths(
        self, file_paths: FilePaths, purpose: FilePurpose, token: CancellationToken | None
    ) -> list[str]:
        """Upload the files, a few at a time; their ids in the order of the paths.

        Missing files are reported before anything is uploaded. When an upload fails,
        the files that did upload stay tracked (for :meth:`delete_all`) and the first
        error is raised.
        """
        paths = as_paths(file_paths)
        missing = [str(p) for p in paths if not await aiofiles.os.path.isfile(p)]
        if missing:
            raise FileNotFoundError(f"cannot upload {', '.join(missing)}: no such file")
        slots = asyncio.Semaphore(_PARALLEL_UPLOADS)

        async def upload(path: Path) -> str:
            async with slots:
                return await self._upload_path(path, purpose, token)

        outcomes = await asyncio.gather(*(upload(path) for path in paths), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        return [outcome for outcome in outcomes if isinstance(outcome, str)]

    async def upload_bytes(
        self, filename: str, data: bytes, purpose: FilePurpose, token: CancellationToken | None
    ) -> str:
        """Upload ``data`` as a file named ``filename``; its id."""
        files = self._client.files
        uploaded = await call(lambda: files.create(file=(filename, data), purpose=purpose), token)
        self.file_ids.append(uploaded.id)
        return uploaded.id

    async def delete_all(self, token: CancellationToken | None) -> None:
        """Delete every tracked file; one already gone counts as deleted.

        Files that fail to delete stay tracked and the first error is raised.
        """
        files = self._client.files
        ids = list(self.file_ids)
        outcomes = await each([partial(files.delete, file_id) for file_id in ids], token)
        errors = [
            outcome
            for outcome in outcomes
            if isinstance(outcome, Exception) and not isinstance(outcome, NotFoundError)
        ]
        deleted = {
            file_id
            for file_id, outcome in zip(ids, outcomes, strict=True)
            if not isinstance(outcome, Exception) or isinstance(outcome, NotFoundError)
        }
        self.file_ids = [file_id for file_id in self.file_ids if file_id not in deleted]
        if errors:
            raise errors[0]

    async def _upload_path(
        self, path: Path, purpose: FilePurpose, token: CancellationToken | None
    ) -> str:
        async with aiofiles.open(path, "rb") as file:
            data = await file.read()
        return await self.upload_bytes(path.name, data, purpose, token)


async def index_files(
    client: AsyncOpenAI, store_id: str, file_ids: list[str], token: CancellationToken | None
) -> None:
    """Add files to a vector store in one batch and wait until they are indexed."""
    batches = client.vector_stores.file_batches
    batch = await call(
        lambda: batches.create_and_poll(vector_store_id=store_id, file_ids=file_ids), token
    )
    if batch.status != "completed" or batch.file_counts.failed:
        counts = batch.file_counts
        raise FileIndexingError(
            f"file batch {batch.id} for vector store {store_id} ended {batch.status!r}: "
            f"{counts.completed} of {counts.total} files indexed, {counts.failed} failed, "
            f"{counts.cancelled} cancelled"
        )
