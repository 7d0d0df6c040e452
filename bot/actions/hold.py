"""Hold a message out of sight until a moderator reviews it (a priori moderation)."""

from __future__ import annotations

from bot.actions.base import ActionContext, NoConfig, request
from bot.core.decision import ActionRequest

NAME = "hold"
Config = NoConfig
TARGETS_AUTHOR = True


def plan(config: NoConfig, context: ActionContext) -> ActionRequest:
    """Ask the platform to hide the message pending review (deleting it where nothing else exists)."""
    return request(NAME, context)
