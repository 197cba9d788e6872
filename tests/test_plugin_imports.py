"""Discovering a plugin stays cheap: its hook module imports agentplex and nothing heavy.

Each installed plugin's entry-point module is imported in a fresh interpreter,
the way the registry loads it; its package's ``__init__`` must not pull in the
library the plugin wraps, nor any of its own modules besides the hook module.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

HEAVY = ("aiofiles", "diskcache", "httpx", "openai", "redis", "xllamacpp")
"""Libraries the plugins of this repository wrap; none may load with a hook module."""

PROBE = """\
import json, sys
before = set(sys.modules)
import {module}
print(json.dumps(sorted(set(sys.modules) - before)))
"""

HOOK_MODULES = sorted({ep.value.split(":")[0] for ep in entry_points(group="agentplex")})


def test_the_repository_plugins_are_checked() -> None:
    assert {"agentplex_http.plugin", "agentplex_openai.plugin", "agentplex_redis.plugin"} <= set(
        HOOK_MODULES
    )


@pytest.mark.parametrize("module", HOOK_MODULES)
def test_hook_module_imports_no_heavy_library(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout)
    heavy = sorted({name.split(".")[0] for name in loaded} & set(HEAVY))
    assert not heavy, f"importing {module} loads {', '.join(heavy)}"
    package = module.split(".")[0]
    own = {name for name in loaded if name.split(".")[0] == package}
    assert own <= {package, module}, f"importing {module} also loads {sorted(own - {module})}"


def test_core_packages_load_the_plugin_registry_only_when_used() -> None:
    code = (
        "import sys\n"
        "import agentplex.agents, agentplex.conditions, agentplex.teams\n"
        "assert 'pluggy' not in sys.modules, 'pluggy imported'\n"
        "assert 'agentplex.plugins' not in sys.modules, 'registry imported'\n"
        "from agentplex import hookimpl\n"
        "assert 'pluggy' in sys.modules\n"
        "from agentplex.conditions import MaxMessageTermination\n"
        "spec = MaxMessageTermination(3).dump_component()\n"
        "assert MaxMessageTermination.load_component(spec).max_messages == 3\n"
        "assert 'agentplex.plugins' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
