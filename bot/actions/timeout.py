"""Mute the author for a while (Discord timeout, Telegram restriction)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bot.actions.base import ActionContext, request
from bot.core.decision import ActionRequest
from bot.core.durations import PositiveDuration, at_most

NAME = "timeout"
TARGETS_AUTHOR = True
MAX_TIMEOUT = timedelta(days=28)  # Discord's limit; Telegram treats longer as forever


class Config(BaseModel):
    """How long the author stays muted."""

    model_config = ConfigDict(extra="forbid")
    duration: Annotated[PositiveDuration, at_most(MAX_TIMEOUT, "a timeout lasts at most 28d")] = (
        Field(description="e.g. '10m', '1h', '24h' (at most 28d)")
    )


def plan(config: Config, context: ActionContext) -> ActionRequest:
    """A timeout of the configured length."""
    return request(NAME, context, duration=config.duration)
