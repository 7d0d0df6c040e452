"""The live community service every front end calls: a message to decide, a member who joined, a
moderator's verdict, a member's report or appeal. It checks who may do what, records everything and
queues the resulting actions in the outbox; the platform adapters only translate and execute.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from bot.actions import notify_author
from bot.actions.base import ActionContext
from bot.app import ModerationPipeline, attach_store, build_engine, load_scorer
from bot.charter.loader import load_charter
from bot.charter.render import render_markdown
from bot.charter.schema import Charter
from bot.core.clock import Clock
from bot.core.decision import ActionRequest, Decision
from bot.core.dispatcher import Dispatcher
from bot.core.message import Message
from bot.core.ports import Gateway, Scorer
from bot.crisis.cell import CONFIRM, CrisisCell, Outcome
from bot.crisis.commands import ACK, APPROVE, DECLARE, Command, NeedsConfirmation, roles_of
from bot.crisis.loader import load_playbook
from bot.crisis.monitor import CrisisMonitor
from bot.crisis.schema import Playbook
from bot.crisis.wiring import CrisisRunner
from bot.moderation.engine import ModerationEngine
from bot.review.cards import CaseCard, build_card
from bot.review.outcome import verdict_notice
from bot.store.casefile import Case, CaseFile, Verdict
from bot.store.cases import CaseRepository
from bot.store.crisis_inbox import SqlCommandInbox, SqlLeases
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.database import Database
from bot.store.outbox import SqlOutbox, action_from_dict
from bot.store.strikes import SqlStrikeLedger


class NotAllowed(PermissionError):
    """Someone without a staff role tried a moderator command or button."""


@dataclass(frozen=True, slots=True)
class Staff:
    """The platform roles (names or ids) allowed to moderate, from the charter and the playbook."""

    moderators: frozenset[str]
    managers: frozenset[str] = frozenset()

    @classmethod
    def from_charter(cls, charter: Charter, extra: Iterable[str] = ()) -> Staff:
        """The charter's staff roles, plus the crisis cell's as `extra` (the playbook's role
        holders and contacts, see `crisis_cell`)."""
        managers = frozenset(charter.staff.community_managers) | frozenset(extra)
        return cls(frozenset(charter.staff.moderators) | managers, managers)

    def may_moderate(self, identities: Iterable[str]) -> bool:
        """Whether one of `identities` (the person's id, role ids and role names) is staff."""
        return not self.moderators.isdisjoint(identities)

    def may_manage(self, identities: Iterable[str]) -> bool:
        """Whether one of `identities` is a community manager or in the crisis cell: the ones
        who speak for the brand (declare a level, approve a public statement)."""
        return not self.managers.isdisjoint(identities)


@dataclass
class CommunityService:
    """One charter applied live on one platform, with its database and its outbox."""

    charter: Charter
    engine: ModerationEngine
    db: Database
    clock: Clock
    platform: str
    staff: Staff
    crisis: CrisisRunner | None = None
    pipeline: ModerationPipeline = field(init=False)
    cases: CaseRepository = field(init=False)
    outbox: SqlOutbox = field(init=False)

    def __post_init__(self) -> None:
        # Live, every decision is written at once: a crash must not lose the outbox rows.
        self.pipeline = ModerationPipeline(self.engine, batch_size=1)
        attach_store(self.pipeline, self.db, self.charter)
        self.cases = CaseRepository(self.db)
        self.outbox = SqlOutbox(self.db)

    def handle(self, message: Message) -> Decision:
        """Decide on a message (new or edited), record it and queue its actions (and the crisis
        plan's, when the message moves a level)."""
        decision = self.pipeline.handle(message)
        if self.crisis is not None:
            self._enqueue(self.crisis.on_decision(decision, self.engine))
        return decision

    def store_status(self) -> dict[str, object]:
        """Whether this community's decisions reach the database, and how many wait in memory."""
        return self.pipeline.store_status()

    def member_joined(self, community: str, user_id: str, at: datetime) -> None:
        """A member joined: newcomers feed the raid indicator of the crisis plan."""
        if self.crisis is not None:
            self._enqueue(self.crisis.on_join(community, user_id, at, self.platform, self.engine))

    def tick(self) -> None:
        """Let time pass: acknowledgement deadlines and exit criteria fire without messages."""
        if self.crisis is not None:
            self._enqueue(self.crisis.tick(self.clock.now(), self.engine))

    def crisis_status(self, community: str) -> dict[str, Any]:
        """The level, why, open escalations and statements waiting (empty without a playbook)."""
        return self.crisis.status(community) if self.crisis is not None else {}

    def declare_level(
        self, community: str, level: int, by: str, identities: Iterable[str], reason: str = ""
    ) -> Outcome:
        """A community manager declares a crisis level (Refused if the plan forbids it)."""
        args = {"level": level, "reason": reason, "platform": self.platform}
        return self._crisis_command(DECLARE, community, by, identities, args, manage=True)

    def ack(self, case_id: str, by: str, identities: Iterable[str]) -> Outcome:
        """Acknowledge a crisis escalation (KeyError for an unknown case)."""
        case = self._cell(identities).store.case(case_id)
        if case is None:
            raise KeyError(f"no case {case_id!r}")
        return self._crisis_command(ACK, case.community, by, identities, {"case": case_id})

    def approve_statement(
        self, statement_id: str, by: str, identities: Iterable[str], confirmed: bool = True
    ) -> Outcome:
        """The plan's approver agrees to a statement: it is posted (NeedsConfirmation first
        when `confirmed` is False; NotApprover for another role)."""
        statement = self._cell(identities).store.statement(statement_id)
        if statement is None:
            raise KeyError(f"no statement {statement_id!r}")
        args = {"statement": statement_id}
        return self._crisis_command(
            APPROVE, statement.community, by, identities, args, manage=True, confirmed=confirmed
        )

    def _crisis_command(
        self,
        kind: str,
        community: str,
        by: str,
        identities: Iterable[str],
        args: dict[str, Any],
        manage: bool = False,
        confirmed: bool = False,
    ) -> Outcome:
        identities = list(identities)
        cell = self._cell(identities, manage)
        roles = roles_of(cell.playbook, self.platform, identities)
        command = Command(kind, community, by, self.clock.now(), args, roles, confirmed)
        outcome = cell.submit(command)
        assert self.crisis is not None  # `_cell` checked it
        self._enqueue(self.crisis.apply(cell.take_applied(), self.engine))  # profile switches
        if outcome.status == CONFIRM:
            raise NeedsConfirmation(str(args.get("statement", "")), outcome.texts)
        return outcome

    def _cell(self, identities: Iterable[str], manage: bool = False) -> CrisisCell:
        identities = list(identities)
        self._require_staff(identities)
        if manage and not self.staff.may_manage(identities):
            raise NotAllowed("only the community managers and the crisis cell may do this")
        if self.crisis is None or self.crisis.cell is None:
            raise LookupError("no contingency plan is loaded")
        return cast(CrisisCell, self.crisis.cell)

    def _enqueue(self, actions: list[ActionRequest]) -> None:
        if actions:
            self.outbox.enqueue(actions, self.clock.now())

    def dispatcher(self, gateway: Gateway) -> Dispatcher:
        """A dispatcher that executes this platform's queued actions through `gateway`."""
        return Dispatcher(self.outbox, gateway, self.clock, platform=self.platform)

    def rules_text(self, lang: str) -> str:
        """The public charter in `lang` (falls back to the charter's first language)."""
        languages = self.charter.meta.languages
        return render_markdown(self.charter, lang if lang in languages else languages[0])

    def card(self, case_id: int, lang: str) -> CaseCard:
        """What a moderator sees of a case: message, rule, scores, top words, strikes, deadline."""
        case_file = self.cases.get(case_id)
        author = case_file.case.author_id or ""
        strikes = SqlStrikeLedger(self.db).live_strikes(
            case_file.case.community, author, self.clock.now()
        )
        return build_card(case_file, strikes, lang)

    def review(
        self, case_id: int, verdict: Verdict | str, moderator: str, roles: Iterable[str]
    ) -> Case:
        """A moderator's verdict on a case: recorded, the author told of an overturn, a held
        message's proposed sanctions executed on confirmation."""
        self._require_staff(roles)
        return self.record_verdict(case_id, verdict, moderator)

    def record_verdict(
        self, case_id: int, verdict: Verdict | str, moderator: str, note: str | None = None
    ) -> Case:
        """The verdict of a moderator whose right the caller checked (the web console checks its
        own accounts): recorded (four eyes on appeals), the author told, held sanctions queued."""
        now = self.clock.now()
        if self.cases.case(case_id).assigned_to != moderator:
            self.cases.take(case_id, moderator, now)
        self.cases.decide(case_id, moderator, verdict, now, note)
        decided = self.cases.get(case_id)
        self.outbox.enqueue(self._after_verdict(decided, Verdict(verdict)), now)
        return decided.case

    def report(
        self, reporter: str, community: str, channel: str, message_id: str, reason: str
    ) -> int:
        """A member reports a message: a case for the moderators."""
        return self.cases.open_case(
            "report",
            community,
            self.platform,
            self.clock.now(),
            actor=reporter,
            channel=channel,
            message_id=message_id,
            reason=reason[:500],
            severity=1,
        )

    def appeal(
        self, author_id: str, text: str, case_id: int | None = None, decision_id: int | None = None
    ) -> int:
        """A sanctioned member contests a decision (reviewed by another moderator: four eyes)."""
        return self.cases.appeal(
            author_id, text[:2000], self.clock.now(), case_id=case_id, decision_id=decision_id
        )

    def _require_staff(self, roles: Iterable[str]) -> None:
        if not self.staff.may_moderate(roles):
            raise NotAllowed("only the moderators named in the charter may do this")

    def _after_verdict(self, case_file: CaseFile, verdict: Verdict) -> list[ActionRequest]:
        case = case_file.case
        context = ActionContext(
            case.community,
            case.platform,
            self.clock.now(),
            f"case:{case.id}:{verdict.value}",
            case.channel,
            rule=case.rule,
        )
        actions: list[ActionRequest] = []
        lang = self.charter.meta.languages[0]
        if case.author_id and (verdict is Verdict.OVERTURN or case.kind == "appeal"):
            notice = verdict_notice(self.charter, case, verdict, lang)
            actions.append(_notify(context, case, notice))
        if verdict is Verdict.CONFIRM and case.kind == "escalation":
            actions.extend(_proposed_actions(case_file.decision or {}, context))
        return actions


def _proposed_actions(decision: dict[str, Any], context: ActionContext) -> list[ActionRequest]:
    """Sanctions proposed by a priori moderation, executed once a moderator confirms them."""
    held = [a for a in decision.get("actions", []) if a.get("type") == "escalate"]
    proposed = held[0].get("params", {}).get("proposed", []) if held else []
    return [action_from_dict({**p, "key": f"{context.key}:{p['type']}"}) for p in proposed]


def _notify(context: ActionContext, case: Case, notice: str) -> ActionRequest:
    request = notify_author.with_notice(context, notice)
    return replace(request, user_id=case.author_id, message_id=case.message_id)


def crisis_cell(playbook: Playbook, platform: str) -> frozenset[str]:
    """The identities ("user:ID", "role:ID", "chat:ID") of the crisis cell on `platform`."""
    contacts = [c for role in playbook.roles for c in (role.holder, role.backup) if c is not None]
    return frozenset(c.channels()[platform] for c in contacts if platform in c.channels())


def crisis_runner(playbook: Playbook, db: Database, clock: Clock, platform: str) -> CrisisRunner:
    """The crisis monitor of a live process, sharing the database with other processes: it owns
    the communities whose lease it holds and applies the commands queued for them."""
    store = SqlCrisisStore(db)
    monitor = CrisisMonitor(playbook, store, clock)
    holder = f"{platform}:{socket.gethostname()}:{os.getpid()}"
    cell = CrisisCell(playbook, store, SqlCommandInbox(db), SqlLeases(db), holder, monitor)
    monitor.fences = cell.fence
    return CrisisRunner(monitor, cell=cell)


def build_service(
    charter_path: str | Path,
    db: Database,
    clock: Clock,
    platform: str,
    playbook_path: str | Path | None = None,
    models_dir: Path | None = None,
    *,
    scorer: tuple[Scorer | None, str | None] | None = None,
) -> tuple[CommunityService, str | None]:
    """A live service for one platform; also says why the classifiers are off, if they are.
    `scorer`: the classifiers already loaded (and why not), for a process serving several
    communities with one copy of the models."""
    charter = load_charter(charter_path)
    model, degraded = scorer if scorer is not None else load_scorer(models_dir)
    engine = build_engine(charter, model)
    runner, extra = None, frozenset[str]()
    if playbook_path is not None:
        playbook = load_playbook(playbook_path)
        runner = crisis_runner(playbook, db, clock, platform)
        extra = crisis_cell(playbook, platform)
    staff = Staff.from_charter(charter, extra)
    service = CommunityService(charter, engine, db, clock, platform, staff, runner)
    return service, degraded
