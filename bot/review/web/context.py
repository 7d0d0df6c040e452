"""What every page handler works with, built once by the application factory and kept on the
application (never in a module global): the database, the clock, the settings, the repositories,
the charter and plan in force, and the desk that records verdicts and sanctions."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot.core.clock import Clock
from bot.review.web.auth import Passwords
from bot.review.web.settings import ConsoleSettings
from bot.store.cases import CaseRepository
from bot.store.database import Database
from bot.store.web_repo import ConsoleAccounts

if TYPE_CHECKING:
    from bot.charter.schema import Charter
    from bot.crisis.schema import Playbook
    from bot.desk import Desk
    from bot.review.web.whatif_jobs import WhatIfJobs


class NotConfigured(LookupError):
    """The page needs a charter or a contingency plan that the console was not given."""


@dataclass
class Console:
    """The console's collaborators; see the module docstring."""

    db: Database
    clock: Clock
    settings: ConsoleSettings
    passwords: Passwords = field(default_factory=Passwords)
    templates: Any = None  # the Jinja2 environment, set by the application factory

    @cached_property
    def accounts(self) -> ConsoleAccounts:
        """Accounts, sessions and login attempts."""
        return ConsoleAccounts(self.db)

    @cached_property
    def cases(self) -> CaseRepository:
        """The review queue."""
        return CaseRepository(self.db)

    @cached_property
    def charter(self) -> Charter:
        """The charter in force (NotConfigured without one)."""
        if self.settings.charter_path is None:
            raise NotConfigured("no charter: start the console with --charter")
        from bot.charter.loader import load_charter

        return load_charter(self.settings.charter_path)

    @cached_property
    def playbook(self) -> Playbook:
        """The contingency plan (NotConfigured without one)."""
        if self.settings.playbook_path is None:
            raise NotConfigured("no contingency plan: start the console with --playbook")
        from bot.crisis.loader import load_playbook

        return load_playbook(self.settings.playbook_path)

    def playbook_or_none(self) -> Playbook | None:
        """The contingency plan if the console has one (reports read without it)."""
        try:
            return self.playbook
        except NotConfigured:
            return None

    @cached_property
    def scorer(self) -> Any:
        """The classifiers, or None in degraded mode (loaded once, on first use)."""
        from bot.app import load_scorer

        return load_scorer(self.settings.models_dir)[0]

    @cached_property
    def whatif_jobs(self) -> WhatIfJobs:
        """The what-ifs running or finished in the background."""
        from bot.review.web.whatif_jobs import WhatIfJobs

        return WhatIfJobs(self.clock)

    @cached_property
    def desk(self) -> Desk:
        """The desk the console's verdicts and sanctions go through (the same as the chat
        front ends'); its actions reach each case's own platform through the outbox."""
        from bot.desk import Desk, DeskContext, Staff

        # The console checks its own accounts (console roles): the platform staff roles are unused.
        context = DeskContext(
            self.charter,
            self.db,
            self.clock,
            "console",
            Staff(frozenset()),
            None,
            None,
            self.settings.public_url,
        )
        return Desk(context)
