"""Tell the author what was decided and why (the statement of reasons of the EU DSA, art. 17)."""

from __future__ import annotations

from dataclasses import replace

from bot.actions.base import ActionContext, NoConfig, request
from bot.core.decision import ActionRequest

NAME = "notify_author"
Config = NoConfig
TARGETS_AUTHOR = False  # it *is* the telling


def plan(config: NoConfig, context: ActionContext) -> ActionRequest:
    """A private message to the author with the statement of reasons."""
    return request(NAME, context, notice=context.notice)


def with_notice(context: ActionContext, notice: str) -> ActionRequest:
    """The private notice carrying `notice` to the author of the context's message."""
    return plan(Config(), replace(context, notice=notice))
