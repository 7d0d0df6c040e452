"""Open a case for a human moderator, with a deadline."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field

from bot.actions.base import ActionContext, request
from bot.core.decision import ActionRequest
from bot.core.durations import PositiveDuration
from bot.core.timeparse import isoformat

NAME = "escalate"
TARGETS_AUTHOR = False


class Config(BaseModel):
    """How fast a moderator must look."""

    model_config = ConfigDict(extra="forbid")
    within: PositiveDuration = Field(
        timedelta(hours=4), description="deadline for a first human review"
    )
    keep_evidence: bool = Field(
        False, description="keep the message text past the retention period"
    )


def plan(config: Config, context: ActionContext) -> ActionRequest:
    """A case request for the review queue."""
    params = {
        "deadline": isoformat(context.at + config.within),
        "severity": context.severity,
        "keep_evidence": config.keep_evidence,
    }
    return request(NAME, context, params=params)
