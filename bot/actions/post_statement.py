"""Post an approved public statement (a holding response, an update) in the community's channels.
Planned by the crisis monitor once the approver role agreed, or at once where the level allows."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bot.actions.base import ActionContext, request
from bot.core.decision import ActionRequest

NAME = "post_statement"
TARGETS_AUTHOR = False


class Config(BaseModel):
    """The statement and where it goes."""

    model_config = ConfigDict(extra="forbid")
    statement: str = Field(description="the statement's id (for the incident record)")
    texts: dict[str, str] = Field(description="language -> text, as approved")
    channels: list[str] = Field(default_factory=list, description="empty: the main channel")


def plan(config: Config, context: ActionContext) -> ActionRequest:
    """A public post of the approved text, in every language it was written in."""
    params = {"statement": config.statement, "texts": config.texts, "channels": config.channels}
    return request(NAME, context, message_id=None, user_id=None, params=params)
