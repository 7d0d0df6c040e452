"""Vigie's own evaluation suites: hand-written French and English messages, by functionality, with
what the charter must do with each.

Written for Vigie (not copied from any public functional test suite), so they measure what the
charter needs: threats acted on, hyperbole and gaming talk left alone, counter-speech and
complaints never sanctioned. `evaluate_suites` runs them through a charter's engine and reports one
figure per functionality (`vigie model suites`); the tests assert the targets of issue 12. The
cases are in `bot.ml.suite_cases`. Expectations: "threat" (a threat rule must act: delete or
escalate), "no_threat" (no threat rule fires), "kept" (no sanction at all: no delete, warn,
timeout, ban, hold), "acted" (deleted or shown to a moderator), "no_hate" (no hate rule fires).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.decision import Decision
from bot.core.message import Author, Message
from bot.ml.hate_eval import HateRow, evaluate_hate
from bot.ml.suite_blind import BLIND_A, BLIND_B, BLIND_C
from bot.ml.suite_blind_hate_d import BLIND_HATE_D, HateCases
from bot.ml.suite_blind_hate_e import BLIND_HATE_E
from bot.ml.suite_blind_threats_d import BLIND_D
from bot.ml.suite_blind_threats_e import BLIND_E
from bot.ml.suite_blind_threats_f import BLIND_F
from bot.ml.suite_cases import (
    COMPLAINTS,
    COUNTER_SPEECH,
    DEHUMANISATION,
    DEROGATION,
    HOLDOUT,
    NEUTRAL_NEGATION,
    NOT_THREATS,
    POSITIVE_GROUPS,
    SLURS,
    TARGETED_PROFANITY,
    THREATS_BLIND,
    THREATS_CONDITIONAL,
    THREATS_DIRECT,
    THREATS_GROUPS,
    THREATS_STAFF_PLACES,
    UNTARGETED_PROFANITY,
)

SUITES: dict[str, tuple[str, list[str]]] = {
    "threats_direct": ("threat", THREATS_DIRECT + THREATS_BLIND["threats_direct"]),
    "threats_conditional": ("threat", THREATS_CONDITIONAL + THREATS_BLIND["threats_conditional"]),
    "threats_staff_places": (
        "threat",
        THREATS_STAFF_PLACES + THREATS_BLIND["threats_staff_places"],
    ),
    "threats_groups": ("threat", THREATS_GROUPS + THREATS_BLIND["threats_groups"]),
    "hyperbole_gaming_quoting_news": ("no_threat", NOT_THREATS),
    "counter_speech": ("kept", COUNTER_SPEECH),
    "complaints": ("kept", COMPLAINTS),
    "derogation": ("acted", DEROGATION),
    "dehumanisation": ("acted", DEHUMANISATION),
    "slurs_and_evasions": ("acted", SLURS),
    "targeted_profanity": ("acted", TARGETED_PROFANITY),
    "untargeted_profanity": ("kept", UNTARGETED_PROFANITY),
    "positive_group_statements": ("kept", POSITIVE_GROUPS),
    "negation_and_neutral_group_talk": ("kept", NEUTRAL_NEGATION),
}
# The blind sets (see `bot.ml.suite_blind` and, for the threats round,
# `bot.ml.suite_blind_threats_d`, `_e` and `_f`), reported per functionality.
BLIND_SETS: dict[str, dict[str, tuple[str, list[str]]]] = {
    "blind_a": BLIND_A,
    "blind_b": BLIND_B,
    "blind_c": BLIND_C,
    "blind_d": BLIND_D,
    "blind_e": BLIND_E,
    "blind_f": BLIND_F,
    "blind_hate_d": {
        name: (group.expectation, group.fr + group.en) for name, group in BLIND_HATE_D.items()
    },
    "blind_hate_e": {
        name: (group.expectation, group.fr + group.en) for name, group in BLIND_HATE_E.items()
    },
}
# The blind hate sets read per language with the hate score (see `evaluate_hate_set`).
HATE_SETS: dict[str, dict[str, HateCases]] = {"d": BLIND_HATE_D, "e": BLIND_HATE_E}
THREAT_RULES = frozenset({"menaces", "menaces-a-verifier"})
HATE_RULES = frozenset({"haine"})
SANCTIONS = frozenset({"delete", "warn", "timeout", "kick", "ban", "hold"})
_AT = datetime(2026, 4, 2, 15, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class SuiteResult:
    """One functionality's figure: how many cases the charter handled as expected."""

    name: str
    expectation: str
    cases: int
    passed: int
    failures: tuple[str, ...]

    @property
    def rate(self) -> float:
        """The share of cases handled as expected."""
        return self.passed / self.cases if self.cases else 0.0


def meets(expectation: str, decision: Decision) -> bool:
    """Whether a decision does what the suite expects of its message."""
    kinds = {action.kind for action in decision.actions}
    if expectation == "threat":
        return bool(THREAT_RULES & set(decision.matched)) and bool(kinds & {"delete", "escalate"})
    if expectation == "acted":
        return bool(kinds & {"delete", "escalate", "hold"})
    if expectation == "no_threat":
        return not THREAT_RULES & set(decision.matched)
    if expectation == "no_hate":
        return not HATE_RULES & set(decision.matched)
    return not kinds & SANCTIONS


def evaluate_suites(decide: Callable[[Message], Decision]) -> list[SuiteResult]:
    """Run every suite through `decide` (a fresh decision per message, no history); the threat
    suites also report their blind part (written after the patterns) on its own, then the held-out
    suites and the blind sets of the second round."""
    results = [
        _run(name, expectation, texts, decide) for name, (expectation, texts) in SUITES.items()
    ]
    results += [
        _run(f"{name}_blind", "threat", texts, decide) for name, texts in THREATS_BLIND.items()
    ]
    results += [
        _run(name, expectation, texts, decide) for name, (expectation, texts) in HOLDOUT.items()
    ]
    for prefix, blind in BLIND_SETS.items():
        results += [
            _run(f"{prefix}_{name}", expectation, texts, decide)
            for name, (expectation, texts) in blind.items()
        ]
    return results


def evaluate_hate_set(
    decide: Callable[[Message], Decision],
    hate_scores: Callable[[list[str]], list[float]] | None = None,
    threshold: float = 0.5,
    name: str = "d",
) -> list[HateRow]:
    """One blind hate set (`HATE_SETS`) per functionality and language: the hate score's AUC and
    accuracy (when `hate_scores` is given) and the charter's decision accuracy (see
    `bot.ml.hate_eval`)."""
    return evaluate_hate(HATE_SETS[name], decide, meets, _message, hate_scores, threshold)


def _message(message_id: str, text: str) -> Message:
    author = Author(id="suite", joined=_AT - timedelta(days=400), created=_AT - timedelta(days=900))
    return Message(id=message_id, ts=_AT, author=author, text=text, community="suite")


def _run(
    name: str, expectation: str, texts: Iterable[str], decide: Callable[[Message], Decision]
) -> SuiteResult:
    failures = []
    texts = list(texts)
    for index, text in enumerate(texts):
        if not meets(expectation, decide(_message(f"{name}-{index}", text))):
            failures.append(text)
    return SuiteResult(name, expectation, len(texts), len(texts) - len(failures), tuple(failures))
