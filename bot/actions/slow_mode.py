"""Slow a channel down (one message per author every N seconds), for crisis levels."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.actions.base import ActionContext, request, seconds
from bot.core.decision import ActionRequest
from bot.core.timeparse import parse_duration

NAME = "slow_mode"
TARGETS_AUTHOR = False


class Config(BaseModel):
    """The delay between two messages of one author; 0 turns slow mode off."""

    model_config = ConfigDict(extra="forbid")
    delay: timedelta = Field(description="e.g. '30s'; '0s' turns slow mode off (max 6h)")
    channels: list[str] = Field(
        default_factory=list, description="channels; empty = the one concerned"
    )

    @field_validator("delay", mode="before")
    @classmethod
    def _parse(cls, value: object) -> timedelta:
        delay = parse_duration(value)  # type: ignore[arg-type]
        if delay > timedelta(hours=6):
            raise ValueError("platforms allow at most 6h of slow mode")
        return delay


def plan(config: Config, context: ActionContext) -> ActionRequest:
    """A slow-mode change for the configured channels."""
    params = {"seconds": seconds(config.delay), "channels": config.channels}
    return request(NAME, context, params=params)
