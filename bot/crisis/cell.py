"""One writer per community: every crisis command of every front end goes through `CrisisCell`.

A command is first written to the inbox (its id is its place in the order). The process that
holds the community's lease (`crisis:<community>`) applies the inbox in order, each command once,
in the same transaction as the state it changes and the actions it queues. A process that gives a
command for a community nobody holds (the console, `vigie crisis …`, a bot after its peer died)
takes the lease, reads the community back from the store, applies the inbox and lets go (unless it
runs the community's monitor itself). A command is never written around the owner, so no
checkpoint can write an older state over it.

The writer is the process that sees the community's messages, so that they all count. When that
process dies, another takes its open incidents over (their deadlines must still fire); when it
(or its standby) is back and sees a message of the community, it queues a hand-back command. The
process holding the community applies the commands queued before it, then writes the state and
moves the lease in one write; the returning process reads the state back, counts the messages it
held meanwhile, and applies the commands queued after the hand-back. A holder that sees the
community's messages itself keeps it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.crisis import commands
from bot.crisis.commands import Command, NeedsConfirmation, Refused
from bot.crisis.events import CrisisEvent
from bot.crisis.monitor import CrisisMonitor
from bot.crisis.schema import Playbook
from bot.crisis.state import CrisisStore, Fence, Handover, LeaseLost

log = logging.getLogger("vigie.crisis")
LEASE_TIME = timedelta(seconds=30)  # a dead owner's communities are free again after this
# A holder that saw a message of the community this recently counts it itself: it keeps it when
# another process asks for it back (two processes fed one community's messages must not trade it).
SEES_ITSELF = timedelta(minutes=10)
APPLIED, QUEUED, CONFIRM = "applied", "queued", "confirm"


class Inbox(Protocol):
    """What the cell needs of the command inbox (`bot.store.crisis_inbox.SqlCommandInbox`)."""

    def add(self, command: Command) -> int: ...

    def pending(self, communities: list[str] | None = None, limit: int = 100) -> list[Any]: ...

    def get(self, command_id: int) -> Any: ...


class Leases(Protocol):
    """What the cell needs of the leases (`bot.store.crisis_inbox.SqlLeases`)."""

    def acquire(self, name: str, holder: str, now: datetime, ttl: timedelta) -> int | None: ...

    def release(self, name: str, holder: str, now: datetime) -> None: ...

    def holder(self, name: str, now: datetime) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a command: applied (with its events), queued for the live owner, or
    waiting for the person's confirmation (with the texts that would be published)."""

    status: str
    command: int | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    owner: str | None = None
    texts: dict[str, str] = field(default_factory=dict)


def lease_name(community: str) -> str:
    """The lease that makes a process the community's one writer."""
    return f"crisis:{community}"


class CrisisCell:
    """Takes every command, applies it through the community's owner; see the module docstring.

    `monitor` is this process's running monitor (a bot started with `--playbook`); without one
    (the console, the CLI) a throwaway monitor of the one community is read from the store for
    each command applied here, under the lease.
    """

    def __init__(
        self,
        playbook: Playbook,
        store: CrisisStore,
        inbox: Inbox,
        leases: Leases,
        holder: str,
        monitor: CrisisMonitor | None = None,
        lease_time: timedelta = LEASE_TIME,
    ) -> None:
        self.playbook = playbook
        self.store = store
        self.inbox = inbox
        self.leases = leases
        self.holder = holder
        self.monitor = monitor
        self.lease_time = lease_time
        self._held: dict[str, tuple[int, datetime]] = {}  # community -> (generation, until)
        self._applied: list[CrisisEvent] = []  # by this process's monitor, not yet taken
        self._seen: dict[str, datetime] = {}  # community -> its last message seen here
        self._claimed: dict[str, datetime] = {}  # community -> when its hand-back was asked

    # --- giving a command ----------------------------------------------------------------------

    def submit(self, command: Command) -> Outcome:
        """Check the command against the stored state (Refused, KeyError), queue it and apply it
        here if no other live process owns the community."""
        try:
            self.precheck(command)
        except NeedsConfirmation as wait:
            return Outcome(CONFIRM, texts=wait.texts)
        command_id = self.inbox.add(command)
        owner = self.leases.holder(lease_name(command.community), command.at)
        if owner is not None and owner != self.holder:
            return Outcome(QUEUED, command_id, owner=owner)
        self.apply_inbox(command.community, command.at)
        return self._outcome(command_id)

    def _outcome(self, command_id: int) -> Outcome:
        found = self.inbox.get(command_id)
        if found is None or found.status == "pending":
            owner = self.leases.holder(lease_name(found.command.community), found.command.at)
            return Outcome(QUEUED, command_id, owner=owner)
        result = found.result or {}
        if found.status == "refused":
            raise Refused(str(result.get("error", "refused")))
        return Outcome(APPLIED, command_id, list(result.get("events", [])))

    def precheck(self, command: Command) -> None:
        """Refuse at once what cannot be applied (the owner checks again when it applies)."""
        if command.kind == commands.DECLARE:
            commands.check_declare(self.playbook, int(command.args["level"]))
            return
        if command.kind == commands.ACK:
            case = self.store.case(str(command.args["case"]))
            if case is None or case.community != command.community:
                raise KeyError(f"no case {command.args['case']!r} in {command.community}")
            return
        if command.kind == commands.CHECK:
            incident = self.store.incident(str(command.args["incident"]))
            if incident is None or incident.community != command.community:
                raise KeyError(f"no incident {command.args['incident']!r} in {command.community}")
            return
        statement = self.store.statement(str(command.args["statement"]))
        if statement is None or statement.community != command.community:
            raise KeyError(f"no statement {command.args['statement']!r} in {command.community}")
        if statement.status != "proposed":
            raise Refused(f"statement {statement.id} is {statement.status}, not waiting")
        if command.kind == commands.APPROVE:
            commands.require_approver(self.playbook, statement, command.roles)
            if not command.confirmed:
                raise NeedsConfirmation(statement.id, dict(statement.texts))

    # --- owning communities --------------------------------------------------------------------

    def owns(self, community: str, now: datetime) -> bool:
        """Whether this process is the community's writer now (taking a free lease, renewing
        ours when half of it has run out); a community taken over is read back from the store."""
        held = self._held.get(community)
        if held is not None and now < held[1] - self.lease_time / 2:
            return True
        generation = self.leases.acquire(lease_name(community), self.holder, now, self.lease_time)
        if generation is None:
            self._lose(community)
            return False
        if (held is None or held[0] != generation) and self.monitor is not None:
            self.monitor.reload(community)  # resume from what the last owner wrote
        self._held[community] = (generation, now + self.lease_time)
        return True

    def observes(self, community: str, now: datetime) -> bool:
        """A message of `community` reached this process: whether this process counts it (it
        holds the community). If another process took the community over, ask for it back (at
        most once per lease time) and say no: the caller keeps the message until it holds it."""
        self._seen[community] = now
        if self.owns(community, now):
            self._claimed.pop(community, None)
            return True
        asked = self._claimed.get(community)
        if asked is None or now - asked >= self.lease_time:
            self._claimed[community] = now
            self.inbox.add(Command(commands.HANDBACK, community, self.holder, now))
        return False

    def fence(self, community: str) -> Fence | None:
        """The fence of this process's writes for `community` (None: not held)."""
        held = self._held.get(community)
        return None if held is None else Fence(lease_name(community), self.holder, held[0])

    def drain(self, now: datetime) -> list[CrisisEvent]:
        """The owner's tick: keep the leases of the monitor's communities (dropping the ones
        another process owns), take over the communities whose owner died (an open incident or
        a command waiting, and no live lease), apply every pending command of the communities it
        holds, and return the events of every command this process's monitor applied since the
        last call (for the runner: profile switches, events.jsonl)."""
        if self.monitor is None:
            return []
        pending = self.inbox.pending()
        orphans = {q.command.community for q in pending} | set(self.store.open_communities())
        for community in sorted(set(self.monitor.communities) | orphans):
            self.owns(community, now)
        for community in dict.fromkeys(q.command.community for q in pending):
            if community in self._held:
                self._apply_pending(self.monitor, community, now)
        return self.take_applied()

    def take_applied(self) -> list[CrisisEvent]:
        """The events of the commands this process's monitor applied since the last call."""
        taken, self._applied = self._applied, []
        return taken

    def release_all(self, now: datetime) -> None:
        """A clean shutdown: give every lease up so another process takes over at once."""
        for community in list(self._held):
            self.leases.release(lease_name(community), self.holder, now)
            self._held.pop(community, None)

    def apply_inbox(self, community: str, now: datetime) -> list[CrisisEvent]:
        """Apply the community's pending commands here, under its lease (nothing if another
        live process holds it)."""
        if self.monitor is not None:
            if not self.owns(community, now):
                return []
            return self._apply_pending(self.monitor, community, now)
        generation = self.leases.acquire(lease_name(community), self.holder, now, self.lease_time)
        if generation is None:
            return []
        try:
            monitor = CrisisMonitor(self.playbook, _OneCommunity(self.store, community))
            fence = Fence(lease_name(community), self.holder, generation)
            monitor.fences = lambda name: fence if name == community else None
            return self._apply_pending(monitor, community, now)
        finally:
            self.leases.release(lease_name(community), self.holder, now)

    def _apply_pending(
        self, monitor: CrisisMonitor, community: str, now: datetime
    ) -> list[CrisisEvent]:
        events: list[CrisisEvent] = []
        for queued in self.inbox.pending([community]):
            if queued.command.kind != commands.HANDBACK:
                events += self._apply_one(monitor, queued.id, queued.command)
            elif self._hand_back(monitor, queued.id, queued.command, now):
                break  # the later commands are the new holder's
        if monitor is self.monitor:
            self._applied += events
        return events

    def _apply_one(self, monitor: CrisisMonitor, command_id: int, command: Command) -> list[Any]:
        try:
            events = monitor.apply(command, settles=command_id, by=self.holder)
        except (Refused, NeedsConfirmation, KeyError, ValueError) as exc:
            reason = str(exc.args[0]) if exc.args else str(exc)
            log.info("crisis command %s refused: %s", command_id, reason)
            monitor.refuse(command_id, self.holder, command.at, reason)
            return []
        except LeaseLost:
            self._lose(command.community)
            raise
        return events

    def _hand_back(
        self, monitor: CrisisMonitor, command_id: int, command: Command, now: datetime
    ) -> bool:
        """Apply a hand-back: move the lease to the process asking for it unless this process
        sees the community's messages itself (or holds it only for one command)."""
        community, to = command.community, command.by
        seen = self._seen.get(community)
        fence = self.fence(community)
        if monitor is not self.monitor or fence is None or to == self.holder:
            reason = "nothing to hand back: the asking process may take the lease"
        elif seen is not None and now - seen < SEES_ITSELF:
            reason = "the holder sees this community's messages itself"
        else:
            try:
                monitor.hand_over(
                    community, command_id, Handover(fence, to, now + self.lease_time), now
                )
            finally:
                self._held.pop(community, None)
            log.info("crisis community %s handed back to %s", community, to)
            return True
        monitor.refuse(command_id, self.holder, command.at, reason)
        return False

    def _lose(self, community: str) -> None:
        self._held.pop(community, None)
        if self.monitor is not None and community in self.monitor.communities:
            self.monitor.release(community)  # another process counts and writes it now


class _OneCommunity:
    """A store seen through one community: a throwaway monitor restores only that one."""

    def __init__(self, store: CrisisStore, community: str) -> None:
        self._store = store
        self._community = community

    def restore(self, community: str | None = None) -> Any:
        return self._store.restore(self._community)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)
