"""Notify a member of the crisis cell (a Discord user or role, a Telegram user or chat), with the
case to acknowledge and its deadline. Planned by the crisis monitor, never by a charter rule."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from bot.actions.base import ActionContext, request
from bot.core.decision import ActionRequest
from bot.core.timeparse import isoformat

NAME = "notify"
TARGETS_AUTHOR = False


class Config(BaseModel):
    """Who is notified, on which platform, about which case."""

    model_config = ConfigDict(extra="forbid")
    platform: str = Field(description="the platform the person is reached on: discord, telegram")
    to: str = Field(
        description="'user:ID' or 'role:ID' (Discord), 'user:ID' or 'chat:ID' (Telegram)"
    )
    text: str
    case: str | None = None
    role: str | None = None
    person: str | None = None
    deadline: datetime | None = None


def plan(config: Config, context: ActionContext) -> ActionRequest:
    """A notification on the person's platform (not necessarily the community's)."""
    params = {"to": config.to, "text": config.text}
    for name in ("case", "role", "person"):
        value = getattr(config, name)
        if value is not None:
            params[name] = value
    if config.deadline is not None:
        params["deadline"] = isoformat(config.deadline)
    return request(
        NAME,
        context,
        key=f"{context.key}:{NAME}:{config.platform}",
        platform=config.platform,
        message_id=None,
        user_id=None,
        params=params,
    )
