"""The desk: the one object every front end (Discord, Telegram, the web console, the CLI, the
in-memory front end of the tests) calls for member and moderator commands and lookups. Each method
checks who asks, does the job through the store's repositories and the outbox, and answers a
`Result` or raises a `Refusal`; the front ends parse and render, nothing else."""

from __future__ import annotations

from typing import Any

from bot.charter.render import render_markdown
from bot.core.clock import Clock
from bot.core.decision import ActionRequest, Decision
from bot.desk import crisis, moderation, review
from bot.desk.cards import CaseCard, build_card
from bot.desk.commands import NativeAction, Purge, Sanction, Unban
from bot.desk.context import DeskContext, Result
from bot.desk.modlog import automated_line, deleted_line
from bot.desk.roles import Actor, Role, role_of
from bot.store.casefile import Case, CaseFile, Verdict
from bot.store.members import MemberFile, QueueLine


class Desk:
    """See the module docstring. Built by `bot.service.build_service` (or the console)."""

    def __init__(self, context: DeskContext) -> None:
        self._ctx = context

    # --- who and where -------------------------------------------------------------------------

    @property
    def platform(self) -> str:
        """The platform this desk serves (the console's acts on each case's own)."""
        return self._ctx.platform

    @property
    def languages(self) -> tuple[str, ...]:
        """The charter's languages, the community's first."""
        return tuple(self._ctx.charter.meta.languages)

    @property
    def clock(self) -> Clock:
        """The clock the desk tells time with (a front end's own timers share it)."""
        return self._ctx.clock

    def staff_names(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The charter's moderator and community-manager roles (a front end resolves them)."""
        staff = self._ctx.charter.staff
        return tuple(staff.moderators), tuple(staff.community_managers)

    def role(self, actor: Actor) -> Role:
        """What the actor may do here."""
        return role_of(actor, self._ctx.staff)

    def rules_text(self, lang: str) -> str:
        """The public charter in `lang` (falls back to the charter's first language)."""
        languages = self.languages
        return render_markdown(self._ctx.charter, lang if lang in languages else languages[0])

    def rule_ids(self) -> list[str]:
        """The ids of the charter's rules (a moderator cites one)."""
        return [rule.id for rule in self._ctx.charter.rules]

    # --- manual moderation ---------------------------------------------------------------------

    def sanction(self, command: Sanction, actor: Actor) -> Result:
        """Warn, time out, kick, ban, delete or note; see `bot.desk.moderation`."""
        return moderation.sanction(self._ctx, command, actor)

    def unban(self, command: Unban, actor: Actor) -> Result:
        """Lift a member's ban."""
        return moderation.unban(self._ctx, command, actor)

    def purge(self, command: Purge, actor: Actor) -> Result:
        """Delete a member's last messages."""
        return moderation.purge(self._ctx, command, actor)

    def record_native(self, native: NativeAction) -> Result:
        """Record a moderator's action done with the platform's own tools."""
        return moderation.record_native(self._ctx, native)

    def infractions(
        self, community: str, user_id: str, actor: Actor, platform: str | None = None
    ) -> Result:
        """A member's history (`data` is a `moderation.History`)."""
        return moderation.infractions(self._ctx, community, user_id, actor, platform)

    # --- cases ---------------------------------------------------------------------------------

    def report(
        self, actor: Actor, community: str, channel: str, message_id: str, reason: str
    ) -> Result:
        """A member reports a message."""
        return review.report(self._ctx, actor, community, channel, message_id, reason)

    def appeal(
        self,
        actor: Actor,
        author_id: str,
        text: str,
        community: str | None = None,
        case_id: int | None = None,
        decision_id: int | None = None,
    ) -> Result:
        """A member contests a decision (their latest sanction by default)."""
        return review.appeal(self._ctx, actor, author_id, text, community, case_id, decision_id)

    def review(
        self, case_id: int, verdict: Verdict | str, actor: Actor, note: str | None = None
    ) -> Result:
        """Confirm, overturn or escalate a case."""
        return review.review(self._ctx, case_id, verdict, actor, note)

    def take(self, case_id: int, actor: Actor) -> Result:
        """Take a case."""
        return review.take(self._ctx, case_id, actor)

    def take_proposed(self, case_id: int, actor: Actor, reason: str = "") -> Result:
        """Apply the sanction the case's rule proposes, then confirm the case."""
        return review.take_proposed(self._ctx, case_id, actor, reason)

    def proposed(self, case: Case) -> Sanction | None:
        """What `take_proposed` would do (the console shows it on the button)."""
        return review.proposed_sanction(self._ctx, case)

    def add_note(self, case_id: int, text: str, actor: Actor) -> Result:
        """A moderator's note on a case."""
        from bot.desk.roles import require

        require(actor, self._ctx.staff, Role.MODERATOR)
        with review.refused(case_id):
            self._ctx.cases.add_note(case_id, actor.id, text, self._ctx.clock.now())
        return Result("done_note", {"case": case_id}, case_id)

    def queue_card(self, community: str, case_id: int) -> None:
        """Queue a case's card for the moderators' channel (a case opened elsewhere)."""
        self._ctx.enqueue([review.card_request(self._ctx, self.platform, community, case_id)])

    # --- lookups for the front ends ------------------------------------------------------------

    def case(self, case_id: int) -> Case:
        """A case (Refusal `unknown_case` if none)."""
        with review.refused(case_id):
            return self._ctx.cases.case(case_id)

    def case_file(self, case_id: int) -> CaseFile:
        """A case with its message, decision and notes."""
        with review.refused(case_id):
            return self._ctx.cases.get(case_id)

    def card(self, case_id: int, lang: str) -> CaseCard:
        """What a moderator sees of a case in a chat card."""
        case_file = self.case_file(case_id)
        case = case_file.case
        strikes = self._ctx.strikes.live_strikes(
            case.community, case.author_id or "", self._ctx.clock.now()
        )
        return build_card(case_file, strikes, lang, self._ctx.timezone)

    def escalation_case(self, request: ActionRequest) -> int | None:
        """The case behind an escalate or review_card request."""
        if request.params.get("case") is not None:
            return int(request.params["case"])
        if request.message_id is None:
            return None
        return self._ctx.members.escalation_case(
            request.platform, request.community, request.message_id, request.rule
        )

    def open_escalations(self, request: ActionRequest) -> list[int]:
        """The open escalation cases of the request's message and rule."""
        cases = self._ctx.cases.list_open(
            community=request.community,
            platform=request.platform,
            kind="escalation",
            rule=request.rule,
        )
        return [c.id for c in cases if c.message_id == request.message_id]

    def decision_for(self, community: str, message_id: str) -> int | None:
        """The number of the latest decision on a message (what its author appeals)."""
        return self._ctx.members.decision_for(self.platform, community, message_id)

    def message_text(
        self, community: str, message_id: str, platform: str | None = None
    ) -> str | None:
        """The recorded text of a message, if kept."""
        found = self._ctx.members.message(platform or self.platform, community, message_id)
        return None if found is None else found.get("text")

    def member_file(self, platform: str, community: str, user_id: str) -> MemberFile:
        """Everything kept about one member (the console's member page)."""
        return self._ctx.members.member_file(platform, community, user_id)

    def queue_lines(self, cases: list[Case]) -> dict[int, QueueLine]:
        """The queue's excerpt, author, scores and what was already done, per case."""
        return self._ctx.members.queue_lines(cases)

    def list_cases(self, **filters: Any) -> list[Case]:
        """The review queue with its filters (community, rule, channel, platform, kind, status,
        author_id)."""
        return self._ctx.cases.list_open(**filters)

    def search_members(self, text: str) -> list[dict[str, Any]]:
        """Members by name or id."""
        return self._ctx.members.search(text)

    # --- the mod-log of automated decisions ----------------------------------------------------

    def log_decision(self, decision: Decision) -> None:
        """One mod-log line for an enforced decision that did something to a member."""
        request = automated_line(self._ctx, decision)
        if request is not None:
            self._ctx.enqueue([request])

    def message_deleted(self, community: str, message_id: str) -> bool:
        """A message was deleted on the platform: a flagged one Vigie did not delete itself gets a
        mod-log line. Returns whether it did."""
        request = deleted_line(self._ctx, self.platform, community, message_id)
        if request is not None:
            self._ctx.enqueue([request])
        return request is not None

    # --- crisis (thin: issue 15 owns what is behind) -------------------------------------------

    def has_plan(self) -> bool:
        """Whether a contingency plan is loaded."""
        return crisis.has_plan(self._ctx)

    def crisis_communities(self) -> set[str]:
        """The communities the crisis monitor follows."""
        return crisis.communities(self._ctx)

    def crisis_contacts(self, platform: str) -> list[str]:
        """The crisis cell's contacts on `platform` ("user:ID", "role:ID")."""
        return crisis.contacts(self._ctx, platform)

    def crisis_status(self, community: str, actor: Actor) -> dict[str, Any]:
        """Where a community stands (details for the staff only)."""
        return crisis.status(self._ctx, community, actor)

    def declare_level(self, community: str, level: int, actor: Actor, reason: str = "") -> Result:
        """Declare a crisis level."""
        return crisis.declare(self._ctx, community, level, actor, reason)

    def ack(self, case_id: str, actor: Actor) -> Result:
        """Acknowledge a crisis escalation."""
        return crisis.ack(self._ctx, case_id, actor)

    def approve_statement(self, statement_id: str, actor: Actor, confirmed: bool = True) -> Result:
        """Approve a holding statement (unconfirmed: the text to confirm first)."""
        return crisis.approve(self._ctx, statement_id, actor, confirmed)
