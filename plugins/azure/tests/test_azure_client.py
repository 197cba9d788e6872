"""The Azure OpenAI client over real HTTP: URL shape, credentials, dump and load."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from typing import Any

import openai
import pytest

import agentplex_azure
from agentplex import ComponentError, plugins
from agentplex.components import MASK
from agentplex.models import CreateResult, UserMessage
from agentplex_azure import (
    DEFAULT_SCOPE,
    AzureOpenAIChatCompletionClient,
    AzureTokenProvider,
)
from agentplex_openai.testing import ErrorReply, ScriptedOpenAIServer, TextReply, ToolCallReply

HI = [UserMessage(content="Hi")]
API_VERSION = "2024-10-21"
MakeClient = Callable[..., AzureOpenAIChatCompletionClient]


@pytest.fixture
async def make_client(server: ScriptedOpenAIServer) -> AsyncIterator[MakeClient]:
    clients: list[AzureOpenAIChatCompletionClient] = []

    def make(**options: Any) -> AzureOpenAIChatCompletionClient:
        options.setdefault("azure_deployment", "my-gpt")
        options.setdefault("api_version", API_VERSION)
        options.setdefault("model", "gpt-4o")
        options.setdefault("max_retries", 0)
        if "azure_ad_token_provider" not in options:
            options.setdefault("api_key", "azure-key")
        client = AzureOpenAIChatCompletionClient(azure_endpoint=server.azure_endpoint, **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


async def test_requests_reach_the_deployment_with_the_api_key_header(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("from azure", prompt_tokens=1_000_000, completion_tokens=0))
    result = await make_client(temperature=0).create(HI)

    assert result.content == "from azure"
    assert result.usage.cost == pytest.approx(2.5)  # gpt-4o's input price per 1M tokens
    [request] = server.requests
    assert request.path == "/openai/deployments/my-gpt/chat/completions"
    assert request.query == {"api-version": API_VERSION}
    assert request.headers["api-key"] == "azure-key"
    assert "authorization" not in request.headers
    assert request.json["model"] == "gpt-4o"
    assert request.json["temperature"] == 0


async def test_streaming_and_tool_calls_work_as_with_openai(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply("one two", chunks=["one", " two"]), ToolCallReply([("add", {"a": 1})]))
    client = make_client()

    parts = [part async for part in client.create_stream(HI)]
    tool_result = await client.create(HI, tools=[{"name": "add"}], tool_choice="add")

    assert parts[:2] == ["one", " two"]
    assert isinstance(parts[-1], CreateResult)
    assert parts[-1].content == "one two"
    assert server.requests[0].json["stream_options"] == {"include_usage": True}
    assert isinstance(tool_result.content, list)
    assert tool_result.content[0].name == "add"
    assert server.requests[1].json["tool_choice"] == {
        "type": "function",
        "function": {"name": "add"},
    }


@pytest.mark.parametrize("asynchronous", [False, True])
async def test_token_provider_sends_a_bearer_token_per_request(
    server: ScriptedOpenAIServer, make_client: MakeClient, asynchronous: bool
) -> None:
    issued: list[str] = []

    def token() -> str:
        issued.append(f"aad-token-{len(issued)}")
        return issued[-1]

    async def async_token() -> str:
        return token()

    server.enqueue(TextReply("a"), TextReply("b"))
    client = make_client(azure_ad_token_provider=async_token if asynchronous else token)
    await client.create(HI)
    await client.create(HI)

    assert [request.headers["authorization"] for request in server.requests] == [
        "Bearer aad-token-0",
        "Bearer aad-token-1",
    ]
    assert all("api-key" not in request.headers for request in server.requests)


async def test_rejected_credentials_surface_as_authentication_error(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.expect_api_key = "right-key"
    server.enqueue(ErrorReply(500, "unused"))
    with pytest.raises(openai.AuthenticationError) as caught:
        await make_client(api_key="wrong-key").create(HI)
    assert caught.value.status_code == 401


def test_credentials_are_required_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AZURE_OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("AZURE_OPENAI_AD_TOKEN", raising=False)
    arguments: dict[str, Any] = {
        "azure_deployment": "dep",
        "azure_endpoint": "https://example.openai.azure.com",
        "api_version": API_VERSION,
        "model": "gpt-4o",
    }
    with pytest.raises(ValueError, match="no credentials for Azure deployment 'dep'"):
        AzureOpenAIChatCompletionClient(**arguments)
    with pytest.raises(ValueError, match="api_key or azure_ad_token_provider, not both"):
        AzureOpenAIChatCompletionClient(
            **arguments, api_key="k", azure_ad_token_provider=lambda: "t"
        )


async def test_dump_masks_the_key_and_load_falls_back_to_the_environment(
    server: ScriptedOpenAIServer, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = make_client(api_key="azure-secret", seed=4).dump_component()
    assert (spec.provider, spec.config["api_key"]) == ("azure_openai", MASK)
    assert "azure-secret" not in spec.model_dump_json()
    assert spec.config["azure_deployment"] == "my-gpt"
    assert spec.config["azure_endpoint"] == server.azure_endpoint

    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "env-key")
    server.enqueue(TextReply("ok"))
    async with AzureOpenAIChatCompletionClient.load_component(spec) as loaded:
        await loaded.create(HI)
    request = server.requests[0]
    assert request.headers["api-key"] == "env-key"
    assert request.json["seed"] == 4
    assert request.query == {"api-version": API_VERSION}


def test_token_provider_dumps_as_a_reference_never_a_token(make_client: MakeClient) -> None:
    provider = AzureTokenProvider(scopes=["api://my-app/.default"])
    spec = make_client(azure_ad_token_provider=provider).dump_component(include_secrets=True)
    assert spec.config["api_key"] is None
    assert spec.config["azure_ad_token_provider"] == {
        "kind": "azure_identity_default",
        "scopes": ["api://my-app/.default"],
    }

    loaded = AzureOpenAIChatCompletionClient.load_component(spec)
    assert loaded.dump_component(include_secrets=True) == spec
    assert AzureTokenProvider().scopes == [DEFAULT_SCOPE]


def test_a_function_token_provider_cannot_be_dumped(make_client: MakeClient) -> None:
    client = make_client(azure_ad_token_provider=lambda: "secret-token")
    with pytest.raises(ComponentError, match="can only refer to an AzureTokenProvider"):
        client.dump_component()


def azure_identity_installed() -> bool:
    try:
        import azure.identity  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(azure_identity_installed(), reason="azure-identity is installed")
async def test_loaded_provider_without_the_aad_extra_says_what_to_install(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    spec = make_client(azure_ad_token_provider=AzureTokenProvider()).dump_component()
    loaded = AzureOpenAIChatCompletionClient.load_component(spec)
    with pytest.raises(ImportError, match=r"pip install 'agentplex-azure\[aad\]'"):
        await loaded.create(HI)
    await loaded.close()
    assert server.requests == []


def test_the_entry_point_registers_the_provider() -> None:
    assert plugins.get_provider("model_client", "azure_openai") is AzureOpenAIChatCompletionClient
    assert plugins.get_provider("model_client", "openai").__name__ == "OpenAIChatCompletionClient"


def test_public_names_are_sorted_and_complete() -> None:
    names = agentplex_azure.__all__
    groups = (
        [name for name in names if name.isupper()],
        [name for name in names if name[0].isupper() and not name.isupper()],
        [name for name in names if name[0].islower()],
    )
    assert names == [name for group in groups for name in sorted(group)]
    for name in names:
        assert getattr(agentplex_azure, name) is not None
    typing_helpers = {"annotations", "Any", "TYPE_CHECKING", "lazy_exports"}
    public = {
        name
        for name in dir(agentplex_azure)
        if not name.startswith("_") and not isinstance(getattr(agentplex_azure, name), type(sys))
    }
    assert public - typing_helpers == set(names)
