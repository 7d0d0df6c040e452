"""The crisis state store on SQL (SQLite or PostgreSQL): implements `bot.crisis.state.CrisisStore`
so that a restarted bot resumes each community's level, its open escalations and their deadlines,
and so that `vigie report incident` and `vigie ack` work from another process."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from bot.core.timeparse import parse_timestamp
from bot.crisis.escalation import Case
from bot.crisis.events import CrisisEvent
from bot.crisis.state import Batch, Fence, Handover, Incident, LeaseLost, Restored
from bot.crisis.statements import Statement
from bot.store.crisis_tables import (
    CRISIS_COMMANDS,
    CRISIS_EVENTS,
    CRISIS_SAMPLES,
    CRISIS_STATE,
    ESCALATIONS,
    INCIDENTS,
    LEASES,
    STATEMENTS,
)
from bot.store.database import Database
from bot.store.outbox import insert_actions, outbox_row
from bot.store.tables import MESSAGES

PENDING = "pending"


def _upsert(
    connection: Connection, target: Table, key: dict[str, Any], row: dict[str, Any]
) -> None:
    """Update the row with `key`, or insert it (portable: both backends, no dialect upsert)."""
    where = [target.c[name] == value for name, value in key.items()]
    if connection.execute(update(target).where(*where).values(**row)).rowcount == 0:
        connection.execute(insert(target).values(**key, **row))


def _incident_row(incident: Incident) -> dict[str, Any]:
    return {
        "community": incident.community,
        "opened_at": incident.opened_at,
        "closed_at": incident.closed_at,
        "max_level": incident.max_level,
        "data": incident.to_dict(),
    }


def _case_row(case: Case) -> dict[str, Any]:
    return {
        "incident_id": case.incident,
        "community": case.community,
        "role": case.role,
        "level": case.level,
        "status": case.status,
        "deadline": case.deadline,
        "opened_at": case.opened_at,
        "acked_by": case.acked_by,
        "acked_at": case.acked_at,
        "data": case.to_dict(),
    }


def _statement_row(statement: Statement) -> dict[str, Any]:
    return {
        "incident_id": statement.incident,
        "community": statement.community,
        "template": statement.template,
        "status": statement.status,
        "proposed_at": statement.proposed_at,
        "approved_by": statement.approved_by,
        "posted_at": statement.posted_at,
        "data": statement.to_dict(),
    }


class SqlCrisisStore:
    """Crisis state in the database; every `write` is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def write(self, batch: Batch) -> None:
        """Write a batch in one transaction: the fence checked first, incidents before what
        points at them, the events' actions into the outbox, the inbox commands settled."""
        with self._db.begin() as connection:
            for fence in batch.fences:
                _check_fence(connection, fence)
            _settle(connection, batch)
            insert_actions(connection, [outbox_row(action, at) for action, at in batch.actions])
            for incident in batch.incidents.values():
                _upsert(connection, INCIDENTS, {"id": incident.id}, _incident_row(incident))
            for case in batch.cases.values():
                _upsert(connection, ESCALATIONS, {"id": case.id}, _case_row(case))
            for statement in batch.statements.values():
                _upsert(connection, STATEMENTS, {"id": statement.id}, _statement_row(statement))
            self._append(connection, batch)
            for community, snapshot in batch.snapshots.items():
                level = int(snapshot.get("level", {}).get("level", 0))
                at = _snapshot_time(snapshot)
                _upsert(
                    connection,
                    CRISIS_STATE,
                    {"community": community},
                    {"level": level, "updated_at": at, "snapshot": snapshot},
                )
            for handover in batch.handovers:
                _hand_over(connection, handover)

    @staticmethod
    def _append(connection: Connection, batch: Batch) -> None:
        events = [
            {
                "incident_id": e.incident,
                "community": e.community,
                "at": e.at,
                "type": e.type,
                "payload": e.to_dict(),
            }
            for e in batch.events
            if e.incident
        ]
        if events:
            connection.execute(insert(CRISIS_EVENTS), events)
        samples = [
            {"incident_id": incident, "at": parse_timestamp(sample["at"]), "values": sample}
            for incident, sample in batch.samples
        ]
        if samples:
            connection.execute(insert(CRISIS_SAMPLES), samples)

    def restore(self, community: str | None = None) -> Restored:
        """The snapshots, the open incidents and their cases and statements (of one community,
        or of all)."""
        states = select(CRISIS_STATE)
        opened = select(INCIDENTS.c.data).where(INCIDENTS.c.closed_at.is_(None))
        if community is not None:
            states = states.where(CRISIS_STATE.c.community == community)
            opened = opened.where(INCIDENTS.c.community == community)
        with self._db.begin() as connection:
            snapshots = {row.community: row.snapshot for row in connection.execute(states)}
            incidents = [Incident.from_dict(row.data) for row in connection.execute(opened)]
            ids = [incident.id for incident in incidents]
            cases = [
                Case.from_dict(row.data)
                for row in connection.execute(
                    select(ESCALATIONS.c.data).where(ESCALATIONS.c.incident_id.in_(ids))
                )
            ]
            statements = [
                Statement.from_dict(row.data)
                for row in connection.execute(
                    select(STATEMENTS.c.data).where(STATEMENTS.c.incident_id.in_(ids))
                )
            ]
        return Restored(snapshots, incidents, cases, statements)

    def incident(self, incident_id: str) -> Incident | None:
        """One incident."""
        data = self._one(select(INCIDENTS.c.data).where(INCIDENTS.c.id == incident_id))
        return Incident.from_dict(data) if data else None

    def incidents(self, community: str | None = None) -> list[Incident]:
        """Every incident (of one community), oldest first."""
        query = select(INCIDENTS.c.data).order_by(INCIDENTS.c.opened_at, INCIDENTS.c.id)
        if community is not None:
            query = query.where(INCIDENTS.c.community == community)
        with self._db.begin() as connection:
            return [Incident.from_dict(row.data) for row in connection.execute(query)]

    def events(self, incident_id: str) -> list[CrisisEvent]:
        """The incident's timeline, in order."""
        query = (
            select(CRISIS_EVENTS.c.payload)
            .where(CRISIS_EVENTS.c.incident_id == incident_id)
            .order_by(CRISIS_EVENTS.c.id)
        )
        with self._db.begin() as connection:
            return [CrisisEvent.from_dict(row.payload) for row in connection.execute(query)]

    def cases(self, incident_id: str) -> list[Case]:
        """The incident's escalation cases."""
        query = select(ESCALATIONS.c.data).where(ESCALATIONS.c.incident_id == incident_id)
        with self._db.begin() as connection:
            return [Case.from_dict(row.data) for row in connection.execute(query)]

    def case(self, case_id: str) -> Case | None:
        """One case."""
        data = self._one(select(ESCALATIONS.c.data).where(ESCALATIONS.c.id == case_id))
        return Case.from_dict(data) if data else None

    def statements(self, incident_id: str) -> list[Statement]:
        """The incident's statements."""
        query = select(STATEMENTS.c.data).where(STATEMENTS.c.incident_id == incident_id)
        with self._db.begin() as connection:
            return [Statement.from_dict(row.data) for row in connection.execute(query)]

    def statement(self, statement_id: str) -> Statement | None:
        """One statement."""
        data = self._one(select(STATEMENTS.c.data).where(STATEMENTS.c.id == statement_id))
        return Statement.from_dict(data) if data else None

    def samples(self, incident_id: str) -> list[dict[str, Any]]:
        """The incident's indicator samples, in time order."""
        query = (
            select(CRISIS_SAMPLES.c["values"])
            .where(CRISIS_SAMPLES.c.incident_id == incident_id)
            .order_by(CRISIS_SAMPLES.c.at, CRISIS_SAMPLES.c.id)
        )
        with self._db.begin() as connection:
            return [dict(row[0]) for row in connection.execute(query)]

    def knows(self, community: str) -> bool:
        """Whether the database knows the community: a crisis state, or a message from it."""
        queries = [
            select(CRISIS_STATE.c.community).where(CRISIS_STATE.c.community == community),
            select(MESSAGES.c.id).where(MESSAGES.c.community == community),
        ]
        with self._db.read() as connection:
            return any(connection.execute(q.limit(1)).first() is not None for q in queries)

    def open_communities(self) -> list[str]:
        """The communities with an open incident (whose deadlines someone must keep)."""
        query = select(INCIDENTS.c.community).where(INCIDENTS.c.closed_at.is_(None)).distinct()
        with self._db.read() as connection:
            return sorted(row[0] for row in connection.execute(query))

    def communities(self) -> list[tuple[str, int]]:
        """(community, level) of every community with a crisis state, by name."""
        query = select(CRISIS_STATE.c.community, CRISIS_STATE.c.level).order_by(
            CRISIS_STATE.c.community
        )
        with self._db.read() as connection:
            return [(row.community, row.level) for row in connection.execute(query)]

    def forget_incident(self, incident_id: str) -> None:
        """Delete an incident and everything that hangs on it (cascade)."""
        with self._db.begin() as connection:
            connection.execute(delete(INCIDENTS).where(INCIDENTS.c.id == incident_id))

    def _one(self, query: Any) -> dict[str, Any] | None:
        with self._db.begin() as connection:
            row = connection.execute(query).first()
        return None if row is None else dict(row[0])


def _held(fence: Fence) -> Any:
    """An UPDATE of the fence's lease row, matching only while its holder still holds it."""
    return update(LEASES).where(
        LEASES.c.name == fence.name,
        LEASES.c.holder == fence.holder,
        LEASES.c.generation == fence.generation,
    )


def _check_fence(connection: Connection, fence: Fence) -> None:
    """Refuse the write unless the fence's holder still holds its lease; on PostgreSQL the row
    stays locked until the commit, so a takeover waits for this write to end."""
    touched = connection.execute(_held(fence).values(holder=fence.holder)).rowcount
    if touched != 1:
        raise LeaseLost(f"{fence.holder} no longer holds {fence.name}")


def _hand_over(connection: Connection, handover: Handover) -> None:
    """Move the lease to the process that sees the community's messages (a new generation, so
    the writes of the former holder are refused from now on)."""
    fence = handover.fence
    moved = connection.execute(
        _held(fence).values(
            holder=handover.to, expires_at=handover.until, generation=LEASES.c.generation + 1
        )
    ).rowcount
    if moved != 1:
        raise LeaseLost(f"{fence.holder} no longer holds {fence.name}")


def _settle(connection: Connection, batch: Batch) -> None:
    """Mark the batch's inbox commands; one already settled by another process aborts the whole
    write (a command is applied exactly once)."""
    for applied in batch.commands:
        done = connection.execute(
            update(CRISIS_COMMANDS)
            .where(CRISIS_COMMANDS.c.id == applied.id, CRISIS_COMMANDS.c.status == PENDING)
            .values(
                status=applied.status,
                applied_by=applied.by,
                applied_at=applied.at,
                result=applied.result,
            )
        ).rowcount
        if done != 1:
            raise LeaseLost(f"crisis command {applied.id} was settled by another process")


def _snapshot_time(snapshot: dict[str, Any]) -> datetime:
    """The snapshot's own time: the start of the community's open step."""
    return parse_timestamp(snapshot["at"])
