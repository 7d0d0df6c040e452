"""`vigie crisis approve` and `declare` from the command line: the same commands as the console's,
so the publication and the notifications are queued, and only the plan's approver publishes,
after confirming."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.crisis.cli import register
from bot.crisis.monitor import CrisisMonitor
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.database import open_database
from bot.store.tables import ACTIONS
from tests.unit.crisis.helpers import PLAYBOOK, T0, calm, complaints, feed, playbook

SURGE = T0 + timedelta(minutes=60)
LATER = (SURGE + timedelta(minutes=10)).isoformat()


def _cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return int(args.handler(args))


@pytest.fixture
def setup(tmp_path: Path) -> tuple[tuple[str, ...], str, str]:
    """A database where c1 reached level 2 and a holding statement waits; the common options,
    the database URL and the statement id."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAYBOOK, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'vigie.db'}"
    monitor = CrisisMonitor(playbook(), SqlCrisisStore(open_database(url)))
    events = feed(monitor, [*calm(T0, 60), *complaints(SURGE, 7)])
    monitor.checkpoint()
    statement = next(e for e in events if e.type == "crisis.statement.proposed")
    return ("--playbook", str(plan), "--db", url), url, statement.data["statement"]


def _queued(url: str, kind: str) -> list[str]:
    with open_database(url).read() as connection:
        query = select(ACTIONS.c.key).where(ACTIONS.c.kind == kind)
        return [row.key for row in connection.execute(query)]


@pytest.mark.parametrize(
    ("by", "yes", "code", "said"),
    [
        pytest.param(
            "claire", True, 1, "seuls les rôles du plan qui approuvent", id="community-manager"
        ),
        pytest.param(
            "nobody", True, 1, "seuls les rôles du plan qui approuvent", id="not-in-the-plan"
        ),
        pytest.param(
            "helene", False, 1, "relancez la commande avec --yes", id="approver-not-confirmed"
        ),
    ],
)
def test_approving_from_the_cli_is_for_the_approver_once_confirmed(
    setup: tuple[tuple[str, ...], str, str],
    capsys: pytest.CaptureFixture[str],
    by: str,
    yes: bool,
    code: int,
    said: str,
) -> None:
    common, url, statement = setup
    flags = ("--yes",) if yes else ()
    assert _cli("crisis", "approve", statement, "--by", by, *flags, *common, "--at", LATER) == code
    assert said in capsys.readouterr().err
    assert _queued(url, "post_statement") == []


def test_an_approval_from_the_cli_queues_the_publication_and_starts_the_cadence(
    setup: tuple[tuple[str, ...], str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: `vigie crisis approve` marked the statement posted and queued nothing."""
    common, url, statement = setup
    assert (
        _cli("crisis", "approve", statement, "--by", "helene", "--yes", *common, "--at", LATER) == 0
    )
    assert "crisis.statement.posted" in capsys.readouterr().out
    assert _queued(url, "post_statement") == [f"crisis:{statement}:post_statement"]
    store = SqlCrisisStore(open_database(url))
    incident = store.incident(store.statement(statement).incident)
    assert incident.first_statement_at is not None and incident.next_update_due is not None


def test_a_declaration_from_the_cli_queues_its_actions(
    setup: tuple[tuple[str, ...], str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: `vigie crisis declare` planned its actions and queued none (level 3 of the test
    plan posts its statement at once)."""
    common, url, _ = setup
    before = len(_queued(url, "post_statement"))
    declare = ("crisis", "declare", "c1", "3", "--by", "claire", "--reason", "presse")
    assert _cli(*declare, *common, "--at", LATER) == 0
    assert '"level": 3' in capsys.readouterr().out
    assert len(_queued(url, "post_statement")) == before + 1
    assert _cli("crisis", "declare", "nope", "2", "--by", "claire", *common) == 2
