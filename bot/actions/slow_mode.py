"""Slow a channel down (one message per author every N seconds), for crisis levels."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bot.actions.base import ActionContext, request, seconds
from bot.core.decision import ActionRequest
from bot.core.durations import Duration, at_most

NAME = "slow_mode"
TARGETS_AUTHOR = False


class Config(BaseModel):
    """The delay between two messages of one author; 0 turns slow mode off."""

    model_config = ConfigDict(extra="forbid")
    delay: Annotated[
        Duration, at_most(timedelta(hours=6), "platforms allow at most 6h of slow mode")
    ] = Field(description="e.g. '30s'; '0s' turns slow mode off (max 6h)")
    channels: list[str] = Field(
        default_factory=list, description="channels; empty = the one concerned"
    )


def plan(config: Config, context: ActionContext) -> ActionRequest:
    """A slow-mode change for the configured channels."""
    params = {"seconds": seconds(config.delay), "channels": config.channels}
    return request(NAME, context, params=params)
