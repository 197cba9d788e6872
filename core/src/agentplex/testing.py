"""pytest helpers for code that uses agentplex (loaded as a pytest plugin).

``register_plugin`` registers plugin objects in-process for the duration of
one test and removes them afterwards::

    def test_my_tool(register_plugin):
        register_plugin(MyPlugin(), name="my-plugin")
        assert "my_tool" in agentplex.plugins.providers("tool")
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from . import plugins

RegisterPlugin = Callable[..., str]


@pytest.fixture
def register_plugin() -> Iterator[RegisterPlugin]:
    """``register_plugin(obj, name=None) -> name``; unregistered when the test ends."""
    names: list[str] = []

    def register(plugin: object, name: str | None = None) -> str:
        registered = plugins.register(plugin, name=name)
        names.append(registered)
        return registered

    yield register
    for name in reversed(names):
        plugins.unregister(name)
