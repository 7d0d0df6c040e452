"""The links detector: invites, shorteners, deny and allow lists, allow-list mode, link counts."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.detectors import links

from .support import run

CASES = [
    # (text, config, matched, why, excerpt)
    ("rejoins discord.gg/abc123 !", {}, True, "invite", "discord.gg/abc123"),
    ("https://discord.com/invite/xyz", {}, True, "invite", "https://discord.com/invite/xyz"),
    ("viens sur t.me/+AbCdEf", {}, True, "invite", "t.me/+AbCdEf"),
    ("t.me/joinchat/AAAA", {}, True, "invite", "t.me/joinchat/AAAA"),
    ("rejoins discord . gg / abc", {}, True, "invite", "discord.gg/abc"),
    ("rejoins discord[.]gg/abc", {}, True, "invite", "discord.gg/abc"),
    ("rejoins disc\u200bord.gg/abc", {}, True, "invite", "discord.gg/abc"),
    ("rejoins ｄｉｓｃｏｒｄ.ｇｇ/abc", {}, True, "invite", "discord.gg/abc"),
    ("https://discord.com/channels/1/2", {}, False, None, None),
    ("rejoins discord.gg/abc", {"invites": False}, False, None, None),
    ("regarde bit.ly/3xYz", {}, True, "shortener", "bit.ly/3xYz"),
    ("regarde bit.ly/3xYz", {"shorteners": False}, False, None, None),
    ("https://fr.wikipedia.org/wiki/Bitche", {}, False, None, None),
    ("va sur evil.example.com/x", {"deny": ["example.com"]}, True, "denied", "evil.example.com/x"),
    ("va sur notexample.com", {"deny": ["example.com"]}, False, None, None),
    ("discord.gg/vigie", {"allow": ["discord.gg/vigie"]}, False, None, None),
    ("discord.gg/other", {"allow": ["discord.gg/vigie"]}, True, "invite", "discord.gg/other"),
    (
        "www.youtube.com/watch?v=x",
        {"only_allowed": True, "allow": ["youtube.com"]},
        False,
        None,
        None,
    ),
    (
        "https://example.org",
        {"only_allowed": True, "allow": ["youtube.com"]},
        True,
        "not_allowed",
        "https://example.org",
    ),
    ("a.com b.com c.com", {"max_links": 2}, True, "too_many", None),
    ("a.com b.com", {"max_links": 2}, False, None, None),
    ("écris à jean@example.com", {"only_allowed": True}, False, None, None),
    ("lis script.py et README.md", {"only_allowed": True}, False, None, None),
    ("e.g. i.e. etc. merci.Bonjour", {"only_allowed": True}, False, None, None),
    ("", {}, False, None, None),
]
IDS = [
    "discord-invite",
    "discord-com-invite",
    "telegram-plus",
    "telegram-joinchat",
    "spaced-invite",
    "bracketed-dot",
    "zero-width-inside",
    "full-width",
    "discord-channel-link-is-not-invite",
    "invites-off",
    "shortener",
    "shorteners-off",
    "ordinary-link",
    "denied-subdomain",
    "deny-is-not-a-suffix-match",
    "allowed-invite-path",
    "other-invite-still-flagged",
    "allow-list-mode-allowed",
    "allow-list-mode-other",
    "too-many-links",
    "at-the-limit",
    "email-is-not-a-link",
    "file-names-are-not-links",
    "abbreviations-are-not-links",
    "empty",
]


@pytest.mark.parametrize(("text", "config", "matched", "why", "excerpt"), CASES, ids=IDS)
def test_detect(
    text: str, config: dict, matched: bool, why: str | None, excerpt: str | None
) -> None:
    detection = run(links, text, config)
    assert detection.matched is matched
    assert detection.detail.get("why") == why
    assert detection.excerpt == excerpt


def test_evidence_lists_links_and_reasons() -> None:
    detection = run(links, "voir https://exemple.fr puis bit.ly/x et discord.gg/y.", {})
    assert detection.detail["links"] == ["https://exemple.fr", "bit.ly/x", "discord.gg/y"]
    assert detection.detail["flagged"] == [
        {"url": "bit.ly/x", "why": "shortener"},
        {"url": "discord.gg/y", "why": "invite"},
    ]
    assert detection.observed == 3


def test_span_points_at_the_link() -> None:
    text = "rejoins discord.gg/abc maintenant"
    start, end = run(links, text, {}).span
    assert text[start:end] == "discord.gg/abc"


@pytest.mark.parametrize(
    ("entry", "stored"),
    [("https://www.Example.com/", "example.com"), ("discord.gg/Vigie", "discord.gg/vigie")],
    ids=["scheme-www-case", "path"],
)
def test_domain_entries_are_normalised(entry: str, stored: str) -> None:
    assert links.Config(deny=[entry]).deny == [stored]


@pytest.mark.parametrize(
    ("config", "message_part"),
    [
        ({"deny": ["localhost"]}, "is not a domain"),
        ({"deny": ["x.com"], "allow": ["x.com"]}, "both allowed and denied"),
        ({"max_links": -1}, "greater than or equal to 0"),
    ],
    ids=["not-a-domain", "both-lists", "negative-max"],
)
def test_invalid_config(config: dict, message_part: str) -> None:
    with pytest.raises(ValidationError, match=message_part):
        links.Config.model_validate(config)


@pytest.mark.parametrize(
    ("text", "config", "lang", "expected"),
    [
        (
            "discord.gg/abc",
            {},
            "fr",
            "Lien d'invitation vers un autre serveur ou groupe : « discord.gg/abc ».",
        ),
        ("discord.gg/abc", {}, "en", "Invite link to another server or group: “discord.gg/abc”."),
        ("bit.ly/x", {}, "fr", "Lien raccourci, qui cache sa destination : « bit.ly/x »."),
        (
            "x.example.com",
            {"deny": ["example.com"]},
            "en",
            "The link “x.example.com” leads to a banned domain.",
        ),
        (
            "a.org",
            {"only_allowed": True},
            "fr",
            "Le lien « a.org » ne mène pas à un site autorisé.",
        ),
        (
            "a.com b.com",
            {"max_links": 1},
            "fr",
            "2 liens dans le message, au-delà de la limite de 1.",
        ),
        ("a.com b.com", {}, "fr", "Aucun lien interdit (2 liens trouvés)."),
        ("a.com", {}, "en", "No forbidden link (1 link found)."),
        ("bonjour", {}, "fr", "Aucun lien dans le message."),
    ],
    ids=[
        "invite-fr",
        "invite-en",
        "shortener-fr",
        "denied-en",
        "not-allowed-fr",
        "too-many-fr",
        "fine-fr",
        "fine-en",
        "none-fr",
    ],
)
def test_explain(text: str, config: dict, lang: str, expected: str) -> None:
    assert links.explain(run(links, text, config), lang) == expected
