"""JSON mode and structured output over real HTTP."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

from agentplex.models import CreateResult, UserMessage
from agentplex_openai import StructuredOutputError
from agentplex_openai.testing import ScriptedOpenAIServer, TextReply

from .conftest import MakeClient

ASK = [UserMessage(content="Describe Paris.")]


class Landmark(BaseModel):
    name: str
    height_m: float | None = None


class City(BaseModel):
    """A city and its landmarks."""

    name: str
    population: int
    landmarks: list[Landmark]


async def test_json_mode_sends_json_object(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply('{"answer": 4}'))
    result = await make_client().create(ASK, json_output=True)
    assert server.requests[0].json["response_format"] == {"type": "json_object"}
    assert json.loads(str(result.content)) == {"answer": 4}


async def test_structured_output_sends_a_strict_schema_and_validates(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    answer = City(name="Paris", population=2_100_000, landmarks=[Landmark(name="Eiffel Tower")])
    server.enqueue(TextReply(answer.model_dump_json()))
    result = await make_client().create(ASK, json_output=City)

    assert City.model_validate_json(str(result.content)) == answer
    response_format = server.requests[0].json["response_format"]
    assert response_format["type"] == "json_schema"
    spec = response_format["json_schema"]
    assert (spec["name"], spec["strict"]) == ("City", True)
    schema = spec["schema"]
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["name", "population", "landmarks"]
    assert schema["description"] == "A city and its landmarks."
    landmark = schema["$defs"]["Landmark"]
    assert landmark["additionalProperties"] is False
    assert landmark["required"] == ["name", "height_m"]
    assert "default" not in landmark["properties"]["height_m"]


async def test_structured_output_in_a_stream(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    text = City(name="Oslo", population=700_000, landmarks=[]).model_dump_json()
    server.enqueue(TextReply(text))
    parts = [part async for part in make_client().create_stream(ASK, json_output=City)]
    assert "".join(part for part in parts if isinstance(part, str)) == text
    assert isinstance(parts[-1], CreateResult)
    assert parts[-1].content == text


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ('{"name": "Paris", "landmarks": []}', "field 'population': Field required"),
        ('{"name": "Paris", "population": "many", "landmarks": []}', "field 'population'"),
        ("Sorry, I cannot answer in JSON.", "Invalid JSON"),
    ],
)
async def test_invalid_structured_answer_names_model_and_problem(
    server: ScriptedOpenAIServer, make_client: MakeClient, answer: str, problem: str
) -> None:
    server.enqueue(TextReply(answer))
    client = make_client("gpt-4o")
    with pytest.raises(StructuredOutputError, match="model 'gpt-4o' is not a valid City") as caught:
        await client.create(ASK, json_output=City)
    assert problem in str(caught.value)
    assert client.total_usage().prompt_tokens == 10  # the tokens were spent all the same


async def test_truncated_structured_answer_says_so(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    server.enqueue(TextReply('{"name": "Par', finish_reason="length"))
    with pytest.raises(StructuredOutputError, match=r"City \(the answer was cut at the token"):
        await make_client().create(ASK, json_output=City)


async def test_json_output_and_response_format_together_are_refused(
    server: ScriptedOpenAIServer, make_client: MakeClient
) -> None:
    client = make_client(response_format={"type": "json_object"})
    with pytest.raises(ValueError, match="json_output and a 'response_format'"):
        await client.create(ASK, json_output=City)
    assert server.requests == []


async def test_json_output_of_another_type_is_refused(make_client: MakeClient) -> None:
    with pytest.raises(TypeError, match="json_output must be True, False, None or a pydantic"):
        await make_client().create(ASK, json_output=dict)  # type: ignore[arg-type]
