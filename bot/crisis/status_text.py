"""The crisis status and the incident list as plain-text tables (`vigie crisis status`,
`vigie crisis incidents`): one line per community or incident, then what waits for a person. The
headers and words are the catalog's, in the reader's language; the times are in the reader's
timezone (the plan's by default), written as the language writes them, and named under the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.crisis.escalation import say_step
from bot.crisis.state import Incident
from bot.crisis.status import CrisisStatus
from bot.i18n import formats
from bot.i18n.catalog import messages

PREFIX = "cli.crisis."


def _say(lang: str, key: str, **values: object) -> str:
    return messages().text(lang, PREFIX + key, **values)


def _header(lang: str, *keys: str) -> tuple[str, ...]:
    return tuple(_say(lang, f"col_{key}") for key in keys)


def _when(moment: datetime | None, lang: str, timezone: str) -> str:
    return formats.moment(moment, lang, timezone, "short") if moment else "—"


def _num(value: float | None, lang: str) -> str:
    return "—" if value is None else formats.number(float(f"{value:.3g}"), lang)


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Columns padded to their widest cell."""
    lines = [list(header), *[list(row) for row in rows]]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    rule = ["-" * width for width in widths]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in [lines[0], rule, *lines[1:]]
    )


def _indicator(status: CrisisStatus, lang: str, baseline: bool) -> str:
    for found in status.indicators:
        if found.name == "complainers":
            return _num(found.baseline if baseline else found.value, lang)
    return "—"


def status_table(statuses: Sequence[CrisisStatus], lang: str, timezone: str | None = None) -> str:
    """One line per community, then the cases and statements waiting; times in `timezone` (each
    community's plan's when None)."""
    if not statuses:
        return _say(lang, "no_status")
    rows = [
        (
            s.community,
            s.platform,
            f"{s.level} {s.names.get(lang) or s.name}",
            _when(s.since, lang, timezone or s.timezone),
            s.incident or "—",
            _indicator(s, lang, baseline=False),
            _indicator(s, lang, baseline=True),
            formats.number(len(s.cases), lang),
            formats.number(len(s.statements), lang),
        )
        for s in statuses
    ]
    keys = ("community", "platform", "level", "since", "incident", "complainers", "baseline")
    out = [table(_header(lang, *keys, "cases", "statements"), rows)]
    waiting = _waiting(statuses, lang, timezone)
    if waiting:
        out += ["", table(_header(lang, "community", "waiting", "id", "who", "when"), waiting)]
    zones = sorted({timezone or s.timezone for s in statuses})
    out += ["", _say(lang, "times_in", timezone=formats.listing(zones, lang))]
    return "\n".join(out)


def _waiting(
    statuses: Sequence[CrisisStatus], lang: str, timezone: str | None
) -> list[tuple[str, ...]]:
    return [
        (
            s.community,
            _say(lang, "waiting_ack"),
            c.case,
            f"{c.role} → {say_step(c.calling, lang)}",
            _when(c.deadline, lang, timezone or s.timezone),
        )
        for s in statuses
        for c in s.cases
    ] + [
        (
            s.community,
            _say(lang, "waiting_approval"),
            w.statement,
            f"{w.template} ({w.approver})",
            _when(w.proposed_at, lang, timezone or s.timezone),
        )
        for s in statuses
        for w in s.statements
    ]


def incidents_table(incidents: Sequence[Incident], lang: str, timezone: str) -> str:
    """One line per incident, its times in `timezone`."""
    if not incidents:
        return _say(lang, "no_incident")
    rows = [
        (
            i.id,
            i.community,
            _when(i.opened_at, lang, timezone),
            _when(i.closed_at, lang, timezone) if i.closed_at else _say(lang, "running"),
            str(i.level) if i.open else "—",
            str(i.max_level),
            _when(i.first_ack_at, lang, timezone),
            _when(i.first_statement_at, lang, timezone),
        )
        for i in incidents
    ]
    keys = ("incident", "community", "opened", "closed", "level", "max", "first_ack")
    header = _header(lang, *keys, "first_statement")
    return "\n".join([table(header, rows), "", _say(lang, "times_in", timezone=timezone)])
