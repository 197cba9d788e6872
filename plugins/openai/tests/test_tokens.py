"""``count_tokens`` and ``remaining_tokens``: exact for OpenAI's encodings, estimated otherwise."""

from __future__ import annotations

import json
import math

import pytest

from agentplex import Image
from agentplex.models import LLMMessage, SystemMessage, UserMessage
from agentplex.tools import FunctionTool

from .conftest import MakeClient

pytestmark = pytest.mark.filterwarnings("ignore:open_binary is deprecated:DeprecationWarning")

PNG = Image.from_base64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
TEXT = "Tokenisation differs: naïve café façade, 東京タワー, and déjà vu!"
OTHER_INFO = {
    "vision": True,
    "function_calling": True,
    "json_output": False,
    "structured_output": False,
    "family": "llama",
    "context_window": 4096,
}


def encode(encoding: str, text: str) -> list[int]:
    import bpe_openai

    tokens: list[int] = bpe_openai.get_encoding(encoding).encode_ordinary(text)
    return tokens


def lookup(word: str) -> str:
    """Look a word up in the dictionary."""
    return word


def conversation(text: str) -> list[LLMMessage]:
    return [SystemMessage(content="Be brief."), UserMessage(content=text)]


@pytest.mark.parametrize(
    ("model", "encoding"), [("gpt-4o", "o200k_base"), ("gpt-4", "cl100k_base")]
)
def test_text_is_counted_with_the_model_encoding(
    make_client: MakeClient, model: str, encoding: str
) -> None:
    client = make_client(model)
    added = client.count_tokens(conversation(TEXT)) - client.count_tokens(conversation(""))
    assert added == len(encode(encoding, TEXT))


def test_other_models_are_estimated_at_four_characters_per_token(
    make_client: MakeClient,
) -> None:
    client = make_client("llama3", model_info=OTHER_INFO)
    added = client.count_tokens(conversation(TEXT)) - client.count_tokens(conversation(""))
    assert added == math.ceil(len(TEXT) / 4)


def test_each_message_adds_framing(make_client: MakeClient) -> None:
    client = make_client("gpt-4o")
    one = client.count_tokens([UserMessage(content="hello")])
    two = client.count_tokens([UserMessage(content="hello"), UserMessage(content="hello")])
    assert two - one > 1  # framing, role and name on top of the one-token word
    assert one > 1


def test_images_and_tools_are_counted(make_client: MakeClient) -> None:
    client = make_client("gpt-4o")
    text_only = client.count_tokens([UserMessage(content=["What is this?"])])
    with_image = client.count_tokens([UserMessage(content=["What is this?", PNG])])
    assert with_image - text_only == 765

    tool = FunctionTool(lookup)
    with_tool = client.count_tokens([UserMessage(content=["What is this?"])], tools=[tool])
    function = {key: value for key, value in tool.schema.items() if key != "strict"}  # not strict
    sent = [{"type": "function", "function": function}]
    definitions = json.dumps(sent, separators=(",", ":"))
    assert with_tool - text_only == len(encode("o200k_base", definitions))


def test_remaining_tokens_subtract_from_the_context_window(make_client: MakeClient) -> None:
    client = make_client("llama3", model_info=OTHER_INFO)
    messages = conversation(TEXT)
    assert client.remaining_tokens(messages) == 4096 - client.count_tokens(messages)
    assert make_client("gpt-4o").remaining_tokens(messages) > 127_000


def test_remaining_tokens_need_a_context_window(make_client: MakeClient) -> None:
    info = {key: value for key, value in OTHER_INFO.items() if key != "context_window"}
    client = make_client("llama3", model_info=info)
    with pytest.raises(ValueError, match="context window of model 'llama3' is unknown"):
        client.remaining_tokens(conversation(TEXT))
