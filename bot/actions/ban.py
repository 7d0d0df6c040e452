"""Ban the author, optionally removing their recent messages."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bot.actions.base import ActionContext, request, seconds
from bot.core.decision import ActionRequest
from bot.core.durations import Duration, at_most

NAME = "ban"
TARGETS_AUTHOR = True


class Config(BaseModel):
    """What else goes with the ban."""

    model_config = ConfigDict(extra="forbid")
    delete_messages: Annotated[
        Duration, at_most(timedelta(days=7), "platforms delete at most the last 7d of messages")
    ] = Field(
        timedelta(days=1), description="remove the author's messages of this last period (max 7d)"
    )


def plan(config: Config, context: ActionContext) -> ActionRequest:
    """A ban with the deletion window the platform applies."""
    return request(
        NAME, context, params={"delete_message_seconds": seconds(config.delete_messages)}
    )
