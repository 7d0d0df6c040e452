"""The desk under test without any platform: a real `CommunityService` (the French example
charter, no models) on a migrated SQLite file, a pinned clock, the in-memory front end, and the
outbox read back to see what would reach the platform."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.clock import ManualClock
from bot.core.message import Author, Message
from bot.desk import Actor, Standing
from bot.desk.memory import MemoryFrontEnd
from bot.service import CommunityService, build_service
from bot.store.database import Database, open_database
from bot.store.tables import ACTIONS

ROOT = Path(__file__).resolve().parents[2]
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"
PLAYBOOK = ROOT / "playbooks" / "fr" / "opalia.yaml"
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
COMMUNITY = "g1"

MODERATOR = Actor("memory:mod1", frozenset({"moderateur"}), "fr")
MODERATOR_EN = Actor("memory:mod2", frozenset({"moderator"}), "en")
MANAGER = Actor("memory:cm", frozenset({"community_manager"}), "fr")
MEMBER = Actor("memory:u1", frozenset(), "fr")
MEMBER_EN = Actor("memory:u1", frozenset(), "en")
ROLES = {"member": MEMBER, "moderator": MODERATOR, "manager": MANAGER}
# The platform roles of some members of the community (as Discord's member roles or Telegram's
# chat-member status would give them): another moderator, a community manager, the owner, the bot.
STANDINGS = {
    "mod9": Standing(frozenset({"role:55", "moderateur"})),
    "cm9": Standing(frozenset({"community_manager"})),
    "owner": Standing(owner=True),
    "vigie": Standing(bot=True),
    "u1": Standing(frozenset({"role:1", "abonnes"})),
}


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied by each test."""
    path = tmp_path_factory.mktemp("desk") / "vigie.db"
    open_database(f"sqlite:///{path}").dispose()
    return path


@dataclass
class World:
    """The service, its desk's front end, the clock and the database."""

    service: CommunityService
    front: MemoryFrontEnd
    clock: ManualClock
    db: Database

    def say(self, actor: Actor, line: str) -> str:
        """One command through the in-memory front end."""
        return self.front.send(actor, line)

    def post(self, mid: str, text: str, author: str = "u1", name: str = "Alice") -> None:
        """A member's message, decided and recorded."""
        self.service.handle(
            Message(
                id=mid,
                ts=self.clock.now(),
                author=Author(id=author, name=name),
                text=text,
                platform="memory",
                community=COMMUNITY,
                channel="general",
            )
        )

    def actions(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The outbox rows (optionally of one kind), oldest first."""
        query = select(ACTIONS).order_by(ACTIONS.c.id)
        if kind is not None:
            query = query.where(ACTIONS.c.kind == kind)
        with self.db.read() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def later(self, delta: timedelta) -> None:
        """Let time pass."""
        self.clock.advance(delta)


def _world(tmp_path: Path, migrated: Path, playbook: Path | None) -> World:
    path = tmp_path / "vigie.db"
    shutil.copy(migrated, path)
    db = open_database(f"sqlite:///{path}")
    clock = ManualClock(T0)
    service, _ = build_service(
        CHARTER,
        db,
        clock,
        "memory",
        playbook,
        models_dir=tmp_path / "no-models",
        console_url="http://console.test",
    )
    world = World(service, MemoryFrontEnd(service.desk, COMMUNITY, STANDINGS), clock, db)
    world.post("m1", "Bonjour à tous, la fibre remarche chez moi", author="u1")
    world.post("m2", "Encore une coupure ce matin", author="u1")
    world.post("m3", "Salut", author="u2", name="Bob")
    return world


@pytest.fixture
def world(tmp_path: Path, migrated: Path) -> Iterator[World]:
    """The community without a contingency plan."""
    found = _world(tmp_path, migrated, None)
    yield found
    found.db.dispose()


@pytest.fixture
def crisis_world(tmp_path: Path, migrated: Path) -> Iterator[World]:
    """The community with the sample contingency plan."""
    found = _world(tmp_path, migrated, PLAYBOOK)
    yield found
    found.service.checkpoint()
    found.db.dispose()
