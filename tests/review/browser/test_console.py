"""The console in a real browser: login required, CSRF refusal, a moderator confirming and
overturning cases (the database and the author's notice follow), four eyes on an appeal, the
crisis room following a replayed bad buzz live, the what-if listing changed decisions, a
trainee seeing no personal data, and no accessibility violation on the main pages (axe-core).
Screenshots of the main pages are kept in tests/artifacts/."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from bot.store.cases import CaseRepository
from bot.store.tables import CaseStatus
from tests.review.browser.conftest import LiveConsole, login, shoot
from tests.review.demo import CHARTER, MID_CRISIS
from tests.review.test_cases import examples_verdicts  # noqa: F401  (same feedback reading)

AXE = Axe()


def assert_accessible(page: Any, name: str) -> None:
    """No axe-core violation on the page as it is now."""
    results = AXE.run(page)
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"


def test_every_page_requires_logging_in(page: Any, live: LiveConsole) -> None:
    for path in ("/queue", "/cases/1", "/crisis/opalia", "/reports", "/whatif", "/audit"):
        page.goto(live.url + path)
        expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.locator("h1")).to_contain_text("Vigie")
    assert_accessible(page, "login")
    shoot(page, "login")


def test_a_post_without_the_csrf_token_is_refused(page: Any, live: LiveConsole) -> None:
    login(page, live, "julien")
    status = page.evaluate(
        """() => fetch('/cases/4/take', {method: 'POST',
              headers: {'Content-Type': 'application/x-www-form-urlencoded'},
              body: 'x=1'}).then(r => r.status)"""
    )
    assert status == 403
    assert CaseRepository(live.db).get(4).case.assigned_to is None


def test_a_moderator_confirms_and_overturns(page: Any, live: LiveConsole) -> None:
    login(page, live, "julien")
    expect(page.locator("#case-1")).to_be_visible()
    assert_accessible(page, "queue")
    shoot(page, "queue")
    page.get_by_role("button", name="Prendre le cas 1", exact=True).click()  # htmx swaps the row
    expect(page.locator("#case-1")).to_contain_text("julien")
    page.get_by_role("link", name="#1", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Cas 1")
    assert_accessible(page, "case")
    shoot(page, "case")
    page.get_by_role("button", name="Confirmer").click()
    expect(page.locator(".notice").first).to_contain_text("Décision confirmée")
    assert CaseRepository(live.db).get(1).case.status == CaseStatus.CONFIRMED

    page.goto(live.url + "/cases/2")
    page.get_by_label("Note jointe à la décision").fill("le lien est légitime")
    page.get_by_role("button", name="Annuler la décision").click()
    expect(page.locator(".notice").first).to_contain_text("l'auteur est prévenu")
    expect(page.locator("#h-queued")).to_be_visible()
    expect(page.locator("main")).to_contain_text("la décision sur votre message est annulée")
    decided = CaseRepository(live.db).get(2)
    assert decided.case.status == CaseStatus.OVERTURNED
    assert decided.notes[-1].text == "le lien est légitime"


def test_an_appeal_goes_to_another_moderator(page: Any, live: LiveConsole) -> None:
    repo = CaseRepository(live.db)
    at = live.clock.now()
    repo.take(3, "julien", at)
    repo.decide(3, "julien", "confirm", at)
    appeal = repo.appeal("u141", "Ce n'était pas du spam", at, case_id=3)
    login(page, live, "julien", f"/cases/{appeal}")
    expect(page.locator("main")).to_contain_text("votre propre décision")
    expect(page.get_by_role("button", name="Annuler la décision")).to_have_count(0)
    page.goto(live.url + "/queue?kind=appeal")
    expect(page.locator(f"#case-{appeal}")).to_contain_text("Votre décision : à un autre")

    page.context.clear_cookies()
    login(page, live, "sandra", f"/cases/{appeal}")  # Sandra reads English
    page.get_by_role("button", name="Overturn").click()
    expect(page.locator(".notice").first).to_contain_text("the author is told")
    decided = repo.get(appeal).case
    assert (decided.status, decided.decided_by) == (CaseStatus.OVERTURNED, "sandra")


def test_the_crisis_room_follows_the_bad_buzz(page: Any, live: LiveConsole) -> None:
    login(page, live, "claire", "/crisis/opalia")
    expect(page.locator("#level-value")).to_contain_text("0")
    live.replay.advance(MID_CRISIS)  # the surge from 14:05, while the room is open
    live.clock.set(MID_CRISIS + timedelta(minutes=1))
    expect(page.locator("#level-value")).to_contain_text("2 · Alerte", timeout=10_000)
    countdown = page.locator(".countdown").first
    expect(countdown).to_have_attribute("data-remaining", "197")
    expect(countdown).to_have_text("3 min 17 s")
    live.clock.advance(timedelta(minutes=1))  # the next refresh counts from the server's clock
    expect(countdown).to_have_text(re.compile(r"2 min 1[0-7] s"), timeout=5_000)
    expect(page.locator("table.timeline")).to_contain_text("niveau 0 → 2")
    expect(page.locator(".statement").first).to_contain_text("reponse-attente")
    assert_accessible(page, "crisis")
    shoot(page, "crisis")


def test_the_what_if_lists_the_decisions_that_change(page: Any, live: LiveConsole) -> None:
    login(page, live, "claire", "/whatif")
    # The personal-data rule: on the sample day every message in capitals is a protected complaint.
    edited = CHARTER.read_text(encoding="utf-8").replace(
        "id: donnees-personnelles", "id: donnees-personnelles\n    enabled: false", 1
    )
    page.get_by_label("Copie modifiable").fill(edited)
    page.get_by_role("button", name="Lancer la simulation").click()
    result = page.locator("#whatif-result table.changes")
    expect(result).to_be_visible(timeout=20_000)
    expect(result).to_contain_text("donnees-personnelles")
    expect(result).to_contain_text("plus d'action")
    assert_accessible(page, "whatif")
    shoot(page, "whatif")


def test_a_trainee_sees_no_personal_data(page: Any, live: LiveConsole) -> None:
    login(page, live, "tom", "/cases/8")
    main = page.locator("main")
    expect(main).to_contain_text("données personnelles masquées")
    text = main.inner_text()
    for value in ("ptitloup62", "u029", "patricia.durand62", "Patricia.D", "Mehdi_13"):
        assert value not in text, value
    expect(page.get_by_role("button", name="Confirmer")).to_have_count(0)
    expect(page.get_by_role("link", name="Cellule de crise")).to_have_count(0)
    shoot(page, "case-trainee")


def test_the_reports_are_accessible(page: Any, live: LiveConsole) -> None:
    login(page, live, "ada", "/reports")
    expect(page.locator("h1")).to_contain_text("2026-W11")
    assert_accessible(page, "reports")
    shoot(page, "reports")
    page.goto(live.url + "/reports/incidents")
    assert_accessible(page, "incidents")
    page.goto(live.url + "/audit")
    # the audit log reads as sentences (console.audit_*), whatever other tests did before
    expect(page.locator("main")).to_contain_text("test a créé le compte ada (administrateur)")
    assert_accessible(page, "audit")
