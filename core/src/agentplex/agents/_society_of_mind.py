"""An agent whose thinking is a whole team."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping, Sequence
from typing import Any, Self

from pydantic import BaseModel

from .._cancellation import CancellationToken
from ..components import Component, ComponentModel
from ..messages import (
    BaseChatMessage,
    Response,
    TaskResult,
    TextMessage,
    default_message_factory,
)
from ..models import ChatCompletionClient, LLMMessage, SystemMessage, UserMessage
from ._base import BaseChatAgent, StreamItem
from ._state import check_state
from ._team import Team

DEFAULT_INSTRUCTION = (
    "Earlier you were given a task, and a team of experts worked on it. Their conversation follows."
)
DEFAULT_RESPONSE_PROMPT = (
    "Answer the task for the person who asked, using what the experts found. "
    "Do not mention the experts."
)


class SocietyOfMindConfig(BaseModel):
    name: str
    team: ComponentModel
    model_client: ComponentModel
    description: str
    instruction: str
    response_prompt: str


class SocietyOfMindAgent(BaseChatAgent, Component[SocietyOfMindConfig]):
    """Runs an inner team on the incoming messages, then has a model write the answer.

    The inner team's messages are yielded as inner events; the team is reset
    after each call so every call starts it fresh.
    """

    component_provider = "society_of_mind"
    component_config_schema = SocietyOfMindConfig

    def __init__(
        self,
        name: str,
        team: Team,
        model_client: ChatCompletionClient,
        *,
        description: str = "An agent that works a task with a team of experts.",
        instruction: str = DEFAULT_INSTRUCTION,
        response_prompt: str = DEFAULT_RESPONSE_PROMPT,
    ) -> None:
        super().__init__(name, description)
        self._team = team
        self._model_client = model_client
        self._instruction = instruction
        self._response_prompt = response_prompt
        self._history: list[BaseChatMessage] = []

    @property
    def produced_message_types(self) -> Sequence[type[BaseChatMessage]]:
        return (TextMessage,)

    async def on_messages(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> Response:
        response: Response | None = None
        async for item in self.on_messages_stream(messages, cancellation_token):
            if isinstance(item, Response):
                response = item
        assert response is not None
        return response

    async def on_messages_stream(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> AsyncGenerator[StreamItem, None]:
        self._history.extend(messages)
        task = list(self._history)
        inner: list[Any] = []
        result: TaskResult | None = None
        echoed = 0  # the team first yields the task messages back
        async for item in self._team.run_stream(task=task, cancellation_token=cancellation_token):
            if isinstance(item, TaskResult):
                result = item
            elif echoed < len(task):
                echoed += 1
            else:
                inner.append(item)
                yield item
        await self._team.reset()
        assert result is not None
        prompt: list[LLMMessage] = [SystemMessage(content=self._instruction)]
        prompt += [m.to_model_message() for m in task]
        prompt += [m.to_model_message() for m in inner if isinstance(m, BaseChatMessage)]
        prompt.append(UserMessage(content=self._response_prompt, source="user"))
        created = await self._model_client.create(prompt, cancellation_token=cancellation_token)
        content = created.content if isinstance(created.content, str) else str(created.content)
        answer = TextMessage(content=content, source=self.name, models_usage=created.usage)
        self._history.append(answer)
        yield Response(chat_message=answer, inner_messages=inner)

    async def on_reset(self, cancellation_token: CancellationToken) -> None:
        self._history = []
        await self._team.reset()

    async def close(self) -> None:
        await self._team.close()
        await self._model_client.close()

    async def save_state(self) -> Mapping[str, Any]:
        return {
            "type": "SocietyOfMindAgentState",
            "version": 1,
            "history": [m.model_dump(mode="json") for m in self._history],
            "team": dict(await self._team.save_state()),
        }

    async def load_state(self, state: Mapping[str, Any]) -> None:
        data = check_state(state, "SocietyOfMindAgentState", 1)
        history = [default_message_factory.create(m) for m in data.get("history", [])]
        self._history = [m for m in history if isinstance(m, BaseChatMessage)]
        await self._team.load_state(data["team"])

    def _to_config(self) -> SocietyOfMindConfig:
        return SocietyOfMindConfig(
            name=self.name,
            team=self._team.dump_component(),
            model_client=self._model_client.dump_component(),
            description=self.description,
            instruction=self._instruction,
            response_prompt=self._response_prompt,
        )

    @classmethod
    def _from_config(cls, config: SocietyOfMindConfig) -> Self:
        return cls(
            config.name,
            Team.load_component(config.team),
            ChatCompletionClient.load_component(config.model_client),
            description=config.description,
            instruction=config.instruction,
            response_prompt=config.response_prompt,
        )
