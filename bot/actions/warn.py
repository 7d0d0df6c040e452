"""Warn the author with the statement of reasons, in the channel or privately."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.actions.base import ActionContext, request
from bot.core.decision import ActionRequest

NAME = "warn"
TARGETS_AUTHOR = True


class Config(BaseModel):
    """Where the warning goes."""

    model_config = ConfigDict(extra="forbid")
    where: Literal["private", "reply"] = Field(
        "private", description="private message to the author, or a reply under the message"
    )


def plan(config: Config, context: ActionContext) -> ActionRequest:
    """A warning carrying the statement of reasons."""
    return request(NAME, context, notice=context.notice, params={"where": config.where})
