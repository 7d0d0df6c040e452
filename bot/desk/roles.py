"""Who may do what, decided in one place: a person's role comes from the charter and the plan (the
platform roles and ids named as moderators, community managers or crisis cell) or, in the web
console, from their account; each command names the role it needs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from bot.charter.schema import Charter
from bot.desk.refusals import Refusal


class Role(IntEnum):
    """What a person may do, each role including the ones below it."""

    MEMBER = 0  # report, appeal, read the rules and their own history
    MODERATOR = 1  # every moderation command, verdicts, crisis status and acknowledgements
    MANAGER = 2  # speaks for the brand: declares a crisis level, approves a statement


# Console account roles (bot.store.web_tables.Role) and what they may do here; a trainee acts on
# nothing (the console shows them cases read-only).
CONSOLE_ROLES = {
    "admin": Role.MANAGER,
    "manager": Role.MANAGER,
    "moderator": Role.MODERATOR,
    "trainee": Role.MEMBER,
}


@dataclass(frozen=True, slots=True)
class Staff:
    """The platform roles (names or ids) allowed to moderate, from the charter and the playbook."""

    moderators: frozenset[str]
    managers: frozenset[str] = frozenset()

    @classmethod
    def from_charter(cls, charter: Charter, extra: Iterable[str] = ()) -> Staff:
        """The charter's staff roles, plus the crisis cell's as `extra` (the playbook's role
        holders and contacts)."""
        managers = frozenset(charter.staff.community_managers) | frozenset(extra)
        return cls(frozenset(charter.staff.moderators) | managers, managers)

    def role(self, identities: Iterable[str]) -> Role:
        """The role of someone with these identities (their id, role ids and role names)."""
        found = set(identities)
        if not self.managers.isdisjoint(found):
            return Role.MANAGER
        if not self.moderators.isdisjoint(found):
            return Role.MODERATOR
        return Role.MEMBER

    def may_moderate(self, identities: Iterable[str]) -> bool:
        """Whether one of `identities` is staff."""
        return self.role(identities) >= Role.MODERATOR

    def may_manage(self, identities: Iterable[str]) -> bool:
        """Whether one of `identities` is a community manager or in the crisis cell."""
        return self.role(identities) >= Role.MANAGER


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks: the name recorded as the moderator or reporter, the identities the charter's
    roles are matched against, their language, and for a console account its role."""

    id: str
    identities: frozenset[str] = field(default_factory=frozenset)
    lang: str = "fr"
    console_role: str | None = None
    mention: str = ""  # how a front end shows them (a Discord mention); the id otherwise

    @property
    def shown(self) -> str:
        """How the mod-log names this person."""
        return self.mention or self.id


def role_of(actor: Actor, staff: Staff) -> Role:
    """The actor's role: their console account's, or the one the charter and plan give them."""
    if actor.console_role is not None:
        return CONSOLE_ROLES.get(actor.console_role, Role.MEMBER)
    return staff.role(actor.identities | {actor.id})


def require(actor: Actor, staff: Staff, needed: Role) -> Role:
    """The actor's role, or a Refusal if it is below `needed`."""
    role = role_of(actor, staff)
    if role < needed:
        raise Refusal("not_manager" if needed is Role.MANAGER else "not_staff")
    return role
