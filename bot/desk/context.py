"""What the desk's commands work with, built once by the composition root: the charter, the
database's repositories, the clock, the platform it serves, the staff roles, the crisis runner
and the console's address for links in the mod-log. Results are the desk's typed answers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.charter.schema import Charter
from bot.core.clock import Clock
from bot.core.decision import ActionRequest
from bot.crisis.wiring import CrisisRunner
from bot.desk.roles import Staff
from bot.i18n.catalog import messages
from bot.moderation.engine import ModerationEngine
from bot.store.cases import CaseRepository
from bot.store.database import Database
from bot.store.members import MemberQueries
from bot.store.outbox import SqlOutbox
from bot.store.sanctions import SanctionRepository
from bot.store.strikes import SqlStrikeLedger


class CrisisCommands(Protocol):
    """The crisis cell's commands as the live service runs them (issue 15: a command inbox and
    leases behind them); the desk checks who asks and turns their errors into refusals."""

    def crisis_status(self, community: str) -> dict[str, Any]: ...

    def declare_level(
        self, community: str, level: int, by: str, identities: Iterable[str], reason: str = ""
    ) -> Any: ...

    def ack(self, case_id: str, by: str, identities: Iterable[str]) -> Any: ...

    def approve_statement(
        self, statement_id: str, by: str, identities: Iterable[str], confirmed: bool = True
    ) -> Any: ...


@dataclass
class DeskContext:
    """The desk's collaborators; see the module docstring."""

    charter: Charter
    db: Database
    clock: Clock
    platform: str
    staff: Staff
    engine: ModerationEngine | None = None
    crisis: CrisisRunner | None = None
    console_url: str = ""
    crisis_commands: CrisisCommands | None = None
    cases: CaseRepository = field(init=False)
    outbox: SqlOutbox = field(init=False)
    sanctions: SanctionRepository = field(init=False)
    members: MemberQueries = field(init=False)
    strikes: SqlStrikeLedger = field(init=False)

    def __post_init__(self) -> None:
        self.cases = CaseRepository(self.db)
        self.outbox = SqlOutbox(self.db)
        self.sanctions = SanctionRepository(self.db)
        self.members = MemberQueries(self.db)
        self.strikes = SqlStrikeLedger(self.db)

    @property
    def lang(self) -> str:
        """The community's language: the charter's first."""
        return self.charter.meta.languages[0]

    @property
    def timezone(self) -> str:
        """The community's timezone, for every date and time its people read."""
        return self.charter.meta.working_hours.timezone

    def enqueue(self, actions: list[ActionRequest]) -> None:
        """Queue actions in the outbox, now."""
        if actions:
            self.outbox.enqueue(actions, self.clock.now())

    def link(self, case_id: int) -> str:
        """ " <console URL of the case>", or nothing without a console address."""
        return f" {self.console_url.rstrip('/')}/cases/{case_id}" if self.console_url else ""


@dataclass(frozen=True, slots=True)
class Result:
    """What the desk did: a text key with its values (rendered in the reader's language), the
    case it opened or decided, and anything a front end may show beyond the text."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)
    case_id: int | None = None
    data: Any = None
    counts: dict[str, tuple[str, int]] = field(default_factory=dict)  # value → (plural key, n)
    count: int | None = None  # the text itself is plural and agrees with this number

    def text(self, lang: str) -> str:
        """The confirmation in `lang` (counted values in the form that agrees with them)."""
        catalog = messages()
        counted = {
            name: catalog.plural(lang, f"desk.{key}", n) for name, (key, n) in self.counts.items()
        }
        values = {**self.values, **counted}
        if self.count is not None:
            return catalog.plural(lang, f"desk.{self.code}", self.count, **values)
        return catalog.text(lang, f"desk.{self.code}", **values)
