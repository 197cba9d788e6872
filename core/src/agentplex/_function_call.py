"""A model's request to call a tool."""

from __future__ import annotations

from pydantic import BaseModel


class FunctionCall(BaseModel):
    """One tool call: its id, the tool name and the arguments as a JSON string."""

    id: str
    name: str
    arguments: str
