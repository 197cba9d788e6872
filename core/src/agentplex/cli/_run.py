"""``agentplex run``: load a team or an agent from a spec and run it in the Console."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from ._spec_file import read_data, uses_default_model


@click.command("run")
@click.argument("spec", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--task", "-t", help="The task; leave out to continue a saved conversation.")
@click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Resume from this state file if it exists, and save the state to it afterwards.",
)
@click.option("--trusted", is_flag=True, help="Allow code carried in the spec to run on load.")
@click.option("--allow-imports", is_flag=True, help="Allow dotted import paths as providers.")
@click.option("--plain", is_flag=True, help="Plain text output even on a terminal.")
def run_command(
    spec: Path,
    task: str | None,
    state: Path | None,
    trusted: bool,
    allow_imports: bool,
    plain: bool,
) -> None:
    """Run the team or agent described by SPEC (JSON or YAML) on a task."""
    from .. import plugins
    from .._errors import AgentplexError

    data = read_data(spec)
    if uses_default_model(data):
        try:
            choice = plugins.default_model()
        except AgentplexError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"model: {choice.reason}", err=True)
    saved = json.loads(state.read_text(encoding="utf-8")) if state and state.exists() else None
    if task is None and saved is None:
        raise click.UsageError("give --task, or --state with a saved conversation to continue")
    try:
        new_state = asyncio.run(_run(data, task, saved, trusted, allow_imports, plain))
    except AgentplexError as exc:
        raise click.ClickException(f"{spec}: {exc}") from None
    except KeyboardInterrupt:
        raise click.Abort() from None
    if state is not None:
        state.write_text(json.dumps(new_state, indent=2), encoding="utf-8")


async def _run(
    data: Any,
    task: str | None,
    saved: Mapping[str, Any] | None,
    trusted: bool,
    imports: bool,
    plain: bool,
) -> Mapping[str, Any]:
    """Run and return the state to save (also after a failure or an interrupt)."""
    from ..agents import BaseChatAgent, Team
    from ..components import load_component
    from ..ui import Console

    runner = load_component(data, trusted=trusted, allow_imports=imports)
    if not isinstance(runner, Team | BaseChatAgent):
        kind = type(runner).__name__
        raise click.ClickException(f"the spec describes a {kind}, not a team or agent")
    if saved is not None:
        await runner.load_state(saved)
    try:
        await Console(runner.run_stream(task=task), use_rich=False if plain else None)
    finally:
        state = await runner.save_state()
        await runner.close()
    return state
