"""Start a new agentplex plugin from this template.

    python rename.py NAME [DEST]

copies this folder to DEST (default: ``./agentplex-NAME``) and renames the
placeholders: ``agentplex-example`` becomes ``agentplex-NAME`` (underscores as
hyphens), ``example`` becomes ``NAME``, ``Example`` its CamelCase and
``EXAMPLE`` its upper case, in file contents and in paths. NAME is a short
lowercase identifier such as ``weather`` or ``web_search``; it becomes the
package (``agentplex_NAME``), the entry-point name and the provider name.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent
SKIP = {"rename.py", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", "build", "dist"}
NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
PLACEHOLDER = re.compile(r"agentplex-example|example|Example|EXAMPLE")


def replacements(name: str) -> dict[str, str]:
    """What each placeholder becomes for the plugin ``name``."""
    return {
        "agentplex-example": "agentplex-" + name.replace("_", "-"),
        "example": name,
        "Example": "".join(part.capitalize() for part in name.split("_")),
        "EXAMPLE": name.upper(),
    }


def rename(name: str, dest: Path) -> Path:
    """Copy the template to ``dest`` with every placeholder renamed for ``name``."""
    if not NAME.fullmatch(name):
        raise ValueError(f"'{name}' is not a lowercase identifier like 'weather' or 'web_search'")
    if dest.exists():
        raise FileExistsError(f"{dest} already exists; choose another destination")
    table = replacements(name)

    def fill(text: str) -> str:
        return PLACEHOLDER.sub(lambda match: table[match.group()], text)

    for source in sorted(TEMPLATE.rglob("*")):
        relative = source.relative_to(TEMPLATE)
        if SKIP.intersection(relative.parts) or relative.suffix == ".pyc" or source.is_dir():
            continue
        target = dest / fill(str(relative))
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.write_text(fill(source.read_text(encoding="utf-8")), encoding="utf-8")
        except UnicodeDecodeError:
            shutil.copyfile(source, target)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="the plugin's short name, e.g. weather")
    parser.add_argument("dest", nargs="?", type=Path, help="where to create it")
    args = parser.parse_args(argv)
    dest = args.dest or Path("agentplex-" + args.name.replace("_", "-"))
    try:
        rename(args.name, dest)
    except (ValueError, FileExistsError) as exc:
        print(f"rename.py: {exc}", file=sys.stderr)
        return 2
    print(f"created {dest}; next: cd {dest} && pip install -e '.[testing]' && pytest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
