"""The live community service every front end calls: a message to decide, a member who joined, a
moderator's verdict, a member's report or appeal. It checks who may do what, records everything and
queues the resulting actions in the outbox; the platform adapters only translate and execute.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from bot.actions.base import ActionContext
from bot.actions.registry import ACTIONS
from bot.app import ModerationPipeline, attach_store
from bot.charter.render import render_markdown
from bot.charter.schema import Charter
from bot.core.clock import Clock
from bot.core.decision import ActionRequest, Decision
from bot.core.dispatcher import Dispatcher
from bot.core.message import Message
from bot.core.ports import Gateway
from bot.moderation.engine import ModerationEngine
from bot.review.cards import CaseCard, build_card
from bot.review.outcome import verdict_notice
from bot.store.casefile import Case, Verdict
from bot.store.cases import CaseRepository
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
        """The charter's staff roles, plus the crisis cell's (from the playbook) as `extra`."""
        managers = frozenset(charter.staff.community_managers) | frozenset(extra)
        return cls(frozenset(charter.staff.moderators) | managers, managers)

    def may_moderate(self, roles: Iterable[str]) -> bool:
        """Whether one of `roles` is a staff role."""
        return not self.moderators.isdisjoint(roles)


@dataclass
class CommunityService:
    """One charter applied live on one platform, with its database and its outbox."""

    charter: Charter
    engine: ModerationEngine
    db: Database
    clock: Clock
    platform: str
    staff: Staff
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
        """Decide on a message (new or edited), record it and queue its actions."""
        return self.pipeline.handle(message)

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
        now = self.clock.now()
        case = self.cases.get(case_id).case
        if case.assigned_to != moderator:
            self.cases.take(case_id, moderator, now)
        self.cases.decide(case_id, moderator, verdict, now)
        decided = self.cases.get(case_id).case
        self.outbox.enqueue(self._after_verdict(decided, Verdict(verdict)), now)
        return decided

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

    def _after_verdict(self, case: Case, verdict: Verdict) -> list[ActionRequest]:
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
            actions.extend(self._proposed_actions(case, context))
        return actions

    def _proposed_actions(self, case: Case, context: ActionContext) -> list[ActionRequest]:
        """Sanctions proposed by a priori moderation, executed once a moderator confirms them."""
        decision = self.cases.get(case.id).decision or {}
        held = [a for a in decision.get("actions", []) if a.get("type") == "escalate"]
        proposed = held[0].get("params", {}).get("proposed", []) if held else []
        return [action_from_dict({**p, "key": f"{context.key}:{p['type']}"}) for p in proposed]


def _notify(context: ActionContext, case: Case, notice: str) -> ActionRequest:
    request = ACTIONS["notify_author"].plan(
        ACTIONS["notify_author"].Config(), replace(context, notice=notice)
    )
    return replace(request, user_id=case.author_id, message_id=case.message_id)
