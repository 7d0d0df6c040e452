"""The crisis cell as Vigie plays it: each member of the plan (holder or backup of a role) answers a
call or an approval request after a delay the scenario sets, or never (a key contact who does not
answer, from the start or from a `silence` inject). The trainee's own role is never played: the
trainee answers for it. Pure scheduling: the runner applies the answers at their time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.crisis.schema import Playbook
from bot.drills.schema import Answer, CellRole, Scenario

DEFAULT = Answer()


@dataclass(frozen=True, slots=True)
class Pending:
    """An answer the cell will give at `at`: acknowledge a case, approve a draft, confirm a call."""

    at: datetime
    kind: str  # "ack" | "approve" | "confirm"
    role: str
    who: str
    target: str | None  # the case id or the draft id


class Cell:
    """Who answers, when, for one scenario and its plan."""

    def __init__(self, scenario: Scenario, playbook: Playbook) -> None:
        self.scenario = scenario
        self.playbook = playbook
        self.trainee_role = scenario.meta.trainee_role
        self._silent_from: dict[tuple[str, str], datetime] = {}

    def person(self, role: str, who: str) -> str:
        """The name of the holder or the backup of `role`."""
        plan_role = self.playbook.role(role)
        contact = plan_role.backup if who == "backup" and plan_role.backup else plan_role.holder
        return contact.name

    def silence(self, role: str, who: str, at: datetime) -> None:
        """From `at`, this person answers nothing."""
        self._silent_from[(role, who)] = at

    def played(self, role: str, who: str) -> bool:
        """Whether Vigie answers for this person (never for the trainee)."""
        return not (role == self.trainee_role and who == "holder")

    def answer(
        self, kind: str, role: str, who: str, target: str | None, at: datetime
    ) -> Pending | None:
        """When this person will answer a request made at `at`, or None if they never will."""
        if not self.played(role, who):
            return None
        setting = self._setting(role, who)
        if setting.silent:
            return None
        return Pending(at + setting.after, kind, role, who, target)

    def still_answers(self, pending: Pending) -> bool:
        """False if the person went silent before the answer was due."""
        since = self._silent_from.get((pending.role, pending.who))
        return since is None or pending.at < since

    def _setting(self, role: str, who: str) -> Answer:
        configured: CellRole | None = self.scenario.cell.get(role)
        if configured is None:
            return DEFAULT
        return configured.backup if who == "backup" else configured.holder
