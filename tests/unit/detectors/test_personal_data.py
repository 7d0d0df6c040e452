"""The personal data detector: validated phones, e-mails, IBANs and cards, never echoed whole."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.detectors import personal_data

from .support import run

CASES = [
    # (text, config, matched, kind, masked)
    ("appelle-moi au 06 12 34 56 78 stp", {}, True, "phone", "06 •• •• •• 78"),
    ("appelle-moi au 06.12.34.56.78", {}, True, "phone", "06.••.••.••.78"),
    ("mon numéro : +33 6 12 34 56 78", {}, True, "phone", "+33 • •• •• •• 78"),
    ("gsm +32 470 12 34 56", {}, True, "phone", "+32 ••• •• •• 56"),
    ("natel 079 123 45 67", {"regions": ["CH"]}, True, "phone", "07• ••• •• 67"),
    ("call +1 514 555 0199", {}, True, "phone", "+1 5•• ••• ••99"),
    ("écris à jean.dupont@example.fr", {}, True, "email", "j•••.••••••@e••••••.fr"),
    (
        "IBAN FR76 3000 6000 0112 3456 7890 189 MERCI",
        {},
        True,
        "iban",
        "FR76 •••• •••• •••• •••• •••• •89",
    ),
    ("iban fr7630006000011234567890189", {}, True, "iban", "fr76•••••••••••••••••••••89"),
    ("carte 4111 1111 1111 1111 exp 12/27", {}, True, "card", "•••• •••• •••• 1111"),
    ("carte 4111-1111-1111-1112", {}, False, None, None),
    ("en 2024 il y avait 45 000 personnes", {}, False, None, None),
    ("rendez-vous le 12/03/2024 à 14h30", {}, False, None, None),
    ("ça coûte 1 250 000 €", {}, False, None, None),
    ("commande n° 1234567890123", {}, False, None, None),
    ("ISBN 978-2-07-036024-5", {}, False, None, None),
    ("FR76 3000 6000 0112 3456 7890 180", {}, False, None, None),
    ("appelle le 06 12 34 56 78", {"kinds": ["email"]}, False, None, None),
    ("", {}, False, None, None),
]
IDS = [
    "phone-fr",
    "phone-fr-dots",
    "phone-fr-international",
    "phone-be",
    "phone-ch",
    "phone-ca",
    "email",
    "iban-stops-before-next-word",
    "iban-compact-lower-case",
    "card",
    "card-bad-luhn",
    "year-and-count",
    "date-and-time",
    "price",
    "order-number",
    "isbn",
    "iban-bad-checksum",
    "kind-not-asked",
    "empty",
]


@pytest.mark.parametrize(("text", "config", "matched", "kind", "masked"), CASES, ids=IDS)
def test_detect(
    text: str, config: dict, matched: bool, kind: str | None, masked: str | None
) -> None:
    detection = run(personal_data, text, config)
    assert detection.matched is matched
    assert detection.detail.get("kind") == kind
    assert detection.excerpt == masked


def test_span_points_at_the_number() -> None:
    text = "appelle-moi au 06 12 34 56 78 stp"
    start, end = run(personal_data, text, {}).span
    assert text[start:end] == "06 12 34 56 78"


SECRETS = (
    "tel 06 12 34 56 78, mail a.b@example.com, "
    "IBAN FR7630006000011234567890189, carte 4111111111111111"
)


def test_the_evidence_never_holds_a_number_whole() -> None:
    detection = run(personal_data, SECRETS, {})
    found = detection.detail["found"]
    assert [item["kind"] for item in found] == ["iban", "card", "email", "phone"]
    for item in found:  # at most six letters or digits shown (an IBAN: country, check, last two)
        assert sum(ch.isalnum() for ch in item["masked"]) <= 6, item
    shown = personal_data.explain(detection, "fr") + personal_data.explain(detection, "en")
    for secret in ("12 34 56", "30006000011234567890189", "4111111111111111", "a.b@example.com"):
        assert secret not in shown
        assert secret not in repr(detection.detail)


def test_iban_digits_are_not_also_a_phone() -> None:
    detection = run(personal_data, "FR76 3000 6000 0112 3456 7890 189", {})
    assert [found["kind"] for found in detection.detail["found"]] == ["iban"]


@pytest.mark.parametrize(
    ("config", "message_part"),
    [
        ({"kinds": ["passport"]}, "phone"),
        ({"kinds": []}, "at least 1"),
        ({"regions": ["XX"]}, "unknown phone regions: XX"),
    ],
    ids=["unknown-kind", "no-kind", "unknown-region"],
)
def test_invalid_config(config: dict, message_part: str) -> None:
    with pytest.raises(ValidationError, match=message_part):
        personal_data.Config.model_validate(config)


def test_regions_are_upper_cased() -> None:
    assert personal_data.Config(regions=["fr", "be"]).regions == ["FR", "BE"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("06 12 34 56 78", "fr", "Numéro de téléphone dans le message : « 06 •• •• •• 78 »."),
        ("06 12 34 56 78", "en", "Phone number in the message: “06 •• •• •• 78”."),
        (
            "4111 1111 1111 1111",
            "fr",
            "Numéro de carte bancaire dans le message : « •••• •••• •••• 1111 ».",
        ),
        (
            "bonjour",
            "fr",
            "Aucune donnée personnelle trouvée (numéro de téléphone, adresse e-mail, IBAN, "
            "numéro de carte bancaire).",
        ),
        (
            "hello",
            "en",
            "No personal data found (phone number, e-mail address, IBAN, payment card number).",
        ),
    ],
    ids=["phone-fr", "phone-en", "card-fr", "none-fr", "none-en"],
)
def test_explain(text: str, lang: str, expected: str) -> None:
    assert personal_data.explain(run(personal_data, text, {}), lang) == expected
