"""The keywords detector: evasions caught, exceptions honoured, lists loaded, evidence given."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.detectors import keywords, wordlists
from bot.text.normalize import normalize

from .support import message, run

CASES = [
    # (text, config, matched, excerpt)
    ("T'es un connard", {"words": ["connard"]}, True, "connard"),
    ("T'es un c0nn4rd", {"words": ["connard"]}, True, "connard"),
    ("T'es un c o n n a r d", {"words": ["connard"]}, True, "connard"),
    ("T'es un connnnnard", {"words": ["connard"]}, True, "connard"),
    ("T'es un соnnаrd", {"words": ["connard"]}, True, "connard"),
    ("T'es un CONNÄRD", {"words": ["connard"]}, True, "connard"),
    ("T'es un conard", {"words": ["connard"]}, True, "conard"),
    ("Un vrai connard!!!", {"words": ["Connard"]}, True, "connard"),
    ("Les connards", {"words": ["connard"]}, False, None),
    ("Les connards", {"words": ["connard*"]}, True, "connards"),
    ("Les connards", {"words": ["connard"], "match": "prefix"}, True, "connards"),
    ("espèce de fils de pute", {"words": ["fils de pute"]}, True, "fils de pute"),
    ("le fils de la pute", {"words": ["fils de pute"]}, False, None),
    ("je vais vous tuer", {"words": ["je vais (te|vous) tuer"]}, True, "je vais vous tuer"),
    ("sale con", {"words": ["(sale |)con"]}, True, "sale con"),
    ("con", {"words": ["(sale |)con"]}, True, "con"),
    ("un consommateur content", {"words": ["con"]}, False, None),
    ("as you wish", {"words": ["ass"]}, False, None),
    ("what an a$$", {"words": ["ass"]}, True, "ass"),
    ("une glace en cône", {"words": ["conne"]}, False, None),
    ("t'es conne", {"words": ["conne"]}, True, "conne"),
    ("Bienvenue à Bitche !", {"words": ["bitch*"]}, True, "bitche"),
    ("Bienvenue à Bitche !", {"words": ["bitch*"], "allow": ["Bitche"]}, False, None),
    ("Bitche, you bitch", {"words": ["bitch*"], "allow": ["Bitche"]}, True, "bitch"),
    ("f*ck off", {"words": ["f*ck"]}, True, "f*ck"),
    ("Bonjour à tous", {"words": ["connard"]}, False, None),
    ("", {"words": ["connard"]}, False, None),
    ("ntm", {"lists": ["sms_fr_insults"]}, True, "ntm"),
    ("n t m", {"lists": ["sms_fr_insults"]}, True, "ntm"),
    ("f.d.p", {"lists": ["sms_fr_insults"]}, True, "fdp"),
    ("quel abruti celui-là", {"lists": ["insults_fr"]}, True, "abruti"),
    ("you absolute moron", {"lists": ["insults_en"]}, True, "you absolute moron"),
    ("je vais te retrouver", {"lists": ["threats_fr"]}, True, "je vais te retrouver"),
    ("on sait où tu habites", {"lists": ["threats_fr"]}, True, "on sait ou tu habites"),
    ("I'll kill you", {"lists": ["threats_en"]}, True, "i'll kill you"),
    ("I know where you live", {"lists": ["threats_en"]}, True, "i know where you live"),
    ("Gagnez de l'argent facilement !", {"lists": ["scam_fr"]}, True, "gagnez de l'argent"),
    ("ta crypto doublée en 24h", {"lists": ["scam_fr"]}, True, "crypto doublee"),
    ("FREE NITRO for everyone", {"lists": ["scam_en"]}, True, "free nitro"),
    ("sale bougnoule", {"lists": ["hate_fr"]}, True, "sale bougnoule"),
    ("envoie moi tes nudes", {"lists": ["sexual_fr"]}, True, "envoie moi tes nudes"),
    ("send nudes", {"lists": ["sexual_en"]}, True, "nudes"),
    ("t'es qu'un con", {"lists": ["insults_fr"]}, True, "t'es qu'un con"),
    ("je me sens pris pour un con", {"lists": ["insults_fr"]}, False, None),
    ("on nous prend pour une bande de cons", {"lists": ["insults_fr"]}, False, None),
    ("Vous êtes nuls, aucune communication.", {"lists": ["insults_fr"]}, False, None),
    ("Traiter quelqu'un de connard n'est pas ok", {"lists": ["insults_fr"]}, False, None),
    ("Traiter quelqu'un de connard, connard", {"lists": ["insults_fr"]}, True, "connard"),
    ("Calling people idiots is not ok.", {"lists": ["insults_en"]}, False, None),
]
IDS = [
    "plain-word",
    "leetspeak",
    "spaced-letters",
    "repeated-letters",
    "cyrillic-homoglyphs",
    "upper-case-and-accent",
    "single-letter-misspelling",
    "case-of-the-entry",
    "word-mode-ignores-plural",
    "star-entry-is-a-prefix",
    "prefix-mode",
    "phrase",
    "phrase-words-must-follow",
    "alternatives",
    "optional-word-present",
    "optional-word-absent",
    "word-inside-a-longer-word",
    "short-word-keeps-double-letter",
    "short-word-with-double-letter",
    "conne-is-not-cone",
    "conne",
    "scunthorpe-without-allow",
    "scunthorpe-allow-bitche",
    "allow-does-not-hide-other-hits",
    "entry-with-inner-star",
    "clean-message",
    "empty-message",
    "sms-ntm",
    "sms-spaced-ntm",
    "sms-dotted-fdp",
    "list-insults-fr",
    "list-insults-en",
    "list-threats-fr-retrouver",
    "list-threats-fr-adresse",
    "list-threats-en-kill",
    "list-threats-en-live",
    "list-scam-fr-argent",
    "list-scam-fr-crypto",
    "list-scam-en-nitro",
    "list-hate-fr",
    "list-sexual-fr",
    "list-sexual-en",
    "con-aimed-at-someone",
    "con-in-an-idiom-of-complaint",
    "bande-de-cons-in-an-idiom",
    "criticism-is-not-an-insult",
    "list-exception-quoting-to-condemn",
    "list-exception-does-not-hide-other-hits",
    "list-exception-en",
]


@pytest.mark.parametrize(("text", "config", "matched", "excerpt"), CASES, ids=IDS)
def test_detect(text: str, config: dict, matched: bool, excerpt: str | None) -> None:
    detection = run(keywords, text, config)
    assert detection.detector == "keywords"
    assert detection.matched is matched
    assert detection.excerpt == excerpt


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour à tous, la réunion est à 18h à Bitche.",
        "Je suis en retard, désolé !",
        "Let's weigh the pros and cons.",
        "Une glace en cône, s'il te plaît.",
        "Sortez les ordures ménagères le mardi.",
        "Le raton laveur a mangé les cerises.",
        "Ma chatte a eu trois chatons.",
        "I'll shoot you a message tomorrow.",
        "I'll find you a seat near the stage.",
        "Passe-moi l'assiette, la classe !",
        "Scunthorpe United won at Penistone.",
        "Le consommateur a un cul-de-sac devant chez lui.",
        "This boss is sick, I'll beat you at chess next time.",
        "Mettre en demeure le bailleur avant la fin du mois.",
        "Une pipe en bois et une queue de billard.",
        "Il faut bander les yeux du joueur.",
        "Western blot and binary search are different things.",
    ],
    ids=[
        "bitche-town",
        "en-retard",
        "pros-and-cons",
        "cone",
        "ordures",
        "raton-laveur",
        "chatte-cat",
        "shoot-a-message",
        "find-a-seat",
        "assiette-classe",
        "scunthorpe-penistone",
        "consommateur-cul-de-sac",
        "gaming-talk",
        "mise-en-demeure",
        "pipe-queue",
        "bander-les-yeux",
        "western-binary",
    ],
)
def test_every_list_leaves_ordinary_sentences_alone(text: str) -> None:
    detection = run(keywords, text, {"lists": list(wordlists.LIST_NAMES)})
    assert not detection.matched, detection.detail


def test_span_indexes_the_folded_text() -> None:
    msg = message("Salut, t'es un gros C0NNARD franchement")
    detection = run(keywords, msg, {"words": ["connard"]})
    start, end = detection.span
    assert normalize(msg.text).folded[start:end] == "connard"


def test_evidence_lists_every_hit_without_overlaps() -> None:
    detection = run(keywords, "fils de pute, pute, connard", {"lists": ["insults_fr"]})
    excerpts = [hit["excerpt"] for hit in detection.detail["hits"]]
    assert excerpts == ["fils de pute", "pute", "connard"]
    assert detection.observed == 3
    assert detection.detail["list"] == "insults_fr"
    assert detection.detail["entry"] == "fils de pute"


def test_allowed_occurrences_are_counted() -> None:
    detection = run(keywords, "Bitche", {"words": ["bitch*"], "allow": ["Bitche"]})
    assert detection.detail["allowed"] == 1


@pytest.mark.parametrize(
    ("config", "message_part"),
    [
        ({}, "give `words`, `lists` or both"),
        ({"lists": ["insults_xx"]}, "insults_fr"),
        ({"words": ["!!!"]}, "has no word"),
        ({"words": ["(a|b|c|d) (a|b|c|d) (a|b|c|d) (a|b|c|d) (a|b)"]}, "more than 256"),
        ({"words": ["x"], "match": "regex"}, "'word' or 'prefix'"),
        ({"words": ["x"], "colour": "red"}, "Extra inputs are not permitted"),
    ],
    ids=[
        "nothing-to-find",
        "unknown-list",
        "entry-without-word",
        "too-many-variants",
        "bad-match",
        "unknown-key",
    ],
)
def test_invalid_config(config: dict, message_part: str) -> None:
    with pytest.raises(ValidationError, match=message_part.replace("(", r"\(").replace("*", r"\*")):
        keywords.Config.model_validate(config)


@pytest.mark.parametrize("name", wordlists.LIST_NAMES)
def test_every_list_is_ours_and_parses(name: str) -> None:
    header = wordlists._PACKAGE.joinpath(f"{name}.txt").read_text(encoding="utf-8")[:400]
    assert "Vigie's own list" in header and "AGPL" in header
    entries = wordlists.load(name)
    assert 40 <= len(entries) <= 200
    entries, _ = keywords._list_entries(name, False)
    assert entries


def test_unknown_list_name() -> None:
    with pytest.raises(KeyError, match="insults_fr"):
        wordlists.load("nope")


def test_a_message_with_no_listed_word_is_rejected_without_a_scan() -> None:
    """Speed is measured by `make bench`; here, the mechanism behind it: with every list loaded,
    an ordinary message is answered by the anchor sets, and a listed word is still found."""
    config = keywords.Config(lists=list(wordlists.LIST_NAMES))
    calm = normalize("Thanks, the router works again since this morning.")
    assert not config._matcher.may_occur_in(calm)
    assert config._matcher.may_occur_in(normalize("t'es qu'un connard"))


@pytest.mark.parametrize(
    ("text", "config", "lang", "expected"),
    [
        (
            "connard",
            {"lists": ["insults_fr"]},
            "fr",
            "Le mot « connard » figure dans la liste des insultes.",
        ),
        (
            "connard",
            {"lists": ["insults_fr"]},
            "en",
            "The word “connard” is on the list of insults.",
        ),
        (
            "fils de pute",
            {"lists": ["insults_fr"]},
            "fr",
            "L’expression « fils de pute » figure dans la liste des insultes.",
        ),
        (
            "tg tg",
            {"lists": ["sms_fr_insults"]},
            "fr",
            "Le mot « tg » figure dans la liste des insultes en abrégé (1 autre occurrence).",
        ),
        (
            "connard",
            {"words": ["connard"]},
            "fr",
            "Le mot « connard » fait partie des mots interdits par la charte.",
        ),
        ("connard", {"words": ["connard"]}, "en", "The word “connard” is banned by the charter."),
        ("bonjour", {"words": ["connard"]}, "fr", "Aucun mot de la liste n'a été trouvé."),
        ("bonjour", {"words": ["connard"]}, "en", "No listed word found."),
        (
            "Bitche",
            {"words": ["bitch*"], "allow": ["Bitche"]},
            "en",
            "No listed word found outside the allowed exceptions.",
        ),
    ],
    ids=[
        "list-fr",
        "list-en",
        "phrase-fr",
        "more-occurrences",
        "words-fr",
        "words-en",
        "none-fr",
        "none-en",
        "allowed-en",
    ],
)
def test_explain(text: str, config: dict, lang: str, expected: str) -> None:
    assert keywords.explain(run(keywords, text, config), lang) == expected
