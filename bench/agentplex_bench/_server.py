"""The scripted OpenAI-compatible server, in a process of its own.

Usage: ``python -m bench.agentplex_bench._server``. Prints the base URL on one
line, answers every chat completion with "ok", and stops when its standard input
closes, so the measured clients never share an event loop or a core's time
slice with the server's Python code more than the machine forces.
"""

from __future__ import annotations

import sys

from agentplex_openai.testing import ScriptedOpenAIServer, TextReply


def main() -> None:
    with ScriptedOpenAIServer(default=TextReply("ok")) as server:
        print(server.base_url, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
