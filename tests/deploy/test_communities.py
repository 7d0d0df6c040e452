"""The registry of one process's communities without a platform: the scheduled retention purge
runs from the service's clock (injected here) and is audit-logged; a reload with a broken file
keeps the running charters."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from bot.core.clock import ManualClock
from bot.core.message import Author, Message
from bot.deploy.communities import Communities, LiveModChannels, file_loader, from_deployment
from bot.deploy.config import load_deployment
from bot.deploy.health import Health
from bot.deploy.metrics import Metrics
from bot.deploy.runtime import run_with_operations
from bot.store.audit import AuditLog
from bot.store.database import Database

ROOT = Path(__file__).resolve().parents[2]
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def write(path: Path, retention_every: str = "6h", charter: Path = CHARTER) -> Path:
    path.write_text(
        f"retention: {{every: {retention_every}}}\n"
        "communities:\n"
        f"  - {{name: A, platform: discord, guild: 1, charter: {charter}}}\n"
        f"  - {{name: B, platform: discord, guild: 2, charter: {charter}}}\n",
        encoding="utf-8",
    )
    return path


def registry(db: Database, path: Path, clock: ManualClock) -> Communities:
    return from_deployment(load_deployment(path), "discord", db, clock, Metrics(db), (None, "t"))


def message(community: str, text: str, at: datetime) -> Message:
    return Message(
        id=f"{community}-{text}",
        ts=at,
        author=Author(id="u1", name="u1"),
        text=text,
        community=community,
        platform="discord",
    )


def purges(db: Database) -> list[dict[str, object]]:
    return [e.detail for e in reversed(AuditLog(db).entries(action="retention.purge"))]


def test_the_service_purges_on_its_schedule_and_logs_each_purge(
    db: Database, tmp_path: Path
) -> None:
    clock = ManualClock(START)
    communities = registry(db, write(tmp_path / "vigie.yaml"), clock)
    communities.handle(message("1", "bonjour", START))

    clock.advance(timedelta(hours=5))
    communities.tick()
    assert purges(db) == []  # not yet: every 6h

    clock.advance(timedelta(hours=1))
    communities.tick()
    communities.tick()  # at most once per period
    assert [p["communities"] for p in purges(db)] == [["1"], ["2"]]
    assert all(e.actor == "retention.schedule" for e in AuditLog(db).entries())

    clock.advance(timedelta(days=40))  # past the charter's 30 days for message text
    communities.tick()
    assert purges(db)[-2]["texts_erased"] == 1 and purges(db)[-1]["texts_erased"] == 0


def test_a_reload_with_a_broken_file_keeps_the_running_charters(
    db: Database, tmp_path: Path
) -> None:
    path = write(tmp_path / "vigie.yaml")
    communities = registry(db, path, ManualClock(START))
    running = communities.services["1"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(CHARTER.read_text(encoding="utf-8").replace("severity: 2", "severity: 9", 1))
    write(path, charter=broken)

    problems = communities.reload(file_loader(path))

    assert problems and all(p.startswith(f"{broken}:") for p in problems)
    assert communities.services["1"] is running
    assert communities.handle(message("1", "t'es qu'un c0nn4rd", START)).actions


def test_a_reload_with_a_good_file_swaps_the_services(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "vigie.yaml")
    communities = registry(db, path, ManualClock(START))
    path.write_text(
        f"communities:\n  - {{name: A, platform: discord, guild: 1, charter: {CHARTER}}}\n",
        encoding="utf-8",
    )
    assert communities.reload(file_loader(path)) == []
    assert set(communities.services) == {"1"}
    assert communities.handle(message("2", "hello", START)) is None  # no longer served


async def test_sighup_reloads_and_a_broken_file_keeps_the_running_charters(
    db: Database, tmp_path: Path
) -> None:
    path = write(tmp_path / "vigie.yaml")
    communities = registry(db, path, ManualClock(START))
    running = communities.services["1"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(CHARTER.read_text(encoding="utf-8").replace("severity: 2", "severity: 9", 1))
    write(path, charter=broken)
    answers: list[list[str]] = []
    done = asyncio.Event()

    def reload(load: Callable[[], Any]) -> list[str]:
        answers.append(Communities.reload(communities, load))
        done.set()
        return answers[-1]

    communities.reload = reload  # type: ignore[method-assign]  # to await the signal's effect

    async def bot() -> int:
        os.kill(os.getpid(), signal.SIGHUP)
        await done.wait()
        return 0

    assert await run_with_operations(bot(), communities, lambda: True, ("127.0.0.1", 0), path) == 0
    assert answers[0] and answers[0][0].startswith(f"{broken}:")
    assert communities.services["1"] is running


def test_healthz_says_unhealthy_when_the_gateway_is_down(db: Database) -> None:
    metrics = Metrics(db)
    assert Health(db, metrics, lambda: True).report()[0] is True
    healthy, details = Health(db, metrics, lambda: False).report()
    assert healthy is False and details["gateway"] == "disconnected"


def test_the_moderators_channels_follow_a_reload(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "vigie.yaml"
    path.write_text(
        f"communities:\n  - {{name: A, platform: discord, guild: 1, charter: {CHARTER}, moderators: mods}}\n",
        encoding="utf-8",
    )
    communities = registry(db, path, ManualClock(START))
    live = LiveModChannels(communities)
    assert dict(live) == {"1": "mods"}
    path.write_text(
        f"communities:\n  - {{name: A, platform: discord, guild: 1, charter: {CHARTER}, moderators: equipe}}\n",
        encoding="utf-8",
    )
    assert communities.reload(file_loader(path)) == []
    assert dict(live) == {"1": "equipe"}


def test_healthz_counts_the_decisions_waiting_for_the_database(
    db: Database, tmp_path: Path
) -> None:
    communities = registry(db, write(tmp_path / "vigie.yaml"), ManualClock(START))

    def unreachable(batch: object) -> None:
        raise OperationalError("INSERT ...", {}, ConnectionError("refused"))

    communities.services["1"].pipeline.sink = unreachable  # the database stops answering
    communities.handle(message("1", "hello", START))
    health = Health(db, Metrics(db), lambda: True, communities.recording)
    assert health.report()[1]["decisions"] == {"waiting": 1, "dropped": 0}
