"""Every action Vigie can plan, by the name a charter or a playbook uses."""

from __future__ import annotations

from bot.actions import (
    ban,
    delete,
    escalate,
    hold,
    kick,
    lock,
    notify,
    notify_author,
    post_statement,
    slow_mode,
    timeout,
    warn,
)
from bot.actions.base import ActionModule

ACTIONS: dict[str, ActionModule] = {
    module.NAME: module  # type: ignore[misc]
    for module in (
        delete,
        warn,
        notify_author,
        timeout,
        kick,
        ban,
        escalate,
        hold,
        slow_mode,
        lock,
        notify,
        post_statement,
    )
}

# Sanctions a charter may put on a rule or on its ladder (crisis-only actions are not sanctions).
SANCTIONS = ("delete", "warn", "timeout", "kick", "ban", "escalate", "hold")
