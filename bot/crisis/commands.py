"""Commands a person gives from another process than the monitor's (the console, `vigie ack`):
applied to the stored state directly, recorded in the incident timeline with who and when. The
running monitor picks the change up on its next tick (`CrisisMonitor.sync`)."""

from __future__ import annotations

from datetime import datetime

from bot.crisis import escalation
from bot.crisis.events import CrisisEvent
from bot.crisis.state import Batch, CrisisStore


def ack_stored(store: CrisisStore, case_id: str, by: str, at: datetime) -> CrisisEvent:
    """Acknowledge a stored case. Raises KeyError (unknown case) or ValueError (not open)."""
    case = store.case(case_id)
    if case is None:
        raise KeyError(f"no case {case_id!r}")
    if case.status == escalation.EXHAUSTED:
        case.status = escalation.OPEN  # a late acknowledgement still counts
    event = escalation.acknowledge(case, by, at)
    batch = Batch(cases={case.id: case}, events=[event])
    incident = store.incident(case.incident)
    if incident is not None and incident.first_ack_at is None:
        incident.first_ack_at = at
        batch.incidents[incident.id] = incident
    store.write(batch)
    return event
