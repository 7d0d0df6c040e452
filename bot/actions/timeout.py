"""Mute the author for a while (Discord timeout, Telegram restriction)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.actions.base import ActionContext, request
from bot.core.decision import ActionRequest
from bot.core.timeparse import parse_duration

NAME = "timeout"
TARGETS_AUTHOR = True
MAX_TIMEOUT = timedelta(days=28)  # Discord's limit; Telegram treats longer as forever


class Config(BaseModel):
    """How long the author stays muted."""

    model_config = ConfigDict(extra="forbid")
    duration: timedelta = Field(description="e.g. '10m', '1h', '24h' (at most 28d)")

    @field_validator("duration", mode="before")
    @classmethod
    def _parse(cls, value: object) -> timedelta:
        duration = parse_duration(value)  # type: ignore[arg-type]
        if not timedelta(seconds=1) <= duration <= MAX_TIMEOUT:
            raise ValueError("a timeout lasts between 1s and 28d")
        return duration


def plan(config: Config, context: ActionContext) -> ActionRequest:
    """A timeout of the configured length."""
    return request(NAME, context, duration=config.duration)
