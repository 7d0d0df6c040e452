"""Delete the offending message."""

from __future__ import annotations

from bot.actions.base import ActionContext, NoConfig, request
from bot.core.decision import ActionRequest

NAME = "delete"
Config = NoConfig
TARGETS_AUTHOR = True


def plan(config: NoConfig, context: ActionContext) -> ActionRequest:
    """Ask the platform to remove the message."""
    return request(NAME, context)
