"""A model (or a function) picks who speaks next."""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Self

from ..agents import BaseChatAgent
from ..components import Component, ComponentModel
from ..messages import BaseChatMessage
from ..models import AssistantMessage, ChatCompletionClient, SystemMessage, UserMessage
from ._config import GroupChatConfig, dump_common, load_common
from ._group_chat import BaseGroupChat, Message

logger = logging.getLogger(__name__)

DEFAULT_SELECTOR_PROMPT = """You choose who speaks next in a conversation between these roles:
{roles}

The conversation so far:
{history}

Which of {participants} should speak next? Answer with the role's name only."""

SelectorFunc = Callable[[Sequence[Message]], "str | Awaitable[str | None] | None"]
CandidateFunc = Callable[[Sequence[Message]], "Sequence[str] | Awaitable[Sequence[str]]"]


class SelectorConfig(GroupChatConfig):
    model_client: ComponentModel
    selector_prompt: str = DEFAULT_SELECTOR_PROMPT
    allow_repeated_speaker: bool = False
    max_selector_attempts: int = 3
    history_size: int | None = None


class SelectorGroupChat(BaseGroupChat, Component[SelectorConfig]):
    """A model reads the conversation and names the next speaker.

    ``selector_func`` may choose first (None falls through to the model);
    ``candidate_func`` narrows who may be chosen. A model answer naming no
    valid candidate is retried ``max_selector_attempts`` times with feedback,
    then the next candidate after the previous speaker in participant order is
    taken, so a confused model never stalls the team. ``history_size`` bounds
    how many recent messages the selector prompt shows (None: all).
    """

    component_provider = "selector"
    component_config_schema = SelectorConfig

    def __init__(
        self,
        participants: Sequence[BaseChatAgent],
        model_client: ChatCompletionClient,
        *,
        selector_prompt: str = DEFAULT_SELECTOR_PROMPT,
        allow_repeated_speaker: bool = False,
        max_selector_attempts: int = 3,
        selector_func: SelectorFunc | None = None,
        candidate_func: CandidateFunc | None = None,
        history_size: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(participants, **kwargs)
        if len(participants) < 2:
            raise ValueError("SelectorGroupChat needs at least two participants")
        if max_selector_attempts < 1:
            raise ValueError("max_selector_attempts must be at least 1")
        self._model_client = model_client
        self._selector_prompt = selector_prompt
        self._allow_repeated = allow_repeated_speaker
        self._max_attempts = max_selector_attempts
        self._selector_func = selector_func
        self._candidate_func = candidate_func
        self._history_size = history_size
        self._history: list[str] = []
        self._previous: str | None = None

    async def select_speaker(self, new_messages: Sequence[Message]) -> BaseChatAgent:
        self._history.extend(
            f"{m.source}: {m.to_model_text()}"
            for m in new_messages
            if isinstance(m, BaseChatMessage)
        )
        thread = self._thread
        name: str | None = None
        if self._selector_func is not None:
            name = await _maybe_await(self._selector_func(thread))
            if name is not None and name not in self._by_name:
                raise ValueError(f"selector_func chose '{name}', which is not a participant")
        if name is None:
            candidates = await self._candidates(thread)
            name = candidates[0] if len(candidates) == 1 else await self._ask_model(candidates)
        self._previous = name
        return self._by_name[name]

    async def _candidates(self, thread: Sequence[Message]) -> list[str]:
        if self._candidate_func is not None:
            chosen = list(await _maybe_await(self._candidate_func(thread)))
            unknown = [n for n in chosen if n not in self._by_name]
            if unknown or not chosen:
                raise ValueError(f"candidate_func returned invalid candidates {chosen!r}")
            return chosen
        names = list(self._by_name)
        if not self._allow_repeated and self._previous in names and len(names) > 1:
            names.remove(self._previous)
        return names

    async def _ask_model(self, candidates: list[str]) -> str:
        history = (
            self._history if self._history_size is None else self._history[-self._history_size :]
        )
        roles = "\n".join(f"{n}: {self._by_name[n].description}" for n in candidates)
        prompt = self._selector_prompt.format(
            roles=roles, participants=str(candidates), history="\n".join(history)
        )
        messages: list[Any] = [SystemMessage(content=prompt)]
        for _ in range(self._max_attempts):
            result = await self._model_client.create(messages)
            answer = result.content if isinstance(result.content, str) else ""
            mentioned = _mentioned(answer, candidates)
            if len(mentioned) == 1:
                return mentioned[0]
            feedback = (
                f"You named {mentioned}; name exactly one."
                if mentioned
                else f"'{answer}' names none of {candidates}."
            )
            messages += [
                AssistantMessage(content=answer, source="selector"),
                UserMessage(content=f"{feedback} Answer with one of {candidates} only."),
            ]
        fallback = self._fallback(candidates)
        logger.warning(
            "selector model named no valid speaker after %d attempts; falling back to %s",
            self._max_attempts,
            fallback,
        )
        return fallback

    def _fallback(self, candidates: list[str]) -> str:
        order = list(self._by_name)
        start = order.index(self._previous) + 1 if self._previous in order else 0
        for offset in range(len(order)):
            name = order[(start + offset) % len(order)]
            if name in candidates:
                return name
        return candidates[0]

    def _reset_selection(self) -> None:
        self._history = []
        self._previous = None

    def _selection_state(self) -> dict[str, Any]:
        return {"history": list(self._history), "previous": self._previous}

    def _load_selection_state(self, state: Mapping[str, Any]) -> None:
        self._history = [str(line) for line in state.get("history", [])]
        previous = state.get("previous")
        self._previous = previous if previous in self._by_name else None

    def _to_config(self) -> SelectorConfig:
        if self._selector_func or self._candidate_func:
            raise ValueError(
                "a SelectorGroupChat with selector_func/candidate_func cannot be dumped"
            )
        return SelectorConfig(
            **dump_common(self),
            model_client=self._model_client.dump_component(),
            selector_prompt=self._selector_prompt,
            allow_repeated_speaker=self._allow_repeated,
            max_selector_attempts=self._max_attempts,
            history_size=self._history_size,
        )

    @classmethod
    def _from_config(cls, config: SelectorConfig) -> Self:
        return cls(
            model_client=ChatCompletionClient.load_component(config.model_client),
            selector_prompt=config.selector_prompt,
            allow_repeated_speaker=config.allow_repeated_speaker,
            max_selector_attempts=config.max_selector_attempts,
            history_size=config.history_size,
            **load_common(config),
        )


def _mentioned(answer: str, candidates: list[str]) -> list[str]:
    return [n for n in candidates if re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", answer)]


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value
