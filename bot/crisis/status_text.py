"""The crisis status and the incident list as plain-text tables (`vigie crisis status`,
`vigie crisis incidents`): one line per community or incident, then what waits for a person."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.crisis.state import Incident
from bot.crisis.status import CrisisStatus


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M}Z" if moment else "—"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3g}"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Columns padded to their widest cell."""
    lines = [list(header), *[list(row) for row in rows]]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    rule = ["-" * width for width in widths]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in [lines[0], rule, *lines[1:]]
    )


def status_table(statuses: Sequence[CrisisStatus]) -> str:
    """One line per community, then the cases and statements waiting."""
    if not statuses:
        return "no community has a crisis state yet"
    rows = [
        (
            s.community,
            s.platform,
            f"{s.level} {s.name}",
            _when(s.since),
            s.incident or "—",
            next((_num(i.value) for i in s.indicators if i.name == "complainers"), "—"),
            next((_num(i.baseline) for i in s.indicators if i.name == "complainers"), "—"),
            str(len(s.cases)),
            str(len(s.statements)),
        )
        for s in statuses
    ]
    header = (
        "community",
        "platform",
        "level",
        "since",
        "incident",
        "complainers",
        "baseline",
        "cases",
        "statements",
    )
    out = [table(header, rows)]
    waiting = [
        (s.community, "ack", c.case, f"{c.role} → {c.calling}", _when(c.deadline))
        for s in statuses
        for c in s.cases
    ] + [
        (s.community, "approve", w.statement, f"{w.template} ({w.approver})", _when(w.proposed_at))
        for s in statuses
        for w in s.statements
    ]
    if waiting:
        out += ["", table(("community", "waiting", "id", "who", "when"), waiting)]
    return "\n".join(out)


def incidents_table(incidents: Sequence[Incident]) -> str:
    """One line per incident."""
    if not incidents:
        return "no incident"
    rows = [
        (
            i.id,
            i.community,
            _when(i.opened_at),
            _when(i.closed_at) if i.closed_at else "open",
            str(i.level) if i.open else "—",
            str(i.max_level),
            _when(i.first_ack_at),
            _when(i.first_statement_at),
        )
        for i in incidents
    ]
    header = (
        "incident",
        "community",
        "opened",
        "closed",
        "level",
        "max",
        "first ack",
        "first statement",
    )
    return table(header, rows)
