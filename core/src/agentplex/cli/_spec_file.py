"""Reading component specs and state from JSON or YAML files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


def read_data(path: Path) -> Any:
    """Parse ``path`` as YAML (``.yaml``/``.yml``) or JSON; a clear error otherwise."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise click.ClickException(
                f"{path} is YAML; install PyYAML to read it: pip install 'agentplex[yaml]'"
            ) from None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise click.ClickException(f"{path} is not valid YAML: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"{path} is not valid JSON: {exc}") from None


def uses_default_model(spec: Any) -> bool:
    """Whether any nested spec asks for the ``default`` model client."""
    if isinstance(spec, dict):
        if spec.get("provider") == "default" and spec.get("component_type") == "model_client":
            return True
        return any(uses_default_model(value) for value in spec.values())
    if isinstance(spec, list):
        return any(uses_default_model(value) for value in spec)
    return False
