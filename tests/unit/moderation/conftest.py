"""A small charter and message factory shared by the engine tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

import pytest

from bot.charter.loader import parse_charter
from bot.charter.schema import Charter
from bot.core.message import Author, Message

START = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)

CHARTER = """
meta:
  id: test
  version: "1"
  community: Test
  languages: [fr, en]
  owner: Team
  contact: team@example.org
  effective: 2026-01-01
  mode: {mode}
public:
  preamble: {{fr: Bienvenue., en: Welcome.}}
  commitments: [{{fr: La critique est bienvenue., en: Criticism is welcome.}}]
  reporting: {{fr: Utilisez /signaler., en: Use /report.}}
  appeal: {{fr: Répondez /recours., en: Reply /appeal.}}
staff: {{moderators: [mod]}}
rules:
  - id: insults
    title: {{fr: Pas d'insultes, en: No insults}}
    text: {{fr: On critique les idées., en: Criticise ideas.}}
    severity: 2
    when:
      any:
        - keywords: {{words: [connard, idiot]}}
        - classifier: {{label: toxic, threshold: 0.9}}
    actions: [delete]
    exempt: {{roles: [mod]}}
  - id: threats
    title: {{fr: Pas de menaces, en: No threats}}
    text: {{fr: Jamais., en: Never.}}
    severity: 4
    when:
      any:
        - keywords: {{words: [je vais te tuer, i will kill you]}}
  - id: shouting
    title: {{fr: Pas de majuscules, en: No shouting}}
    text: {{fr: Pas de cris., en: No shouting.}}
    severity: 1
    when:
      any:
        - keywords: {{words: [aaargh]}}
    actions: [{{warn: {{where: reply}}}}]
sanctions:
  strike_ttl: 30d
  ladder:
    - {{strikes: 1, actions: [warn]}}
    - {{strikes: 2, actions: [{{timeout: {{duration: 1h}}}}]}}
    - {{strikes: 3, actions: [{{timeout: {{duration: 24h}}}}]}}
    - {{strikes: 5, actions: [ban]}}
  overrides:
    - {{severity: 4, actions: [delete, ban, {{escalate: {{within: 30m, keep_evidence: true}}}}]}}
retention: {{message_text: 30d, case_data: 365d}}
profiles:
  crisis: {{thresholds: {{toxic: 0.8}}}}
"""


@pytest.fixture
def make_charter() -> Callable[..., Charter]:
    """A charter in the given moderation mode."""

    def make(mode: str = "a_posteriori") -> Charter:
        return parse_charter(CHARTER.format(mode=mode), "test.yaml")

    return make


class FixedScorer:
    """A scorer that answers from a table: the smallest possible stand-in for the models."""

    labels = ("toxic",)

    def __init__(self, table: Mapping[str, float]) -> None:
        self.table = table

    def score(self, text: str) -> dict[str, float]:
        return {"toxic": self.table.get(text, 0.01)}

    def explain(self, text: str, label: str, k: int = 5) -> list[tuple[str, float]]:
        return [(word, 1.0) for word in text.split()[:k]]


@pytest.fixture
def message() -> Callable[..., Message]:
    """A message factory: `message("text", minutes=3, author="u1")`."""
    counter = iter(range(1, 10_000))

    def make(
        text: str,
        minutes: float = 0,
        author: str = "u1",
        roles: tuple[str, ...] = (),
        edited: bool = False,
        message_id: str | None = None,
    ) -> Message:
        return Message(
            id=message_id or f"m{next(counter)}",
            ts=START + timedelta(minutes=minutes),
            author=Author(id=author, name=author.capitalize(), roles=roles),
            text=text,
            community="c1",
            edited=edited,
        )

    return make
