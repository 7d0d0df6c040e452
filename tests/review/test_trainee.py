"""A trainee sees drills and read-only cases, never personal data: no author names or ids, no
phone numbers, e-mail addresses, mentions or members' names in the texts, no action."""

from __future__ import annotations

import pytest

from bot.review.web.redact import Redactor
from tests.review.conftest import Console

PERSONAL = ("ptitloup62", "u029", "u130", "patricia.durand62", "Patricia", "Mehdi_13", "Morgane")


def test_a_trainee_reads_a_case_without_personal_data(console: Console) -> None:
    page = console.login("tom").get("/cases/8").text
    assert "lecture seule, données personnelles masquées" in page
    for value in PERSONAL:
        assert value not in page, value
    assert "membre-" in page  # authors are pseudonyms
    assert "Pas de harcèlement" in page  # the rule and the reasoning stay readable
    assert 'name="verdict"' not in page and "Ajouter une note" not in page


def test_a_trainee_cannot_act_or_open_the_other_rooms(console: Console) -> None:
    console.login("tom")
    token = console.csrf()
    decide = console.client.post(
        "/cases/8/decide", data={"verdict": "confirm", "csrf_token": token}
    )
    assert decide.status_code == 403
    take = console.client.post("/cases/8/take", data={"csrf_token": token})
    assert take.status_code == 403
    for path in ("/crisis/opalia", "/reports", "/whatif", "/audit", "/reports/week.csv"):
        assert console.client.get(path).status_code == 403, path
    assert console.client.get("/drills").status_code == 200
    queue = console.client.get("/queue").text
    assert "Prendre" not in queue


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("Rappelez-moi au 06 39 98 41 27 svp", "06 39 98 41 27"),
        ("écrivez à camille.m@example.fr", "camille.m@example.fr"),
        ("IBAN FR76 3000 6000 0112 3456 7890 189 merci", "FR76 3000"),
        ("<@u130> <@u131> aidez-moi", "u130"),
        ("Merci Camille.M pour l'aide", "Camille.M"),
        ("Merci Camille pour l'aide", "Camille"),
    ],
    ids=["phone", "email", "iban", "mention", "member-name", "first-name"],
)
def test_the_redactor_masks_personal_data(text: str, hidden: str) -> None:
    redactor = Redactor("secret", ["Camille.M", "Al"])
    masked = redactor.text(text)
    assert masked is not None and hidden not in masked and "[•••]" in masked


def test_pseudonyms_are_stable_and_keyed() -> None:
    one, other = Redactor("secret", []), Redactor("another secret", [])
    assert one.pseudonym("u029") == one.pseudonym("u029") != one.pseudonym("u030")
    assert one.pseudonym("u029") != other.pseudonym("u029")


def test_a_trainee_sees_the_drill_scenarios(console: Console) -> None:
    page = console.login("tom").get("/drills").text
    assert "fr/panne-reseau.yaml" in page
    assert "reference" not in page  # the scored answers are not scenarios
