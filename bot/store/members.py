"""What the desk asks the store about members and messages: a message's author and text, a
member's latest messages (to purge them), their latest sanction (what `/appeal` contests by
default), the decision a message received, the case an escalation opened, and for the console's
member page and search, everything kept about one member."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select

from bot.store.casefile import Case
from bot.store.database import Database
from bot.store.sanction_tables import SANCTIONS
from bot.store.tables import ACTIONS, CASE_NOTES, CASES, DECISIONS, MESSAGES, STRIKES, CaseKind

RECENT = 50  # decisions of an author looked at to find the latest sanctioned one


@dataclass(frozen=True, slots=True)
class MemberFile:
    """Everything kept about one member of one community, newest first."""

    user_id: str
    names: list[str]
    messages: list[dict[str, Any]]
    cases: list[Case]
    strikes: list[dict[str, Any]]
    notes: list[dict[str, Any]]
    sanctions: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class QueueLine:
    """What the queue shows of a case beyond the case: the message, its author, the scores and
    what was already done to the message or its author."""

    excerpt: str | None
    author_name: str
    scores: list[tuple[str, float]]
    done: list[tuple[str, str]]  # (action kind, its status in the outbox)


class MemberQueries:
    """Read-only queries about members and their messages; see the module docstring."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def message(self, platform: str, community: str, message_id: str) -> dict[str, Any] | None:
        """The recorded message (author, channel, text...), or None."""
        query = select(MESSAGES).where(
            MESSAGES.c.platform == platform,
            MESSAGES.c.community == community,
            MESSAGES.c.message_id == message_id,
        )
        with self._db.read() as connection:
            row = connection.execute(query).first()
        return None if row is None else dict(row._mapping)

    def name_of(self, platform: str, community: str, user_id: str) -> str | None:
        """The member's latest name on record, or None."""
        query = (
            select(MESSAGES.c.author_name)
            .where(
                MESSAGES.c.platform == platform,
                MESSAGES.c.community == community,
                MESSAGES.c.author_id == user_id,
                MESSAGES.c.author_name != "",
            )
            .order_by(MESSAGES.c.ts.desc())
            .limit(1)
        )
        with self._db.read() as connection:
            return connection.execute(query).scalar()

    def latest_messages(
        self, platform: str, community: str, user_id: str, count: int
    ) -> list[tuple[str, str]]:
        """(channel, message id) of the member's latest `count` messages, newest first."""
        query = (
            select(MESSAGES.c.channel, MESSAGES.c.message_id)
            .where(
                MESSAGES.c.platform == platform,
                MESSAGES.c.community == community,
                MESSAGES.c.author_id == user_id,
            )
            .order_by(MESSAGES.c.ts.desc(), MESSAGES.c.id.desc())
            .limit(count)
        )
        with self._db.read() as connection:
            return [(row.channel, row.message_id) for row in connection.execute(query)]

    def latest_sanction(
        self, platform: str, community: str | None, user_id: str
    ) -> tuple[str, int] | None:
        """What the member would appeal by default: ("decision", id) of their latest enforced
        decision that did something, or ("case", id) of a moderator's later sanction."""
        decision = self._latest_decision(platform, community, user_id)
        query = (
            select(CASES.c.id, CASES.c.created_at)
            .where(
                CASES.c.platform == platform,
                CASES.c.author_id == user_id,
                CASES.c.kind.in_([CaseKind.SANCTION.value, CaseKind.NATIVE.value]),
                CASES.c.verdict == "confirm",
            )
            .order_by(CASES.c.created_at.desc(), CASES.c.id.desc())
            .limit(1)
        )
        if community is not None:
            query = query.where(CASES.c.community == community)
        with self._db.read() as connection:
            case = connection.execute(query).first()
        if case is not None and (decision is None or case.created_at >= decision[1]):
            return ("case", int(case.id))
        return None if decision is None else ("decision", decision[0])

    def _latest_decision(
        self, platform: str, community: str | None, user_id: str
    ) -> tuple[int, Any] | None:
        query = (
            select(DECISIONS.c.id, DECISIONS.c.actions, DECISIONS.c.mode, DECISIONS.c.at)
            .join(
                MESSAGES,
                (MESSAGES.c.platform == DECISIONS.c.platform)
                & (MESSAGES.c.community == DECISIONS.c.community)
                & (MESSAGES.c.message_id == DECISIONS.c.message_id),
            )
            .where(MESSAGES.c.platform == platform, MESSAGES.c.author_id == user_id)
            .order_by(DECISIONS.c.id.desc())
            .limit(RECENT)
        )
        if community is not None:
            query = query.where(MESSAGES.c.community == community)
        with self._db.read() as connection:
            for row in connection.execute(query):
                if row.actions and row.mode != "shadow":
                    return int(row.id), row.at
        return None

    def decision_for(self, platform: str, community: str, message_id: str) -> int | None:
        """The latest decision on a message (an edit adds one), or None."""
        query = (
            select(DECISIONS.c.id)
            .where(
                DECISIONS.c.platform == platform,
                DECISIONS.c.community == community,
                DECISIONS.c.message_id == message_id,
            )
            .order_by(DECISIONS.c.id.desc())
            .limit(1)
        )
        with self._db.read() as connection:
            return connection.execute(query).scalar()

    def escalation_case(
        self, platform: str, community: str, message_id: str, rule: str | None
    ) -> int | None:
        """The latest escalation case the recorder opened for this message (and rule)."""
        query = (
            select(CASES.c.id)
            .where(
                CASES.c.platform == platform,
                CASES.c.community == community,
                CASES.c.message_id == message_id,
                CASES.c.kind == CaseKind.ESCALATION.value,
            )
            .order_by(CASES.c.id.desc())
        )
        if rule is not None:
            query = query.where(CASES.c.rule == rule)
        with self._db.read() as connection:
            return connection.execute(query.limit(1)).scalar()

    def flagged(self, platform: str, community: str, message_id: str) -> dict[str, Any] | None:
        """The message and the rules its latest decision matched, if any matched, with whether
        Vigie itself deleted it (then its deletion is no news)."""
        decision = self.decision_for(platform, community, message_id)
        message = self.message(platform, community, message_id)
        if decision is None or message is None:
            return None
        with self._db.read() as connection:
            matched = connection.execute(
                select(DECISIONS.c.matched).where(DECISIONS.c.id == decision)
            ).scalar()
            deletes = connection.execute(
                select(ACTIONS.c.payload).where(
                    ACTIONS.c.user_id == message["author_id"],
                    ACTIONS.c.kind.in_(("delete", "hold", "purge")),
                )
            ).scalars()
            by_vigie = any(
                p.get("message_id") == message_id
                or [message["channel"], message_id] in (p.get("params") or {}).get("messages", [])
                for p in deletes
            )
        if not matched:
            return None
        return {**message, "matched": list(matched), "by_vigie": by_vigie}

    def search(self, text: str, limit: int = 50) -> list[dict[str, Any]]:
        """Members whose name or id contains `text`: (platform, community, author id, name,
        messages kept)."""
        pattern = f"%{text.strip().lower()}%"
        query = (
            select(
                MESSAGES.c.platform,
                MESSAGES.c.community,
                MESSAGES.c.author_id,
                func.max(MESSAGES.c.author_name).label("name"),
                func.count().label("messages"),
            )
            .where(
                or_(
                    func.lower(MESSAGES.c.author_name).like(pattern),
                    func.lower(MESSAGES.c.author_id).like(pattern),
                )
            )
            .group_by(MESSAGES.c.platform, MESSAGES.c.community, MESSAGES.c.author_id)
            .order_by(MESSAGES.c.author_id)
            .limit(limit)
        )
        with self._db.read() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def member_file(self, platform: str, community: str, user_id: str) -> MemberFile:
        """Every message kept, case, strike, note and sanction of one member."""
        with self._db.read() as connection:
            messages = [
                dict(r._mapping)
                for r in connection.execute(
                    select(MESSAGES)
                    .where(
                        MESSAGES.c.platform == platform,
                        MESSAGES.c.community == community,
                        MESSAGES.c.author_id == user_id,
                    )
                    .order_by(MESSAGES.c.ts.desc(), MESSAGES.c.id.desc())
                    .limit(500)
                )
            ]
            cases = [
                Case.from_row(r)
                for r in connection.execute(
                    select(CASES)
                    .where(
                        CASES.c.platform == platform,
                        CASES.c.community == community,
                        CASES.c.author_id == user_id,
                    )
                    .order_by(CASES.c.created_at.desc(), CASES.c.id.desc())
                )
            ]
            strikes = [
                dict(r._mapping)
                for r in connection.execute(
                    select(STRIKES)
                    .where(STRIKES.c.community == community, STRIKES.c.user_id == user_id)
                    .order_by(STRIKES.c.at.desc())
                )
            ]
            ids = [case.id for case in cases]
            notes = [
                dict(r._mapping)
                for r in connection.execute(
                    select(CASE_NOTES)
                    .where(CASE_NOTES.c.case_id.in_(ids))
                    .order_by(CASE_NOTES.c.at.desc())
                )
            ]
            sanctions = [
                dict(r._mapping)
                for r in connection.execute(
                    select(SANCTIONS)
                    .where(SANCTIONS.c.case_id.in_(ids))
                    .order_by(SANCTIONS.c.at.desc())
                )
            ]
        names = sorted({m["author_name"] for m in messages if m["author_name"]})
        return MemberFile(user_id, names, messages, cases, strikes, notes, sanctions)

    def queue_lines(self, cases: list[Case]) -> dict[int, QueueLine]:
        """The queue's extra columns for each case (the actions done come from the outbox)."""
        keys = {(c.platform, c.community, c.message_id) for c in cases if c.message_id}
        decisions = {c.decision_id for c in cases if c.decision_id is not None}
        users = {c.author_id for c in cases if c.author_id}
        with self._db.read() as connection:
            messages = {
                (r.platform, r.community, r.message_id): r
                for r in connection.execute(
                    select(MESSAGES).where(MESSAGES.c.message_id.in_([k[2] for k in keys]))
                )
            }
            scores = {
                r.id: r.scores
                for r in connection.execute(
                    select(DECISIONS.c.id, DECISIONS.c.scores).where(DECISIONS.c.id.in_(decisions))
                )
            }
            done = connection.execute(
                select(ACTIONS.c.kind, ACTIONS.c.payload, ACTIONS.c.status).where(
                    ACTIONS.c.user_id.in_(users), ACTIONS.c.kind.in_(SHOWN_ACTIONS)
                )
            ).all()
        return {case.id: _line(case, messages, scores, done) for case in cases}


SHOWN_ACTIONS = ("delete", "hold", "warn", "timeout", "kick", "ban", "unban", "purge")


def _line(
    case: Case, messages: dict[Any, Any], scores: dict[Any, Any], done: Sequence[Any]
) -> QueueLine:
    message = messages.get((case.platform, case.community, case.message_id))
    text = message.text if message is not None else None
    excerpt = None if text is None else (text if len(text) <= 140 else text[:139] + "…")
    top = sorted((scores.get(case.decision_id) or {}).items(), key=lambda kv: -kv[1])[:3]
    kinds = [
        (row.kind, row.status)
        for row in done
        if row.payload.get("community") == case.community
        and row.payload.get("user_id") == case.author_id
        and (row.payload.get("message_id") == case.message_id or row.kind in ("ban", "kick"))
    ]
    name = message.author_name if message is not None else ""
    return QueueLine(
        excerpt,
        name or case.author_id or "—",
        [(k, float(v)) for k, v in top],
        list(dict.fromkeys(kinds)),
    )
