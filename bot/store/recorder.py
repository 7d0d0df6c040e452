"""Recording what the engine decided: per batch, in one transaction, the messages, the decisions,
the strikes they give, the actions they enforce (into the outbox) and the cases they open.

Recording is idempotent by message version: a decision whose (platform, community, message id,
version) is already stored is skipped with its strikes, cases and actions, so a replay, a restart
mid-stream or a gateway redelivery leaves the database as one clean run left it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select

from bot.core.decision import ActionRequest, Decision, decision_to_dict
from bot.core.message import Message
from bot.core.timeparse import parse_timestamp
from bot.store.database import Database
from bot.store.dialect import allocate_ids, insert_on_conflict
from bot.store.outbox import insert_actions, outbox_row
from bot.store.tables import CASES, DECISIONS, MESSAGES, STRIKES, CaseKind, CaseStatus

_IDS_PER_QUERY = 500  # message ids per IN list (SQLite's old limit is 999 parameters)

# Actions that put a case in the review queue. A held message always comes with an escalation
# (see bot.moderation.actions), which is its one case.
CASE_ACTIONS = frozenset({"escalate"})


def _message_rows(decisions: Sequence[Decision]) -> list[dict[str, Any]]:
    """One row per message key: PostgreSQL refuses to upsert one row twice in a statement, so a
    message and its edit in the same batch merge into the edited version (keeping the first ts)."""
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for decision in decisions:
        m = decision.message
        key = (m.platform, m.community, m.id)
        row = {
            "platform": m.platform,
            "community": m.community,
            "channel": m.channel,
            "message_id": m.id,
            "author_id": m.author.id,
            "author_name": m.author.name,
            "ts": m.ts,
            "text": m.text,
            "text_purged_at": None,
            "reply_to": m.reply_to,
            "edited": m.edited,
            "edited_at": m.ts if m.edited else None,
        }
        if key in rows:
            row["ts"] = rows[key]["ts"]
            row["edited"] = row["edited"] or rows[key]["edited"]
        rows[key] = row
    return list(rows.values())


def _upsert_messages(connection: Connection, rows: list[dict[str, Any]]) -> None:
    # Only a newer edit changes a stored message: a replay or a duplicate id must neither replace
    # the text a decision was about nor bring back a text that retention or erasure removed.
    statement = insert_on_conflict(connection, MESSAGES)
    new = statement.excluded
    newer_edit = and_(
        new.edited,
        or_(MESSAGES.c.edited_at.is_(None), MESSAGES.c.edited_at < new.edited_at),
        MESSAGES.c.text_purged_at.is_(None),
    )
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["platform", "community", "message_id"],
            set_={
                "channel": new.channel,
                "author_name": new.author_name,
                "text": new.text,
                "edited": or_(MESSAGES.c.edited, new.edited),
                "edited_at": new.edited_at,
            },
            where=newer_edit,
        ),
        rows,
    )


def _decision_row(decision: Decision) -> dict[str, Any]:
    data = decision_to_dict(decision, trace=True)
    m = decision.message
    return {
        "platform": m.platform,
        "community": m.community,
        "message_id": m.id,
        "version": m.version,
        "at": decision.at,
        "mode": decision.mode.value,
        "severity": decision.severity,
        "strikes": decision.strikes,
        "strike_weight": decision.strike_weight,
        "language": decision.language,
        "notice": decision.notice,
        "matched": data["matched"],
        "scores": data["scores"],
        "top_features": data.get("top_features"),
        "actions": data["actions"],
        "trace": data["trace"],
        "degraded": data.get("degraded"),
    }


def strike_rule(decision: Decision) -> str:
    """The rule a strike is booked under: the first matched rule, as the engine's ledger does."""
    return decision.matched[0] if decision.matched else "-"


def _deadline(action: ActionRequest, at: datetime) -> datetime | None:
    """`params.deadline` (an ISO time) or `params.deadline_s` (seconds after the decision)."""
    if action.params.get("deadline"):
        return parse_timestamp(action.params["deadline"])
    if action.params.get("deadline_s") is not None:
        return at + timedelta(seconds=float(action.params["deadline_s"]))
    return None


def _case_row(decision: Decision, decision_id: int, action: ActionRequest) -> dict[str, Any]:
    m = decision.message
    return {
        "kind": CaseKind.ESCALATION.value,
        "status": CaseStatus.OPEN.value,
        "community": m.community,
        "platform": m.platform,
        "channel": m.channel,
        "message_id": m.id,
        "decision_id": decision_id,
        "rule": action.rule,
        "author_id": m.author.id,
        "severity": int(action.params.get("severity", decision.severity)),
        "reason": action.reason,
        "deadline": _deadline(action, decision.at),
        "created_at": decision.at,
    }


def _first_of_each(decisions: Sequence[Decision]) -> list[Decision]:
    """The batch without a second decision on the same message version (the first one counts)."""
    seen: set[tuple[str, str, str, int]] = set()
    kept = []
    for decision in decisions:
        m = decision.message
        key = (m.platform, m.community, m.id, m.version)
        if key not in seen:
            seen.add(key)
            kept.append(decision)
    return kept


class DecisionRecorder:
    """Writes batches of decisions; the strikes it records expire `strike_ttl` after the message.

    Every decision is recorded; only enforced ones (not shadow) give strikes, reach the outbox and
    open cases. The recorder writes the strikes itself: do not also call `StrikeLedger.add`.
    """

    def __init__(self, db: Database, strike_ttl: timedelta) -> None:
        self._db = db
        self._strike_ttl = strike_ttl

    def record(self, decisions: Sequence[Decision]) -> list[int]:
        """Record a batch in one transaction; return the ids of the decisions recorded now, in the
        batch's order (a message version already decided is skipped, with all that follows it)."""
        if not decisions:
            return []
        # The rows are made before the transaction: on SQLite it holds the one write lock, which
        # replay workers sharing a database take in turn.
        messages = _message_rows(decisions)
        first = _first_of_each(decisions)
        rows = [_decision_row(decision) for decision in first]
        with self._db.begin() as connection:
            _upsert_messages(connection, messages)
            new, ids = self._insert_decisions(connection, first, rows)
            self._insert_strikes(connection, new, ids)
            insert_actions(
                connection,
                [outbox_row(a, d.at) for d in new if d.enforced for a in d.actions],
            )
            self._insert_cases(connection, new, ids)
        return ids

    def recorded(self, message: Message) -> bool:
        """Whether this version of the message has been decided and recorded already."""
        query = select(DECISIONS.c.id).where(
            DECISIONS.c.platform == message.platform,
            DECISIONS.c.community == message.community,
            DECISIONS.c.message_id == message.id,
            DECISIONS.c.version == message.version,
        )
        with self._db.read() as connection:
            return connection.execute(query.limit(1)).first() is not None

    def last_decided_at(self) -> datetime | None:
        """The time of the latest recorded decision (None in an empty database)."""
        with self._db.read() as connection:
            return connection.execute(select(func.max(DECISIONS.c.at))).scalar_one()

    def recorded_among(self, messages: Sequence[Message]) -> set[tuple[str, str, str, int]]:
        """The (platform, community, id, version) of those of `messages` already decided and
        recorded: `recorded` for a whole batch, a few queries instead of one per message."""
        wanted: dict[tuple[str, str], set[str]] = {}
        for message in messages:
            wanted.setdefault((message.platform, message.community), set()).add(message.id)
        found: set[tuple[str, str, str, int]] = set()
        with self._db.read() as connection:
            for (platform, community), ids in wanted.items():
                listed = sorted(ids)
                for start in range(0, len(listed), _IDS_PER_QUERY):
                    query = select(DECISIONS.c.message_id, DECISIONS.c.version).where(
                        DECISIONS.c.platform == platform,
                        DECISIONS.c.community == community,
                        DECISIONS.c.message_id.in_(listed[start : start + _IDS_PER_QUERY]),
                    )
                    found.update((platform, community, i, v) for i, v in connection.execute(query))
        return found

    def _insert_decisions(
        self, connection: Connection, decisions: Sequence[Decision], rows: list[dict[str, Any]]
    ) -> tuple[list[Decision], list[int]]:
        # Ids reserved first, so strikes and cases can point at their decision without a
        # RETURNING that would insert row by row; the ids found afterwards are the rows that
        # were new (a concurrent writer or an earlier run may hold the others).
        ids = allocate_ids(connection, DECISIONS, len(decisions))
        rows = [row | {"id": i} for row, i in zip(rows, ids, strict=True)]
        statement = insert_on_conflict(connection, DECISIONS).on_conflict_do_nothing(
            index_elements=["platform", "community", "message_id", "version"]
        )
        connection.execute(statement, rows)
        stored = set(
            connection.execute(select(DECISIONS.c.id).where(DECISIONS.c.id.in_(ids))).scalars()
        )
        kept = [(d, i) for d, i in zip(decisions, ids, strict=True) if i in stored]
        return [d for d, _ in kept], [i for _, i in kept]

    def _insert_strikes(
        self, connection: Connection, decisions: Sequence[Decision], ids: list[int]
    ) -> None:
        rows = [
            {
                "community": d.message.community,
                "user_id": d.message.author.id,
                "rule": strike_rule(d),
                "decision_id": decision_id,
                "weight": d.strike_weight,
                # Dated by the message, like the engine's own ledger, so both count alike.
                "at": d.message.ts,
                "expires_at": d.message.ts + self._strike_ttl,
            }
            for d, decision_id in zip(decisions, ids, strict=True)
            if d.strike_weight > 0 and d.enforced  # a shadow period must not count later
        ]
        if rows:
            connection.execute(insert(STRIKES), rows)

    def _insert_cases(
        self, connection: Connection, decisions: Sequence[Decision], ids: list[int]
    ) -> None:
        # Shadow mode decides without bothering anyone: no case, like no action.
        rows = [
            _case_row(d, decision_id, action)
            for d, decision_id in zip(decisions, ids, strict=True)
            if d.enforced
            for action in d.actions
            if action.kind in CASE_ACTIONS
        ]
        if rows:
            connection.execute(insert(CASES), rows)
