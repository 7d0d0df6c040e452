"""The graduated sanctions ladder: how many strikes a decision adds and which sanction follows."""

from __future__ import annotations

from collections.abc import Sequence

from bot.charter.schema import Rule, Sanctions


def strike_weight(rules: Sequence[Rule], sanctions: Sanctions) -> int:
    """Strikes added by one message that broke `rules`: the heaviest rule counts, once.

    One message is one offence, however many rules it breaks; otherwise a single insult that is
    also in capitals would climb the ladder twice.
    """
    weights = [
        rule.strikes if rule.strikes is not None else sanctions.weights.get(rule.severity, 0)
        for rule in rules
    ]
    return max(weights, default=0)


def ladder_actions(sanctions: Sanctions, severity: int, strikes_after: int, weight: int) -> list:  # type: ignore[type-arg]
    """The sanctions the ladder (or a severity override) prescribes for this decision.

    An override for the severity replaces the ladder. Otherwise a decision that adds strikes gets
    the highest step reached; past the top step, the top step applies again.
    """
    for override in sanctions.overrides:
        if override.severity == severity:
            return list(override.actions)
    if weight <= 0:
        return []
    reached = [step for step in sanctions.ladder if step.strikes <= strikes_after]
    return list(reached[-1].actions) if reached else []
