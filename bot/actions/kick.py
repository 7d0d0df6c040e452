"""Remove the author from the community (they may come back)."""

from __future__ import annotations

from bot.actions.base import ActionContext, NoConfig, request
from bot.core.decision import ActionRequest

NAME = "kick"
Config = NoConfig
TARGETS_AUTHOR = True


def plan(config: NoConfig, context: ActionContext) -> ActionRequest:
    """Ask the platform to remove the author."""
    return request(NAME, context)
