"""The scoring grid: the criteria weighted as the scenario says (or the default grid), the trainer's
manual scores on the same grid, the automatic failures (legitimate criticism deleted in bulk, an
unapproved statement, personal data left exposed or published, a troll fed) and the score on 100.
`ScoreCard.to_dict` is what `score.json` holds."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from bot.core.message import Author, Message
from bot.core.timeparse import isoformat
from bot.drills.criteria import CRITERIA, Context, Removals, removals
from bot.drills.expectations import Outcome, plan_outcomes, scenario_outcomes
from bot.drills.loader import Drill
from bot.drills.record import DrillRecord
from bot.i18n.catalog import messages
from bot.moderation.engine import ModerationEngine

SCORE_VERSION = 1


@dataclass
class Criterion:
    """One line of the grid: points earned out of the maximum, and why."""

    id: str
    title: str
    points: float | None  # None: not assessed (automatic) or not yet scored (manual)
    max: float
    reasons: list[str] = field(default_factory=list)
    manual: bool = False
    by: str | None = None


@dataclass(frozen=True)
class Failure:
    """An automatic failure and what caused it."""

    code: str
    reason: str


@dataclass
class ScoreCard:
    """The whole result of one drill."""

    scenario: str
    title: str
    lang: str
    trainee: str
    criteria: list[Criterion]
    failures: list[Failure]
    outcomes: list[Outcome]
    removals: Removals
    pass_mark: float
    cap: float

    @property
    def points(self) -> float:
        """Points earned on the assessed criteria."""
        return sum(c.points for c in self.criteria if c.points is not None)

    @property
    def max(self) -> float:
        """Points available on the assessed criteria."""
        return sum(c.max for c in self.criteria if c.points is not None)

    @property
    def score(self) -> float:
        """On 100, capped when the drill failed automatically."""
        raw = 100 * self.points / self.max if self.max else 0.0
        return round(min(raw, self.cap) if self.failures else raw, 1)

    @property
    def passed(self) -> bool:
        """No automatic failure and at least the pass mark."""
        return not self.failures and self.score >= self.pass_mark

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready figures (score.json)."""
        return {
            "version": SCORE_VERSION,
            "scenario": self.scenario,
            "title": self.title,
            "lang": self.lang,
            "trainee": self.trainee,
            "score": self.score,
            "points": round(self.points, 2),
            "max": round(self.max, 2),
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "cap": self.cap,
            "failures": [asdict(f) for f in self.failures],
            "criteria": [_criterion_dict(c) for c in self.criteria],
            "expectations": [_outcome_dict(o) for o in self.outcomes],
            "moderation": _removals_dict(self.removals),
        }


def _criterion_dict(criterion: Criterion) -> dict[str, Any]:
    data = asdict(criterion)
    if criterion.points is not None:
        data["points"] = round(criterion.points, 2)
    return data


def _outcome_dict(outcome: Outcome) -> dict[str, Any]:
    data = asdict(outcome)
    for name in ("at", "due", "done_at"):
        data[name] = isoformat(data[name]) if data[name] else None
    data["value"] = outcome.value
    return data


def _removals_dict(counts: Removals) -> dict[str, Any]:
    data: dict[str, Any] = asdict(counts)
    data["precision"] = round(counts.precision, 3)
    data["recall"] = round(counts.recall, 3)
    return data


ManualScores = dict[str, tuple[float, str, str | None]]  # id -> (points, reason, by)


def score(drill: Drill, record: DrillRecord, manual: ManualScores | None = None) -> ScoreCard:
    """Score a finished drill on the scenario's grid; `manual` adds the trainer's scores."""
    expected = scenario_outcomes(drill, record)
    outcomes = expected + plan_outcomes(drill, record, expected)
    ctx = Context(drill, record, outcomes)
    grid, lang = drill.scenario.grid, drill.lang
    criteria = []
    for name, judge in CRITERIA.items():
        weight = float(getattr(grid, name))
        mark = judge(ctx)
        points = None if mark.fraction is None else round(weight * mark.fraction, 2)
        criteria.append(
            Criterion(
                name, messages().text(lang, f"drills.crit_{name}"), points, weight, mark.reasons
            )
        )
    criteria += _manual_criteria(drill, manual or {})
    return ScoreCard(
        drill.scenario.meta.id,
        drill.scenario.meta.title,
        lang,
        record.trainee,
        criteria,
        failures(ctx),
        outcomes,
        removals(ctx),
        grid.pass_mark,
        drill.scenario.failures.cap,
    )


def _manual_criteria(drill: Drill, manual: ManualScores) -> list[Criterion]:
    found = []
    for item in drill.scenario.grid.manual:
        given = manual.get(item.id)
        if given is None:
            reasons = [messages().text(drill.lang, "drills.manual_pending")] + (
                [item.guide] if item.guide else []
            )
            found.append(Criterion(item.id, item.title, None, item.points, reasons, True))
            continue
        points, reason, by = given
        points = max(0.0, min(points, item.points))
        found.append(Criterion(item.id, item.title, points, item.points, [reason], True, by))
    return found


# --- automatic failures --------------------------------------------------------------------------


def failures(ctx: Context) -> list[Failure]:
    """Every automatic failure of the drill, with its cause."""
    return [
        *_bulk_deletion(ctx),
        *_unapproved(ctx),
        *_exposed_data(ctx),
        *_published_data(ctx),
        *_troll_fed(ctx),
    ]


def _bulk_deletion(ctx: Context) -> list[Failure]:
    deleted = ctx.record.deleted()
    criticism = [
        p.inject.id
        for p in ctx.record.played
        if p.inject.id in deleted and p.inject.legitimate and "complaint" in p.inject.labels
    ]
    if len(criticism) >= ctx.drill.scenario.failures.bulk_delete:
        ids = ", ".join(str(i) for i in criticism)
        return [
            Failure(
                "bulk_delete",
                messages().text(ctx.lang, "drills.fail_bulk_delete", count=len(criticism), ids=ids),
            )
        ]
    return []


def _unapproved(ctx: Context) -> list[Failure]:
    return [
        Failure(
            "unapproved",
            messages().text(
                ctx.lang, "drills.fail_unapproved", draft=post.draft, at=ctx.at(post.at)
            ),
        )
        for post in ctx.record.posts
        if post.approved_role is None and not post.auto
    ]


def _exposed_data(ctx: Context) -> list[Failure]:
    window = ctx.drill.scenario.failures.personal_data_within
    deleted, found = ctx.record.deleted(), []
    for played in ctx.record.played:
        inject = played.inject
        if "personal_data" not in inject.labels or inject.id is None:
            continue
        gone = deleted.get(inject.id)
        if gone is None or gone - played.at > window:
            found.append(
                Failure(
                    "personal_data",
                    messages().text(ctx.lang, "drills.fail_exposed", message=inject.id),
                )
            )
    return found


def _published_data(ctx: Context) -> list[Failure]:
    """The brand's own posts and replies are checked by the charter's personal-data detector."""
    engine = ModerationEngine(ctx.drill.charter)
    texts = [(p.at, p.text) for p in ctx.record.posts] + [
        (r.at, r.text) for r in ctx.record.replies
    ]
    found = []
    for at, text in texts:
        if _has_personal_data(engine, text, at):
            found.append(
                Failure(
                    "published_data",
                    messages().text(ctx.lang, "drills.fail_published", at=ctx.at(at)),
                )
            )
    return found


def _has_personal_data(engine: ModerationEngine, text: str, at: datetime) -> bool:
    message = Message("brand-check", at, Author("brand-check"), text)
    decision = engine.decide(message)
    return any(
        detection.matched and detection.detector == "personal_data"
        for outcome in decision.outcomes
        for detection in outcome.detections
    )


def _troll_fed(ctx: Context) -> list[Failure]:
    scenario, found = ctx.drill.scenario, []
    for reply in ctx.record.replies:
        played = ctx.record.message(reply.message)
        if played is None or played.inject.persona is None:
            continue
        persona = scenario.persona(played.inject.persona)
        if persona.kind == "troll" or "troll" in played.inject.labels:
            found.append(
                Failure(
                    "troll_fed",
                    messages().text(
                        ctx.lang, "drills.fail_troll", message=reply.message, name=persona.name
                    ),
                )
            )
    return found
