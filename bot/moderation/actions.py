"""Merging the actions planned by several rules and the ladder into one coherent set.

Two rules may both ask for a timeout, or one for a timeout and the ladder for a ban: the author gets
the strongest sanction once, not a pile of them. Under a priori moderation the sanctions become a
hold plus a case that proposes them to a moderator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from bot.actions.base import ActionContext
from bot.actions.registry import ACTIONS
from bot.core.decision import ActionRequest, Mode

# Execution order: the message goes first (it is what hurts), then the person, then the humans.
_ORDER = ("hold", "delete", "warn", "timeout", "kick", "ban", "escalate")
# A stronger sanction makes the weaker ones pointless.
_SUPERSEDED_BY = {"timeout": ("kick", "ban"), "kick": ("ban",), "warn": ("kick", "ban")}


def merge_actions(
    planned: Sequence[ActionRequest], mode: Mode, context: ActionContext
) -> list[ActionRequest]:
    """One action per kind (the longest timeout), weaker sanctions dropped, in execution order."""
    by_kind: dict[str, ActionRequest] = {}
    for action in planned:
        kept = by_kind.get(action.kind)
        if kept is None or _longer(action, kept):
            by_kind[action.kind] = action
    for weak, strong in _SUPERSEDED_BY.items():
        if weak in by_kind and any(kind in by_kind for kind in strong):
            del by_kind[weak]
    actions = sorted(
        by_kind.values(), key=lambda a: _ORDER.index(a.kind) if a.kind in _ORDER else 99
    )
    return _hold_for_review(actions, context) if mode is Mode.HOLD else actions


def _longer(candidate: ActionRequest, kept: ActionRequest) -> bool:
    return (candidate.duration or timedelta(0)) > (kept.duration or timedelta(0))


def _hold_for_review(actions: list[ActionRequest], context: ActionContext) -> list[ActionRequest]:
    """A priori moderation: hide the message and let a moderator confirm the proposed sanctions."""
    proposed = [a.to_dict() for a in actions if a.kind not in ("escalate", "hold")]
    if not proposed:
        return actions
    hold = ACTIONS["hold"].plan(ACTIONS["hold"].Config(), context)
    escalate = next((a for a in actions if a.kind == "escalate"), None)
    if escalate is None:
        escalate = ACTIONS["escalate"].plan(ACTIONS["escalate"].Config(), context)
    return [hold, replace(escalate, params={**escalate.params, "proposed": proposed})]
