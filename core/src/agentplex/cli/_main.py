"""The top-level click group; plugins add commands through ``register_commands``."""

from __future__ import annotations

import click

from .._version import __version__
from ._plugins import plugins_command
from ._run import run_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="agentplex")
def cli() -> None:
    """agentplex: LLM agents and agent teams."""


cli.add_command(plugins_command)
cli.add_command(run_command)


def main() -> None:
    """Console-script entry point."""
    from .. import plugins

    plugins.plugin_manager().hook.register_commands(cli=cli)
    cli()
