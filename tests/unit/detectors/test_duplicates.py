"""The duplicates detector: copy-paste raids across authors, and one author repeating a text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from bot.detectors import duplicates
from bot.detectors.history import History

from .support import T0, message, observe, run

RAID = "Rejoignez notre serveur, nitro gratuit pour tous !"

CASES = [
    # (earlier messages as (author, seconds, text), the new message's text, config, matched, why)
    ([("u2", 1, RAID), ("u3", 2, RAID)], RAID, {}, True, "authors"),
    ([("u2", 1, RAID)], RAID, {}, False, None),
    ([("u1", 1, RAID), ("u1", 2, RAID)], RAID, {}, False, None),
    ([("u2", 1, RAID), ("u3", 2, RAID.upper() + " 🎉🎉")], RAID, {}, True, "authors"),
    ([("u2", 1, RAID + " 1"), ("u3", 2, RAID + " 2")], RAID + " 3", {}, True, "authors"),
    (
        [("u2", 1, "R3jo1gnez notre serveur, nitro gratuit")],
        "Rejoignez notre serveur, nitro gratuit",
        {"min_authors": 2},
        True,
        "authors",
    ),
    ([("u2", -400, RAID), ("u3", -350, RAID)], RAID, {}, False, None),
    ([("u2", -400, RAID), ("u3", -350, RAID)], RAID, {"window": "1h"}, True, "authors"),
    ([("u1", 1, RAID), ("u1", 2, RAID)], RAID, {"same_author_repeats": 3}, True, "repeats"),
    ([("u1", 1, RAID)], RAID, {"same_author_repeats": 3}, False, None),
    ([("u2", 1, "merci !"), ("u3", 2, "merci !")], "merci !", {}, False, None),
    ([("u2", 1, "merci !"), ("u3", 2, "merci !")], "merci !", {"min_length": 3}, True, "authors"),
    ([("u2", 1, "another text entirely, quite long"), ("u3", 2, RAID)], RAID, {}, False, None),
]
IDS = [
    "raid-three-authors",
    "two-authors",
    "same-author-is-one-author",
    "case-punctuation-emoji-ignored",
    "numbered-copies",
    "disguised-copy",
    "outside-the-window",
    "wider-window",
    "same-author-repeats",
    "same-author-under-repeats",
    "short-text-ignored",
    "short-text-with-low-min-length",
    "different-texts",
]


@pytest.mark.parametrize(("earlier", "text", "config", "matched", "why"), CASES, ids=IDS)
def test_detect(earlier: list, text: str, config: dict, matched: bool, why: str | None) -> None:
    history = observe(History(), *(message(body, author=a, at=s) for a, s, body in earlier))
    detection = run(duplicates, message(text, author="u1", at=10), config, history=history)
    assert detection.matched is matched
    assert detection.detail.get("why") == why


def test_evidence_counts_authors_repeats_and_copies() -> None:
    history = observe(
        History(),
        message(RAID, author="u1", at=1),
        message(RAID, author="u2", at=2),
        message(RAID, author="u2", at=3),
    )
    detection = run(
        duplicates, message(RAID, author="u1", at=4), {"min_authors": 5}, history=history
    )
    assert detection.detail["authors"] == 2
    assert detection.detail["repeats"] == 2
    assert detection.detail["copies"] == 4
    assert (detection.observed, detection.limit) == (2, 5)


def test_other_community_is_separate() -> None:
    history = observe(
        History(), *(message(RAID, author=f"u{i}", at=i, community="c2") for i in range(5))
    )
    assert not run(duplicates, message(RAID, at=10), {}, history=history).matched


@pytest.mark.parametrize(
    "config",
    [{"min_authors": None}, {"min_authors": 1}, {"same_author_repeats": 1}, {"min_length": 0}],
    ids=["nothing-to-count", "one-author", "one-repeat", "zero-length"],
)
def test_invalid_config(config: dict) -> None:
    with pytest.raises(ValidationError):
        duplicates.Config.model_validate(config)


@pytest.mark.parametrize(
    ("authors", "config", "lang", "expected"),
    [
        (
            ["u2", "u3"],
            {},
            "fr",
            "Le même texte a été posté par 3 personnes en 5 minutes (seuil : 3).",
        ),
        (
            ["u2", "u3"],
            {},
            "en",
            "The same text was posted by 3 people in 5 minutes (threshold: 3).",
        ),
        (
            ["u1", "u1"],
            {"same_author_repeats": 3},
            "fr",
            "Cette personne a posté le même texte 3 fois en 5 minutes (seuil : 3).",
        ),
        (["u2"], {}, "en", "No suspicious copy in 5 minutes (2 authors, 1 post by this person)."),
    ],
    ids=["authors-fr", "authors-en", "repeats-fr", "fine-en"],
)
def test_explain(authors: list[str], config: dict, lang: str, expected: str) -> None:
    history = observe(History(), *(message(RAID, author=a, at=i) for i, a in enumerate(authors)))
    detection = run(duplicates, message(RAID, author="u1", at=10), config, history=history)
    assert duplicates.explain(detection, lang) == expected


def test_explain_short_text() -> None:
    detection = run(duplicates, "ok", {})
    assert duplicates.explain(detection, "fr") == "Texte trop court pour chercher des copies."


GRIEVANCE = "Opalia m'a prélevé deux fois ce mois-ci, c'est honteux"
LINKED = "Prélevé deux fois ? Tout est expliqué là https://opalia-rembourse.example/form"
OFFER = "Remboursement express ici https://opalia-rembourse.example/form"
PETITION = "Signez la pétition contre la hausse : https://petitions.example/p/stop-hausse-opalia"
AD = "Nitro gratuit pour les membres, rejoignez vite"
LONG = "Bonjour à tous, je suis nouveau ici et je voulais vous présenter mon projet de chaîne vidéo"
QUESTION = "Quelqu'un sait si la boutique de Lille ouvre demain matin ou plutôt lundi ?"
# Who posts the three copies: accounts made an hour before, members for years, members who had
# posted just before (known), members nobody had read before (unknown), or dates not given.
NEW = {"created": T0 - timedelta(hours=1), "joined": T0 - timedelta(minutes=30)}
OLD = {"created": T0 - timedelta(days=900), "joined": T0 - timedelta(days=300)}
JOINED_OLD_ACCOUNT = {"created": T0 - timedelta(days=900), "joined": T0 - timedelta(minutes=5)}
RAIDS_ONLY = [
    # (the copied text, the authors, had they posted before, matched with raids_only, signals)
    (GRIEVANCE, NEW, False, False, []),
    ("Bonjour tout le monde, bon courage !", NEW, False, False, []),
    (LINKED, NEW, False, True, ["link", "new_account"]),
    (LINKED, OLD, True, False, []),
    (OFFER, OLD, True, True, ["link", "ad"]),
    (PETITION, OLD, False, False, []),
    (PETITION, JOINED_OLD_ACCOUNT, False, False, []),
    (PETITION, {"joined": T0 - timedelta(minutes=5)}, False, True, ["link", "new_account"]),
    (AD, OLD, True, True, ["ad"]),
    (LONG, OLD, True, True, ["long_text"]),
    (QUESTION, OLD, False, False, []),
    (QUESTION, {}, True, False, []),
    (QUESTION, NEW, True, True, ["new_account"]),
    (QUESTION, {}, False, True, ["unknown_author"]),
]


@pytest.mark.parametrize(
    ("text", "dates", "known", "matched", "signals"),
    RAIDS_ONLY,
    ids=[
        "grievance-new",
        "greeting-new",
        "link-new",
        "link-members",
        "offer-members",
        "petition-members",
        "petition-old-accounts-joined-today",
        "petition-joined-today-no-account-date",
        "ad",
        "long",
        "question-members",
        "question-no-dates-known",
        "question-new",
        "question-no-dates-unknown",
    ],
)
def test_raids_only_tells_a_raid_from_members_repeating_words(
    text: str, dates: dict, known: bool, matched: bool, signals: list[str]
) -> None:
    history = History()
    for at, author in enumerate(("u1", "u2", "u3")):
        if known:
            observe(history, message("Salut !", author=author, at=at - 100))
        if author != "u1":
            observe(history, message(text, author=author, at=at, **dates))
    detection = run(duplicates, message(text, at=3, **dates), {"raids_only": True}, history)
    assert detection.matched is matched
    assert detection.detail["raid"] == signals
    assert duplicates.explain(detection, "fr") and duplicates.explain(detection, "en")
