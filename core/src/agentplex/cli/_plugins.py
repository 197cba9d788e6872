"""``agentplex plugins``: what is installed and what each plugin registered."""

from __future__ import annotations

import json

import click


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def plugins_command(as_json: bool) -> None:
    """List installed plugins, their providers and load errors."""
    from .. import plugins

    infos = plugins.plugins()
    conflicts = [c.message() for c in plugins.conflicts()]
    if as_json:
        data = {"plugins": [info.to_dict() for info in infos], "conflicts": conflicts}
        click.echo(json.dumps(data, indent=2))
        return
    for info in infos:
        origin = f"{info.distribution} {info.version}" if info.distribution else "in-process"
        click.echo(f"{info.name} ({origin})")
        for kind, names in sorted(info.providers.items()):
            click.echo(f"  {kind}: {', '.join(sorted(names))}")
        if not info.providers and not info.errors:
            click.echo("  (registers no providers)")
        for error in info.errors:
            click.secho(f"  error: {error}", fg="red")
    for message in conflicts:
        click.secho(f"conflict: {message}", fg="red")
