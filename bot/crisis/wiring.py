"""How the replay command and the live pipeline plug the crisis monitor in: feed it each decision,
write its events (events.jsonl), apply its charter-profile switches to the engine, hand back the
actions it planned, and write every incident's report at the end."""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, TextIO, TypeVar

from bot.core.decision import ActionRequest, Decision
from bot.crisis import events as ev
from bot.crisis.events import CrisisEvent
from bot.crisis.loader import load_playbook
from bot.crisis.monitor import CrisisMonitor, MonitorOptions
from bot.crisis.report import build_report, write_report
from bot.crisis.schema import Playbook
from bot.crisis.state import CrisisStore, LeaseLost, MemoryCrisisStore
from bot.crisis.status import read_status

log = logging.getLogger("vigie.crisis")
T = TypeVar("T")
REPLAY_CHECKPOINT = timedelta(hours=1)  # a replay rewrites the full state at most this often
# Messages of a community another process still holds, kept until it hands the community back
# (a few seconds: one tick of the holder); past this many, the oldest are dropped.
HELD_BACK_MAX = 10_000


class ProfileSwitch(Protocol):
    """What the runner needs of the moderation engine: `ModerationEngine.use_profile`."""

    def use_profile(self, profile: str | None) -> None: ...


def missing_profiles(playbook: Playbook, charter: Any) -> list[str]:
    """The charter profiles the playbook's levels name but the charter lacks."""
    named = {level.profile for level in playbook.levels if level.profile}
    have = set(getattr(charter, "profiles", {}) or {})
    return sorted(named - have)


class CrisisRunner:
    """Feeds a monitor and applies what it returns; see the module docstring."""

    def __init__(
        self, monitor: CrisisMonitor, sink_events: TextIO | None = None, cell: Any = None
    ) -> None:
        self.monitor = monitor
        self.cell = cell  # a CrisisCell: several processes share the database
        self.sink = sink_events
        self.events = 0
        self.incidents: list[str] = []  # opened while this runner ran, for `finish`
        self._owned: TextIO | None = None
        self._refused: set[str] = set()
        self._held_back: dict[str, deque[Decision | tuple[str, str, datetime, str]]] = {}

    @classmethod
    def for_replay(
        cls, playbook_path: str | Path, out_dir: Path, db_url: str | None = None
    ) -> CrisisRunner:
        """A runner writing OUT/events.jsonl, on the database if given, else in memory."""
        playbook = load_playbook(playbook_path)
        store = open_store(db_url) if db_url else MemoryCrisisStore()
        monitor = CrisisMonitor(playbook, store, options=MonitorOptions(REPLAY_CHECKPOINT))
        out_dir.mkdir(parents=True, exist_ok=True)
        sink = (out_dir / "events.jsonl").open("w", encoding="utf-8")
        runner = cls(monitor, sink)
        runner._owned = sink
        return runner

    def on_decision(
        self, decision: Decision, engine: ProfileSwitch | None = None
    ) -> list[ActionRequest]:
        """Count one decision; return the actions the plan asks for. A community another
        process holds (it took it over while this one was away) is asked back; its messages are
        kept and counted once it is handed back."""
        community = decision.message.community
        if self.cell is not None and not self.cell.observes(community, decision.message.ts):
            self._hold_back(community, decision)
            return []
        return self.apply([*self._counted_late(community), *self.monitor.observe(decision)], engine)

    def on_join(
        self,
        community: str,
        user: str,
        at: datetime,
        platform: str = "memory",
        engine: ProfileSwitch | None = None,
    ) -> list[ActionRequest]:
        """Count a member joining (kept, like a message, while another process holds the
        community)."""
        if self.cell is not None and not self.cell.observes(community, at):
            self._hold_back(community, (community, user, at, platform))
            return []
        events = self.monitor.observe_join(community, user, at, platform)
        return self.apply([*self._counted_late(community), *events], engine)

    def _hold_back(self, community: str, item: Decision | tuple[str, str, datetime, str]) -> None:
        self._held_back.setdefault(community, deque(maxlen=HELD_BACK_MAX)).append(item)

    def _counted_late(self, community: str) -> list[CrisisEvent]:
        """Count what was kept while another process held the community (now this one's)."""
        events: list[CrisisEvent] = []
        for item in self._held_back.pop(community, ()):
            if isinstance(item, Decision):
                events += self.monitor.observe(item)
            else:
                events += self.monitor.observe_join(*item)
        return events

    def tick(self, now: datetime, engine: ProfileSwitch | None = None) -> list[ActionRequest]:
        """Let time pass (deadlines, exit criteria) without a message; the owner applies the
        commands other processes queued for its communities."""
        events = self.cell.drain(now) if self.cell is not None else []
        for community in list(self._held_back):
            if self.cell is not None and self.cell.owns(community, now):
                events += self._counted_late(community)
        return self.apply([*events, *self.monitor.tick(now)], engine)

    def close(self, now: datetime) -> None:
        """A clean stop: write the full state (unless another process owns it by now) and give
        the communities' leases up, so that another process takes over at once."""
        try:
            self.monitor.checkpoint()
        except LeaseLost as exc:
            log.warning("crisis state not written at shutdown: %s", exc)
        if self.cell is not None:
            self.cell.release_all(now)

    def follow_move(self, old: str, new: str, move: Callable[[], T]) -> T:
        """A community changed its id: its state is written and let go, `move` moves the stored
        rows, and the state is read back under the new id."""
        try:
            self.monitor.checkpoint()
        except LeaseLost as exc:
            log.warning("crisis state not written before the move: %s", exc)
        self.monitor.release(old)
        moved = move()
        self.monitor.reload(new)
        return moved

    def status(self, community: str) -> dict[str, Any]:
        """Where the community stands: from the live monitor if this process owns it, else from
        the stored state (KeyError if nothing is known of it)."""
        if community in self.monitor.communities:
            return self.monitor.status(community)
        return read_status(self.monitor.playbook, self.monitor.store, community).to_dict()

    def apply(
        self, events: Iterable[CrisisEvent], engine: ProfileSwitch | None = None
    ) -> list[ActionRequest]:
        """Write the events, switch profiles, collect the actions."""
        actions: list[ActionRequest] = []
        for event in events:
            self.events += 1
            if event.type == ev.INCIDENT_OPENED and event.incident:
                self.incidents.append(event.incident)
            if self.sink is not None:
                self.sink.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            if event.type == ev.PROFILE and engine is not None:
                self._switch(engine, event.profile)
            actions.extend(event.actions)
        return actions

    def _switch(self, engine: ProfileSwitch, profile: str | None) -> None:
        try:
            engine.use_profile(profile)
        except KeyError:
            # A playbook naming a profile the charter lacks must not stop the crisis response.
            if profile not in self._refused:
                log.warning("the charter has no profile %r: moderation stays as it is", profile)
                self._refused.add(profile or "")

    def finish(self, out_dir: Path, formats: Iterable[str] = ("md", "html")) -> list[Path]:
        """Write the full state and the report of every incident opened while this runner ran
        (and of those still open); close events.jsonl if owned."""
        self.monitor.checkpoint()
        written: list[Path] = []
        ids = dict.fromkeys([*self.incidents, *sorted(self.monitor.incidents)])
        for incident_id in ids:
            report = build_report(self.monitor.store, incident_id, self.monitor.playbook)
            for fmt in formats:
                written += write_report(report, out_dir / "incidents", fmt)
        if self._owned is not None:
            self._owned.close()
            self._owned = None
        return written


def open_store(db_url: str) -> CrisisStore:
    """The SQL crisis store on a migrated database."""
    from bot.store.crisis_repo import SqlCrisisStore
    from bot.store.database import open_database

    return SqlCrisisStore(open_database(db_url))
