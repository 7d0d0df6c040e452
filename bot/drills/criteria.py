"""The criteria of the scoring grid, each a small pure function from the drill, its record and the
expectations to a Mark: the share of the criterion earned (None: nothing to assess in this drill)
and the reasons, in the drill's language. Weights and totals are in `scoring.py`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.charter.fields import pick
from bot.crisis.escalation import Case
from bot.drills import plan
from bot.drills.expectations import MISSED, Outcome
from bot.drills.lexicon import Quality, check_text, score_text
from bot.drills.loader import Drill
from bot.drills.record import DrillRecord, Posted
from bot.drills.timing import clock_label
from bot.i18n import catalog


@dataclass
class Mark:
    """The share of a criterion earned (0..1, None when not assessed) and why."""

    fraction: float | None
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What every criterion reads."""

    drill: Drill
    record: DrillRecord
    outcomes: list[Outcome]

    @property
    def lang(self) -> str:
        """The drill's language."""
        return self.drill.lang

    def at(self, moment: datetime | None) -> str:
        """A time as the trainee saw it."""
        return clock_label(moment, self.drill.timezone) if moment else "—"

    def role(self, role_id: str) -> str:
        """A plan role's name in the drill's language."""
        return pick(self.drill.playbook.role(role_id).name, self.lang)

    def of(self, criterion: str) -> list[Outcome]:
        """The expectations that count for `criterion`."""
        return [o for o in self.outcomes if o.criterion == criterion]


def blend(parts: Sequence[tuple[float, float | None]]) -> float | None:
    """A weighted mean of the parts that apply (None when none does)."""
    used = [(weight, value) for weight, value in parts if value is not None]
    total = sum(weight for weight, _ in used)
    return None if not used else sum(weight * value for weight, value in used) / total


def mean(values: Sequence[float]) -> float | None:
    """The mean, or None for nothing."""
    return sum(values) / len(values) if values else None


def outcome_reason(ctx: Context, outcome: Outcome) -> str:
    """One line per expectation: what, by when, what happened."""
    target = ctx.role(outcome.target) if outcome.do == "alert" else outcome.target
    what = catalog.messages().text(ctx.lang, f"drills.expect_{outcome.do}", target=target)
    late = outcome.status == MISSED and outcome.done_at is not None
    return catalog.messages().text(
        ctx.lang,
        "drills.status_missed_late" if late else f"drills.status_{outcome.status}",
        what=what,
        due=ctx.at(outcome.due),
        done=ctx.at(outcome.done_at),
    )


# --- detection and qualification -------------------------------------------------------------------


def detection(ctx: Context) -> Mark:
    """The right level, on time: the scenario's level expectations."""
    outcomes = ctx.of("detection")
    fraction = mean([o.value for o in outcomes])
    reasons = [outcome_reason(ctx, o) for o in outcomes]
    expected_top = max((int(o.target) for o in outcomes), default=0)
    declared_top = max((m.level for m in ctx.record.levels), default=0)
    if fraction is not None and declared_top > expected_top:
        fraction = max(0.0, fraction - 0.2)
        reasons.append(
            catalog.messages().text(
                ctx.lang, "drills.over_level", declared=declared_top, expected=expected_top
            )
        )
    return Mark(fraction, reasons)


# --- escalation and approvals ------------------------------------------------------------------------


def escalation(ctx: Context) -> Mark:
    """Own calls acknowledged in time, the cell reached, relaunches done, statements approved by
    the role the plan names."""
    own_role = ctx.drill.scenario.meta.trainee_role
    cases = ctx.record.cases
    reasons: list[str] = []
    own = [_own_ack(ctx, c, reasons) for c in cases if c.role == own_role]
    cell = [_cell_ack(ctx, c, reasons) for c in cases if c.role != own_role]
    if not cases and any(o.do == "level" for o in ctx.outcomes):
        own = [0.0]
        reasons.append(catalog.messages().text(ctx.lang, "drills.no_plan"))
    calls = ctx.of("escalation")
    reasons += [outcome_reason(ctx, o) for o in calls]
    approvals = [_approval(ctx, post, reasons) for post in ctx.record.posts]
    fraction = blend(
        [
            (0.3, mean(own)),
            (0.25, mean(cell)),
            (0.25, mean([o.value for o in calls])),
            (0.2, mean(approvals)),
        ]
    )
    return Mark(fraction, reasons)


def _own_ack(ctx: Context, case: Case, reasons: list[str]) -> float:
    role = ctx.drill.scenario.meta.trainee_role
    if case.acked_by == ctx.record.trainee and case.acked_at is not None:
        late = case.acked_at - case.opened_at > case.ack_within
        reasons.append(
            catalog.messages().text(
                ctx.lang,
                "drills.own_ack_late" if late else "drills.own_ack",
                at=ctx.at(case.acked_at),
            )
        )
        return 0.5 if late else 1.0
    reasons.append(
        catalog.messages().text(
            ctx.lang, "drills.own_ack_missed", role=ctx.role(role), by=case.acked_by or "—"
        )
    )
    return 0.0


def _cell_ack(ctx: Context, case: Case, reasons: list[str]) -> float:
    plan_role = ctx.drill.playbook.role(case.role)
    own_people = {plan_role.holder.name, *([plan_role.backup.name] if plan_role.backup else [])}
    if case.acked_by in own_people:
        value, key = 1.0, "cell_ack"
    elif case.acked_by:
        value, key = 0.5, "cell_ack_other"
    else:
        value, key = 0.0, "cell_ack_missed"
    reasons.append(
        catalog.messages().text(
            ctx.lang,
            f"drills.{key}",
            role=ctx.role(case.role),
            by=case.acked_by or "—",
            at=ctx.at(case.acked_at),
        )
    )
    return value


def _approval(ctx: Context, post: Posted, reasons: list[str]) -> float:
    wanted = plan.approvers(ctx.drill.playbook, post.level)
    if post.auto:
        return 1.0
    if post.approved_role is None:
        reasons.append(catalog.messages().text(ctx.lang, "drills.unapproved", draft=post.draft))
        return 0.0
    if wanted and post.approved_role not in wanted:
        reasons.append(
            catalog.messages().text(
                ctx.lang,
                "drills.wrong_approver",
                draft=post.draft,
                role=ctx.role(post.approved_role),
                wanted=", ".join(ctx.role(w) for w in wanted),
            )
        )
        return 0.5
    return 1.0


# --- deadlines and cadence ---------------------------------------------------------------------------


def deadlines(ctx: Context) -> Mark:
    """The first public statement of each level in time, the update cadence, the replies and
    statements the story asked for."""
    first = [o for o in ctx.outcomes if o.do == "first_response"]
    updates = [o for o in ctx.outcomes if o.do == "update"]
    asked = [o for o in ctx.of("deadlines") if o.source != "plan"]
    reasons = [outcome_reason(ctx, o) for o in (*first, *updates, *asked)]
    fraction = blend(
        [
            (0.4, mean([o.value for o in first])),
            (0.3, mean([o.value for o in updates])),
            (0.3, mean([o.value for o in asked])),
        ]
    )
    return Mark(fraction, reasons)


# --- quality of the public messages --------------------------------------------------------------


def messages(ctx: Context) -> Mark:
    """Each statement checked for what it says and what it must not say; replies for faults."""
    writing = ctx.drill.scenario.writing
    reasons, values = [], []
    for post in ctx.record.posts:
        quality = check_text(post.text, writing)
        values.append(score_text(quality))
        reasons.append(_quality_reason(ctx, post.draft, quality))
    if not values:
        return Mark(0.0, [catalog.messages().text(ctx.lang, "drills.no_statement")])
    fraction = sum(values) / len(values)
    for reply in ctx.record.replies:
        faults = check_text(reply.text, writing).faults
        if faults:
            fraction -= 0.1
            names = ", ".join(
                catalog.messages().text(ctx.lang, f"drills.fault_{f}") for f in faults
            )
            reasons.append(
                catalog.messages().text(
                    ctx.lang, "drills.reply_fault", message=reply.message, faults=names
                )
            )
    return Mark(max(0.0, fraction), reasons)


def _quality_reason(ctx: Context, draft: str, quality: Quality) -> str:
    checks = [
        ("acknowledges", "q_acknowledges"),
        ("empathy", "q_empathy"),
        ("facts", "q_facts"),
        ("next_update", "q_next_update"),
    ]
    has = [
        catalog.messages().text(ctx.lang, f"drills.{key}")
        for name, key in checks
        if getattr(quality, name)
    ]
    lacks = [
        catalog.messages().text(ctx.lang, f"drills.{key}")
        for name, key in checks
        if not getattr(quality, name)
    ]
    faults = [catalog.messages().text(ctx.lang, f"drills.fault_{f}") for f in quality.faults]
    return catalog.messages().text(
        ctx.lang,
        "drills.quality",
        draft=draft,
        has=", ".join(has) or "—",
        lacks=", ".join(lacks) or "—",
        faults=", ".join(faults) or "—",
    )


# --- moderation per the charter ------------------------------------------------------------------


@dataclass(frozen=True)
class Removals:
    """Removals against the ground truth: what had to go, what had to stay, what was done."""

    must_remove: list[str]
    must_keep: list[str]
    removed: list[str]
    missed: list[str]
    wrongly_removed: list[str]
    late: list[str]

    @property
    def recall(self) -> float:
        """Share of what had to go that went (late removals count half)."""
        hits = len(self.removed) - 0.5 * len(self.late)
        return hits / len(self.must_remove) if self.must_remove else 1.0

    @property
    def precision(self) -> float:
        """Share of the removals that the charter wanted."""
        done = len(self.removed) + len(self.wrongly_removed)
        if not done:
            return 0.0 if self.must_remove else 1.0
        return (len(self.removed) - 0.5 * len(self.late)) / done


def removals(ctx: Context) -> Removals:
    """Compare the trainee's deletions with the labels of the community messages."""
    window = ctx.drill.scenario.failures.remove_within
    deleted = ctx.record.deleted()
    must, keep, late = [], [], []
    for played in ctx.record.played:
        inject = played.inject
        if inject.kind not in ("message", "leak") or inject.id is None:
            continue
        if inject.must_remove:
            must.append(inject.id)
            if inject.id in deleted and deleted[inject.id] - played.at > window:
                late.append(inject.id)
        elif inject.legitimate:
            keep.append(inject.id)
    return Removals(
        must,
        keep,
        [m for m in must if m in deleted],
        [m for m in must if m not in deleted],
        [k for k in keep if k in deleted],
        late,
    )


def moderation(ctx: Context) -> Mark:
    """F1 of precision and recall of the removals against the labels (late removals count half),
    less a tenth for each sanction on a legitimate message."""
    counts = removals(ctx)
    recall, precision = counts.recall, counts.precision
    f1 = 0.0 if recall + precision == 0 else 2 * recall * precision / (recall + precision)
    keep = set(counts.must_keep)
    unjust = [s for s in ctx.record.sanctions if s.kind != "delete" and s.message in keep]
    reasons = [
        catalog.messages().text(
            ctx.lang,
            "drills.mod_summary",
            removed=len(counts.removed),
            must=len(counts.must_remove),
            precision=round(precision * 100),
            recall=round(recall * 100),
        )
    ]
    for key in ("missed", "wrongly_removed", "late"):
        ids = getattr(counts, key)
        if ids:
            reasons.append(
                catalog.messages().text(ctx.lang, f"drills.mod_{key}", ids=", ".join(ids))
            )
    if unjust:
        reasons.append(
            catalog.messages().text(
                ctx.lang, "drills.mod_unjust", ids=", ".join(s.message for s in unjust)
            )
        )
    return Mark(max(0.0, f1 - 0.1 * len(unjust)), reasons)


# --- coordination and decision log ---------------------------------------------------------------


def coordination(ctx: Context) -> Mark:
    """The decision log (enough notes, one after each change of level) and the plan's checklist."""
    settings = ctx.drill.scenario.coordination
    notes = [moment for moment, _ in ctx.record.notes]
    count = min(1.0, len(notes) / settings.min_notes) if settings.min_notes else None
    changes = ctx.record.levels
    followed = [
        any(mark.at <= n <= mark.at + settings.note_after_level for n in notes) for mark in changes
    ]
    items = len(ctx.record.checklist)
    ticked = len({index for _, index in ctx.record.checked})
    asked = ctx.of("coordination")
    reasons = [
        catalog.messages().plural(ctx.lang, "drills.notes", len(notes), wanted=settings.min_notes),
        catalog.messages().text(
            ctx.lang, "drills.notes_after_level", followed=sum(followed), changes=len(changes)
        ),
        catalog.messages().text(ctx.lang, "drills.checklist_done", ticked=ticked, items=items),
        *(outcome_reason(ctx, o) for o in asked),
    ]
    fraction = blend(
        [
            (0.4, count),
            (0.2, mean([1.0 if f else 0.0 for f in followed])),
            (0.4, ticked / items if items else None),
            (0.2, mean([o.value for o in asked])),
        ]
    )
    return Mark(fraction, reasons)


CRITERIA: dict[str, Callable[[Context], Mark]] = {
    "detection": detection,
    "escalation": escalation,
    "deadlines": deadlines,
    "messages": messages,
    "moderation": moderation,
    "coordination": coordination,
}
