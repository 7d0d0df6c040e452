"""What an appeal contests: the decided case or the automated decision behind it, who decided it
(so that someone else reviews the appeal), and whether the appellant may appeal it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from bot.store.casefile import AlreadyAppealed, Case, CaseNotFound, NotDecided, NotTheAuthor
from bot.store.tables import (
    ACTIVE_CASE_STATUSES,
    CASES,
    DECISIONS,
    FINISHED_CASE_STATUSES,
    MESSAGES,
    CaseKind,
    CaseStatus,
    same_message,
)

_FINISHED = [s.value for s in FINISHED_CASE_STATUSES]


@dataclass(frozen=True, slots=True)
class AppealOrigin:
    """The decision an appeal contests, and the case and moderator that decided it, if any."""

    community: str
    platform: str
    channel: str | None
    message_id: str | None
    decision_id: int | None
    rule: str | None
    author_id: str | None
    severity: int
    reason: str
    case_id: int | None = None
    decided_by: str | None = None


def origin_of_case(case: Case) -> AppealOrigin:
    """The origin of an appeal against a case; the case must be decided."""
    if case.status not in _FINISHED:
        raise NotDecided(f"case {case.id} is not decided yet: nothing to appeal")
    return AppealOrigin(
        community=case.community,
        platform=case.platform,
        channel=case.channel,
        message_id=case.message_id,
        decision_id=case.decision_id,
        rule=case.rule,
        author_id=case.author_id,
        severity=case.severity,
        reason=case.reason,
        case_id=case.id,
        decided_by=case.decided_by,
    )


def origin_of_decision(connection: Connection, decision_id: int) -> AppealOrigin:
    """The origin of an appeal against a decision: its latest decided case if a moderator decided
    one (the appeal then goes to someone else), or else the automated decision itself."""
    decided = connection.execute(
        select(CASES)
        .where(CASES.c.decision_id == decision_id, CASES.c.status.in_(_FINISHED))
        .order_by(CASES.c.decided_at.desc(), CASES.c.id.desc())
        .limit(1)
    ).first()
    if decided is not None:
        return origin_of_case(Case.from_row(decided))
    row = connection.execute(
        select(DECISIONS, MESSAGES.c.author_id, MESSAGES.c.channel)
        .join(
            MESSAGES,
            same_message(DECISIONS),
        )
        .where(DECISIONS.c.id == decision_id)
    ).first()
    if row is None:
        raise CaseNotFound(f"no decision {decision_id}")
    return AppealOrigin(
        community=row.community,
        platform=row.platform,
        channel=row.channel,
        message_id=row.message_id,
        decision_id=decision_id,
        rule=row.matched[0] if row.matched else None,
        author_id=row.author_id,
        severity=row.severity,
        reason=row.notice or "",
    )


def check_appeal(connection: Connection, origin: AppealOrigin, author_id: str) -> None:
    """Only the author may appeal, and one appeal at a time per decision."""
    if origin.author_id != author_id:
        raise NotTheAuthor("only the author of the message can appeal its decision")
    if origin.decision_id is not None:
        same = CASES.c.decision_id == origin.decision_id
    elif origin.case_id is not None:  # a moderator's sanction: no decision of the engine
        same = CASES.c.appeal_of == origin.case_id
    else:
        return
    active = connection.execute(
        select(CASES.c.id).where(
            CASES.c.kind == CaseKind.APPEAL.value,
            same,
            CASES.c.status.in_([s.value for s in ACTIVE_CASE_STATUSES]),
        )
    ).first()
    if active is not None:
        what = origin.decision_id or origin.case_id
        raise AlreadyAppealed(f"{what} is already under appeal (case {active.id})")


def insert_appeal(
    connection: Connection, origin: AppealOrigin, author_id: str, text: str, at: datetime
) -> int:
    """Insert the appeal case in the caller's transaction; return its id."""
    row: dict[str, Any] = {
        "kind": CaseKind.APPEAL.value,
        "status": CaseStatus.OPEN.value,
        "created_at": at,
        "author_id": author_id,
        "text": text,
        "original_moderator": origin.decided_by,
        "appeal_of": origin.case_id,
    }
    for name in ("community", "platform", "channel", "message_id", "decision_id", "rule"):
        row[name] = getattr(origin, name)
    row |= {"severity": origin.severity, "reason": origin.reason}
    return int(connection.execute(insert(CASES).values(**row).returning(CASES.c.id)).scalar_one())
