"""Entry point: ``python -m bench.agentplex_bench [--quick]`` from the repository root."""

import sys

from ._cli import main

sys.exit(main())
