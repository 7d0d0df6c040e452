"""Ban the author, optionally removing their recent messages."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.actions.base import ActionContext, request, seconds
from bot.core.decision import ActionRequest
from bot.core.timeparse import parse_duration

NAME = "ban"
TARGETS_AUTHOR = True


class Config(BaseModel):
    """What else goes with the ban."""

    model_config = ConfigDict(extra="forbid")
    delete_messages: timedelta = Field(
        timedelta(days=1), description="remove the author's messages of this last period (max 7d)"
    )

    @field_validator("delete_messages", mode="before")
    @classmethod
    def _parse(cls, value: object) -> timedelta:
        window = parse_duration(value)  # type: ignore[arg-type]
        if window > timedelta(days=7):
            raise ValueError("platforms delete at most the last 7d of messages")
        return window


def plan(config: Config, context: ActionContext) -> ActionRequest:
    """A ban with the deletion window the platform applies."""
    return request(
        NAME, context, params={"delete_message_seconds": seconds(config.delete_messages)}
    )
