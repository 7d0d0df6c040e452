"""Measuring a charter on a labelled stream: how many legitimate messages it sanctioned, how many
violations it acted on, whom it banned.

The streams of `charters/samples` carry ground-truth `labels` (kept in `Message.extra`). This is
what the bad-buzz test asserts and what `vigie model suites` and the notes report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.core.decision import Decision

SANCTIONS = frozenset({"delete", "warn", "timeout", "kick", "ban", "hold"})
LEGITIMATE = frozenset({"ok", "complaint", "counter_speech", "press", "misinformation", "newcomer"})
VIOLATIONS = frozenset({"insult", "hate", "threat", "spam", "personal_data"})


@dataclass
class StreamAudit:
    """Counts over a replayed stream; `add` one decision at a time."""

    legitimate: int = 0
    violating: int = 0
    sanctioned: list[str] = field(default_factory=list)  # ids of legitimate messages sanctioned
    violations: dict[str, int] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)  # ids of violations with no action at all
    threats_unhandled: list[str] = field(default_factory=list)  # not deleted nor escalated
    banned: set[str] = field(default_factory=set)
    offenders: set[str] = field(default_factory=set)

    def add(self, decision: Decision, labels: Iterable[str]) -> None:
        """Count one decided message with its ground-truth labels."""
        labels = set(labels)
        kinds = {action.kind for action in decision.actions}
        message = decision.message
        if "ban" in kinds:
            self.banned.add(message.author.id)
        if labels <= LEGITIMATE:
            self.legitimate += 1
            if kinds & SANCTIONS:
                self.sanctioned.append(message.id)
            return
        if not labels & VIOLATIONS:  # flood, caps, off-topic...: measured elsewhere
            return
        self.offenders.add(message.author.id)
        self.violating += 1
        for label in labels & VIOLATIONS:
            self.violations[label] = self.violations.get(label, 0) + 1
        if not kinds:
            self.missed.append(message.id)
        if "threat" in labels and not kinds & {"delete", "escalate", "hold"}:
            self.threats_unhandled.append(message.id)

    @property
    def banned_innocents(self) -> set[str]:
        """Authors banned although none of their messages was a violation."""
        return self.banned - self.offenders

    def summary(self) -> dict[str, object]:
        """The figures, as the note and the benchmark print them."""
        acted = 1 - len(self.missed) / self.violating if self.violating else None
        return {
            "legitimate": self.legitimate,
            "legitimate_sanctioned": len(self.sanctioned),
            "legitimate_sanctioned_rate": round(len(self.sanctioned) / max(1, self.legitimate), 4),
            "violations": dict(sorted(self.violations.items())),
            "violations_missed": len(self.missed),
            "violations_acted_rate": None if acted is None else round(acted, 4),
            "threats_unhandled": len(self.threats_unhandled),
            "innocents_banned": len(self.banned_innocents),
        }
