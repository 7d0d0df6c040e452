"""The charter what-if: the same recorded messages through the charter in force and another one,
message by message; invalid YAML reported with its line and column."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from bot.charter.loader import load_charter, parse_charter
from bot.core.clock import ManualClock
from bot.review.web.app import create_app
from bot.review.web.whatif_jobs import WhatIfJobs
from bot.review.web.whatif_replay import (
    PROGRESS_EVERY,
    Cancelled,
    Recorded,
    Watch,
    WhatIf,
    compare,
    recorded_messages,
    window,
)
from bot.store.audit import AuditLog
from bot.store.database import Database
from tests.review.conftest import Console, add_accounts, cheap_passwords, settings_for
from tests.review.demo import CHARTER

TEXT = CHARTER.read_text(encoding="utf-8")


def _without_personal_data_rule() -> str:
    """The charter with its personal-data rule switched off (an edited copy a manager might try).

    (Not the shouting rule any more: on the sample day every message in capitals is a complaint,
    which the charter's protected speech keeps from a warning whatever that rule says.)"""
    assert "id: donnees-personnelles" in TEXT
    return TEXT.replace(
        "id: donnees-personnelles", "id: donnees-personnelles\n    enabled: false", 1
    )


def test_compare_lists_the_messages_whose_decision_changes(console: Console) -> None:
    start, end = window(console.db, 7)  # type: ignore[misc]
    messages, skipped, truncated = recorded_messages(console.db, start, end, 10_000)
    assert (skipped, truncated) == (0, False) and len(messages) > 200
    current = load_charter(CHARTER)
    done = compare(messages, current, parse_charter(_without_personal_data_rule()))
    changes = done.changes
    assert done.replayed == len(messages) and done.changed == len(changes)
    assert changes and all(c.kind == "dropped" for c in changes)
    assert all("donnees-personnelles" in c.before.rules for c in changes)
    assert all("donnees-personnelles" not in c.after.rules for c in changes)
    same = compare(messages, current, current)
    assert (same.replayed, same.changes) == (len(messages), [])  # the same charter changes nothing


def _post_edited_copy(console: Console) -> Any:
    """Ask the what-if page to replay 3 days through the charter without its personal-data rule."""
    token = console.csrf("/whatif")
    return console.client.post(
        "/whatif",
        data={
            "charter": "edited",
            "yaml": _without_personal_data_rule(),
            "days": "3",
            "csrf_token": token,
        },
        headers={"HX-Request": "true"},
    )


def test_the_page_replays_an_edited_copy(console: Console) -> None:
    console.login("claire")
    response = _post_edited_copy(console)
    assert response.status_code == 200
    assert response.text.startswith('<section id="whatif-result"')
    assert "plus d&#39;action" in response.text and "donnees-personnelles" in response.text
    entry = AuditLog(console.db).entries(action="console.whatif")[0]
    assert entry.actor == "claire" and entry.detail["changes"] > 0


def test_another_charter_of_the_project_can_be_picked(console: Console) -> None:
    console.login("claire")
    page = console.client.get("/whatif").text
    assert "en/opalia.yaml" in page and "samples" not in page
    token = console.csrf("/whatif")
    response = console.client.post(
        "/whatif", data={"charter": "en/opalia.yaml", "days": "7", "csrf_token": token}
    )
    assert response.status_code == 200 and "changeraient" in response.text


def test_a_path_outside_the_list_is_refused(console: Console) -> None:
    console.login("claire")
    token = console.csrf("/whatif")
    response = console.client.post(
        "/whatif", data={"charter": "../../etc/passwd", "days": "7", "csrf_token": token}
    )
    assert response.status_code == 400


def test_invalid_yaml_is_reported_with_positions(console: Console) -> None:
    console.login("claire")
    token = console.csrf("/whatif")
    broken = TEXT.replace("severity: 3", "severity: 9", 1)
    response = console.client.post(
        "/whatif", data={"charter": "edited", "yaml": broken, "days": "7", "csrf_token": token}
    )
    assert response.status_code == 422
    assert "edited charter:" in response.text and "severity" in response.text


def test_moderators_do_not_get_the_what_if(console: Console) -> None:
    assert console.login("julien").get("/whatif").status_code == 403
    assert Path(CHARTER).exists()


def _background_console(db: Database, clock: ManualClock) -> Iterator[Console]:
    """The console with a what-if that runs in the background from 10 messages on."""
    add_accounts(db, clock)
    app = create_app(db, clock, settings_for(whatif_inline_max=10), cheap_passwords())
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield Console(client, clock, db)


@pytest.fixture
def background(db: Database, clock: ManualClock) -> Iterator[Console]:
    yield from _background_console(db, clock)


def _jobs(console: Console) -> WhatIfJobs:
    return console.client.app.state.console.whatif_jobs  # type: ignore[attr-defined,no-any-return]


def test_a_large_window_replays_in_the_background_with_a_progress_bar(
    background: Console,
) -> None:
    background.login("claire")
    response = _post_edited_copy(background)
    assert response.status_code == 200 and "<progress" in response.text
    job_id = re.search(r"/whatif/jobs/([\w-]+)/cancel", response.text).group(1)  # type: ignore[union-attr]
    job = _jobs(background).get(job_id, "claire")
    assert job.finished.wait(60) and job.failure is None
    done = background.client.get(f"/whatif/jobs/{job_id}", headers={"HX-Request": "true"})
    assert "plus d&#39;action" in done.text and "donnees-personnelles" in done.text
    assert job.percent == 100 and job.replayed == job.total
    entry = AuditLog(background.db).entries(action="console.whatif")[0]
    assert entry.detail["changes"] > 0 and entry.detail["replayed"] == job.total
    # Another user cannot look at it.
    background.login("ada")
    assert background.client.get(f"/whatif/jobs/{job_id}").status_code == 404


def test_a_background_what_if_can_be_cancelled(background: Console) -> None:
    background.login("claire")
    release = threading.Event()

    def work(watch: Watch, on_total: Callable[[int], None]) -> WhatIf:
        on_total(5000)
        watch.progress(3)
        release.wait(60)  # the test cancels while the replay is under way
        if watch.cancelled():
            raise Cancelled(3)
        raise AssertionError("the cancel did not reach the replay")

    job = _jobs(background).start("claire", work, lambda job: None)
    token = background.csrf("/whatif")
    running = background.client.get(f"/whatif/jobs/{job.id}")
    assert 'value="0"' in running.text and "3 messages rejoués sur 5000" in running.text
    response = background.client.post(f"/whatif/jobs/{job.id}/cancel", data={"csrf_token": token})
    assert response.status_code == 200
    release.set()
    assert job.finished.wait(60) and job.cancelled and job.result is None
    page = background.client.get(f"/whatif/jobs/{job.id}").text
    assert "Simulation annulée après 3 messages" in page


@pytest.mark.parametrize(
    ("seconds", "replayed", "shown"),
    [
        (60, 1000, "Encore 4 minutes environ"),  # 4000 left at 1000 a minute
        (30, 1000, "Encore 2 minutes environ"),
        (61, 1000, "Encore 5 minutes environ"),  # rounded up: never promise too soon
        (10, 4000, "Encore moins d’une minute"),
        (0, 0, None),  # no progress yet: no estimate
    ],
    ids=["four-minutes", "two-minutes", "rounded-up", "under-a-minute", "not-yet"],
)
def test_the_progress_bar_says_how_long_is_left_at_the_pace_so_far(
    background: Console, seconds: int, replayed: int, shown: str | None
) -> None:
    background.login("claire")
    reported, release = threading.Event(), threading.Event()

    def work(watch: Watch, on_total: Callable[[int], None]) -> WhatIf:
        on_total(5000)  # the replay starts now, by the console's clock
        background.clock.advance(timedelta(seconds=seconds))
        if replayed:
            watch.progress(replayed)
        reported.set()
        release.wait(60)  # the page is read while the replay is under way
        raise Cancelled(replayed)

    job = _jobs(background).start("claire", work, lambda job: None)
    try:
        assert reported.wait(60)
        page = background.client.get(f"/whatif/jobs/{job.id}").text
    finally:
        release.set()
    assert f"{replayed} messages rejoués sur 5000" in page
    if shown is None:
        assert "Encore" not in page and job.left is None
    else:
        assert shown in page
    assert job.finished.wait(60)


@pytest.mark.parametrize("cancelled", [False, True], ids=["runs-to-the-end", "cancelled"])
def test_compare_reports_progress_and_stops_when_cancelled(
    console: Console, cancelled: bool
) -> None:
    start, end = window(console.db, 7)  # type: ignore[misc]
    messages, _, _ = recorded_messages(console.db, start, end, 10_000)
    many = messages * (1 + PROGRESS_EVERY // len(messages))  # past one progress report
    seen: list[int] = []
    watch = Watch(progress=seen.append, cancelled=lambda: cancelled)
    current = load_charter(CHARTER)
    if not cancelled:
        done = compare(many, current, current, watch=watch)
        assert done.replayed == len(many) and seen == [PROGRESS_EVERY, len(many)]
        return
    with pytest.raises(Cancelled) as stopped:
        compare(many, current, current, watch=watch)
    assert stopped.value.replayed == PROGRESS_EVERY and seen == []


def test_recorded_messages_are_read_page_by_page(console: Console) -> None:
    start, end = window(console.db, 7)  # type: ignore[misc]
    everything, _, _ = recorded_messages(console.db, start, end, 10_000)
    paged = list(Recorded(console.db, start, end, 10_000, page=7))
    assert [m.id for m in paged] == [m.id for m in everything]
    limited = Recorded(console.db, start, end, 20, page=7)
    assert [m.id for m in limited] == [m.id for m in everything[:20]]
    assert limited.count() == len(everything)
