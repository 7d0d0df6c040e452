"""What the contingency plan says about a level, as the drill needs it: who approves a statement,
how soon the first public statement is due, how often updates are due. Read by the runner (the
default approver of a draft) and by the scoring (the plan's deadlines), so both agree."""

from __future__ import annotations

from datetime import timedelta

from bot.crisis.response import statement_action
from bot.crisis.schema import Playbook


def approvers(playbook: Playbook, level: int) -> tuple[str, ...]:
    """The roles the plan lets approve a statement at `level` (empty: anyone of the cell).

    The statement of the highest level at or below `level` that has one, and its update approver.
    """
    found: list[str] = []
    for number in range(level, 0, -1):
        if not _has(playbook, number):
            continue
        plan_level = playbook.level(number)
        action = statement_action(plan_level)
        if action is not None:
            found.append(action.approver)
        if plan_level.update_approver:
            found.append(plan_level.update_approver)
        if found:
            break
    return tuple(dict.fromkeys(found))


def default_approver(playbook: Playbook, level: int, trainee_role: str) -> str:
    """The role a draft goes to when the trainee does not say: the plan's approver at this level
    (or the nearest level above), else the first role of the plan that is not the trainee's."""
    # Below the first level with a statement, the nearest level above says who speaks for the brand.
    for number in range(max(level, 1), playbook.top + 1):
        for role in approvers(playbook, number):
            if role != trainee_role:
                return role
    return next(r.id for r in playbook.roles if r.id != trainee_role)


def first_response(playbook: Playbook, level: int) -> timedelta | None:
    """How soon the plan wants a public statement once `level` is entered."""
    if not _has(playbook, level):
        return None
    return playbook.level(level).first_response


def update_every(playbook: Playbook, level: int) -> timedelta | None:
    """The update cadence in force at `level` (the nearest level at or below that sets one)."""
    for number in range(level, 0, -1):
        if _has(playbook, number) and playbook.level(number).update_every:
            return playbook.level(number).update_every
    return None


def _has(playbook: Playbook, number: int) -> bool:
    return any(level.level == number for level in playbook.levels)
