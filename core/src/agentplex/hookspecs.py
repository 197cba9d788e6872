"""The hooks a plugin implements.

A plugin is a module (found through the ``agentplex`` entry-point group) or an
object registered in-process, holding functions marked with ``@hookimpl`` whose
names are the hook names below. Each ``register_*`` hook is called once, the
first time the registry is used, with a ``register(name, cls)`` callable. The
name is the short, stable provider name that component specs use; ``cls`` is
the class, or a ``"module:attribute"`` string so that the module is imported
only when the provider is first used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import pluggy

if TYPE_CHECKING:
    import click

hookspec = pluggy.HookspecMarker("agentplex")
hookimpl = pluggy.HookimplMarker("agentplex")

Register = Callable[[str, "type[Any] | str"], None]
"""``register(name, cls)``: add one provider of the hook's kind."""


class DefaultModel(NamedTuple):
    """A plugin's offer of the model to use where a spec asks for ``"default"``."""

    spec: dict[str, Any]
    """A ``model_client`` component spec."""
    reason: str
    """One line telling the user which model this is and why it was chosen."""


@hookspec
def register_model_clients(register: Register) -> None:
    """Register ``ChatCompletionClient`` classes (kind ``model_client``)."""


@hookspec
def register_tools(register: Register) -> None:
    """Register ``Tool`` classes (kind ``tool``)."""


@hookspec
def register_workbenches(register: Register) -> None:
    """Register ``Workbench`` classes (kind ``workbench``)."""


@hookspec
def register_memories(register: Register) -> None:
    """Register ``Memory`` classes (kind ``memory``)."""


@hookspec
def register_cache_stores(register: Register) -> None:
    """Register ``CacheStore`` classes (kind ``cache_store``)."""


@hookspec
def register_model_contexts(register: Register) -> None:
    """Register ``ChatCompletionContext`` classes (kind ``model_context``)."""


@hookspec
def register_agents(register: Register) -> None:
    """Register agent classes (kind ``agent``)."""


@hookspec
def register_teams(register: Register) -> None:
    """Register team classes (kind ``team``)."""


@hookspec
def register_termination_conditions(register: Register) -> None:
    """Register ``TerminationCondition`` classes (kind ``termination_condition``)."""


@hookspec
def register_code_executors(register: Register) -> None:
    """Register ``CodeExecutor`` classes (kind ``code_executor``)."""


@hookspec(firstresult=True)
def default_model_client() -> DefaultModel | None:
    """Offer the model client a spec gets when it names the provider ``"default"``.

    Called when such a spec is loaded (``agentplex run`` prints the reason).
    Return None when the plugin cannot serve now (e.g. no API key). The first
    non-None answer wins: mark offers that follow explicit user configuration
    (an API key in the environment) ``@hookimpl(tryfirst=True)`` so they beat
    offers that work with no configuration at all (a local model).
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``agentplex`` command line.

    Called when the command line starts; ``cli`` is the top-level click group,
    so ``@cli.command()`` adds a command.
    """
