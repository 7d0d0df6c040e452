"""A charter's rules compiled into one evaluation loop per message (issue 18).

`prepare_rules` gives each rule as objects (the rule, its clauses, their settings); deciding one
message through them costs several Python calls and attribute reads per rule, and most messages
fire no rule at all. `RulePlan` reads those objects once, when the charter or profile is loaded,
into flat tuples (the rule's id, severity, its detectors' runners, all/any, exemptions) that one
loop walks per message. The outcomes are exactly those of the rule-by-rule path the what-if's
`SharedWork` uses (`ModerationEngine._apply_rule`); a test compares the two on every sample stream
and the suites' cases.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.decision import Detection, RuleOutcome
from bot.core.message import Message
from bot.detectors.base import DetectorContext, Runner
from bot.i18n.catalog import messages
from bot.moderation.rules import PreparedRule
from bot.moderation.trace import describe_detections

# One rule, flattened: (prepared rule, id, severity, runners, require all, any exemption).
_Step = tuple[PreparedRule, str, int, tuple[Runner, ...], bool, bool]


class RulePlan:
    """The enabled rules of one charter (and profile), evaluated in one loop per message."""

    def __init__(self, rules: Sequence[PreparedRule]) -> None:
        self._steps: tuple[_Step, ...] = tuple(
            (
                prepared,
                prepared.rule.id,
                prepared.rule.severity,
                tuple(clause.run for clause in prepared.clauses),
                prepared.require_all,
                prepared.exempting,
            )
            for prepared in rules
        )
        # The last outcome of each rule that did not fire: most messages get the very same
        # detections (the detectors' shared "nothing here" verdicts), hence the same outcome.
        self._quiet: dict[str, RuleOutcome] = {}

    def outcomes(
        self, message: Message, context: DetectorContext, lang: str
    ) -> tuple[RuleOutcome, ...]:
        """Every rule's outcome on `message`, in the charter's order."""
        found: list[RuleOutcome] = []
        quiet = self._quiet
        for prepared, rule_id, severity, runs, require_all, exempting in self._steps:
            if exempting:
                exempt = exemption(prepared, message, lang)
                if exempt:
                    found.append(RuleOutcome(rule_id, False, exempt, severity, exempt=exempt))
                    continue
            if len(runs) == 1:  # most rules: one detector, nothing to combine
                detection = runs[0](message, context)
                if detection.matched:
                    detections: tuple[Detection, ...] = (detection,)
                    reason = describe_detections(detections, lang, only_matched=True)
                    found.append(RuleOutcome(rule_id, True, reason, severity, detections))
                    continue
                last = quiet.get(rule_id)
                if last is None or last.detections[0] is not detection:
                    last = quiet[rule_id] = RuleOutcome(rule_id, False, "", severity, (detection,))
                found.append(last)
                continue
            detections = tuple([run(message, context) for run in runs])
            if require_all:
                matched = all([d.matched for d in detections])
            else:
                matched = any([d.matched for d in detections])
            if matched:
                reason = describe_detections(detections, lang, only_matched=True)
                found.append(RuleOutcome(rule_id, True, reason, severity, detections))
                continue
            last = quiet.get(rule_id)
            if last is None or not _same(last.detections, detections):
                last = quiet[rule_id] = RuleOutcome(rule_id, False, "", severity, detections)
            found.append(last)
        return tuple(found)


def _same(last: tuple[Detection, ...], now: tuple[Detection, ...]) -> bool:
    """The very same detection objects (the shared verdicts), not merely equal ones."""
    return all(before is after for before, after in zip(last, now, strict=True))


def exemption(prepared: PreparedRule, message: Message, lang: str) -> str | None:
    """Why `message` is exempt from the rule (a role or a channel), in `lang`, or None."""
    roles = prepared.exempt_roles.intersection(message.author.roles)
    if roles:
        return messages().text(lang, "moderation.exempt_role", roles=", ".join(sorted(roles)))
    # Platforms give channel ids; charters name channels: either one exempts.
    for channel in (message.channel, message.extra.get("channel_name")):
        if channel in prepared.exempt_channels:
            return messages().text(lang, "moderation.exempt_channel", channel=channel)
    return None
