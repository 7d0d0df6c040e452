"""What `vigie crisis status` and the crisis room show about one community: its level, the open
incident, the indicators of the report window against their baselines, the cases waiting for an
acknowledgement and the statements waiting for approval."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.charter.fields import pick
from bot.core.timeparse import isoformat
from bot.crisis.community import REPORT_KEYS

if TYPE_CHECKING:
    from bot.crisis.monitor import CrisisMonitor


def community_status(monitor: CrisisMonitor, community: str) -> dict[str, Any]:
    """A JSON-ready picture of one community (KeyError if the monitor never saw it)."""
    state = monitor.communities[community]
    lang = monitor.playbook.meta.languages[0]
    level = monitor.playbook.level(state.level.level)
    indicators = _indicators(monitor, state)
    cases = [
        {
            "case": c.id,
            "role": c.role,
            "calling": "/".join(c.chain[c.step]),
            "deadline": isoformat(c.deadline) if c.deadline else None,
            "status": c.status,
        }
        for c in monitor.cases.values()
        if c.incident == state.incident and c.active
    ]
    statements = [
        {"statement": s.id, "template": s.template, "approver": s.approver}
        for s in monitor.statements.values()
        if s.incident == state.incident and s.status == "proposed"
    ]
    return {
        "community": community,
        "level": state.level.level,
        "name": pick(level.name, lang),
        "since": isoformat(state.level.since) if state.level.since else None,
        "manual_floor": state.level.manual_floor,
        "incident": state.incident,
        "baseline_ready": state.baselines.ready,
        "indicators": indicators,
        "cases": cases,
        "statements": statements,
    }


def _indicators(monitor: CrisisMonitor, state: Any) -> dict[str, dict[str, Any]]:
    """The report-window indicators against their baselines, and where they come from."""
    indicators: dict[str, dict[str, Any]] = {}
    for name in REPORT_KEYS:
        reading = state.reading(name, monitor.layout.report)
        indicators[name] = {
            "value": reading.value,
            "baseline": reading.baseline,
            "z": None if reading.z is None else round(reading.z, 2),
        }
    if state.seen and not state.scored:
        indicators["negative_share"]["source"] = "watch-list keywords (no classifier scores)"
        indicators["toxic_share"]["source"] = "matched rules (no classifier scores)"
    return indicators
