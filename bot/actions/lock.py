"""Lock or unlock channels (members can read but not write), for the worst crisis levels."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bot.actions.base import ActionContext, request
from bot.core.decision import ActionRequest

NAME = "lock"
TARGETS_AUTHOR = False


class Config(BaseModel):
    """Which channels, and lock or unlock."""

    model_config = ConfigDict(extra="forbid")
    channels: list[str] = Field(
        default_factory=list, description="channels; empty = the one concerned"
    )
    locked: bool = Field(True, description="false unlocks")


def plan(config: Config, context: ActionContext) -> ActionRequest:
    """A lock change for the configured channels."""
    return request(NAME, context, params={"channels": config.channels, "locked": config.locked})
