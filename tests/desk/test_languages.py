"""French first, for real: every text a member or a moderator reads in the chat is in one language.

A French community and an English one (the shipped charters), each driven through the desk's
in-memory front end (the application layer both chat adapters render) and the engine: the chat
replies, the statements of reasons and moderators' notices the outbox would send, the mod-log
lines, the case cards as Discord and Telegram lay them out with their buttons and verdict lines,
the author's outcome after a review, and every statement template of the shipped crisis plans.

The rule for "an English string in a French text": the catalog's English side, each entry cut at
its `{fields}` into literal fragments; a fragment counts when it has at least two words and ten
characters and appears nowhere in the French side of the catalog (so "Vigie · " or an emoji shared
by both languages never counts), or when it is a single word of six letters or more that no
French entry uses ("Deletion", "confirmed"; matched as a whole word). The reverse holds for French
fragments in English texts. A second
test: no time a person reads is written in UTC or ISO form.
"""

from __future__ import annotations

import re
import shutil
import string
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.adapters.discord.cards import case_embed
from bot.adapters.telegram.review import CASE_VERBS, card_text, case_keyboard, verdict_line
from bot.core.clock import ManualClock
from bot.crisis.loader import load_playbook
from bot.crisis.statements import Situation, render
from bot.desk import Actor
from bot.desk.memory import MemoryFrontEnd
from bot.desk.outcome import verdict_notice
from bot.i18n.catalog import messages
from bot.service import build_service
from bot.store.casefile import Verdict
from bot.store.database import open_database
from tests.desk.conftest import ROOT, STANDINGS, T0, World

CHARTERS = {
    "fr": ROOT / "charters" / "fr" / "opalia.yaml",
    "en": ROOT / "charters" / "en" / "opalia.yaml",
}
PLANS = sorted((ROOT / "playbooks").glob("*/opalia.yaml"))
# Chat commands a moderator, a community manager and a member send (both languages' command
# names reach the same desk command), covering confirmations, refusals and plural answers.
LINES = [
    ("moderator", "/warn u1 rule:insultes ton agressif"),
    ("moderator", "/timeout u1 1h calme"),
    ("moderator", "/timeout u1 calme"),
    ("moderator", "/timeout u1 30d trop"),
    ("moderator", "/ban u2 7d clean:1d spam"),
    ("moderator", "/ban u2"),
    ("moderator", "/ban u2 rule:inconnue spam"),
    ("moderator", "/ban mod1 test"),
    ("moderator", "/ban mod9 spam"),
    ("manager", "/kick owner spam"),
    ("moderator", "/ban vigie spam"),
    ("moderator", "/delete m2 rule:insultes hors sujet"),
    ("moderator", "/delete u1 hors sujet"),
    ("moderator", "/purge u1 5 flood"),
    ("moderator", "/purge u1 500 flood"),
    ("moderator", "/purge u9 5 flood"),
    ("moderator", "/note u1 déjà averti"),
    ("moderator", "/unban u2 erreur"),
    ("moderator", "/infractions u1"),
    ("moderator", "/infractions u3"),
    ("member", "/infractions u1"),
    ("member", "/warn u2 rude"),
    ("member", "/report m3 spam"),
    ("member", "/appeal contestation"),
]
# What the members wrote (the engine answers an author in the language of their message).
POSTS = {
    "fr": [
        ("m1", "Bonjour à tous, la fibre remarche chez moi", "u1"),
        ("m2", "Encore une coupure ce matin", "u1"),
        ("m3", "Gagnez 500 euros sur http://promo.example", "u2"),
        ("m4", "espèce de connard, tu comprends rien", "u2"),
    ],
    "en": [
        ("m1", "Hello everyone, my fibre works again", "u1"),
        ("m2", "Another outage this morning", "u1"),
        ("m3", "Win 500 euros at http://promo.example", "u2"),
        ("m4", "you are a total idiot, you understand nothing", "u2"),
    ],
}
TEXT_FIELDS = ("notice", "text", "texts")  # what the outbox's payloads give people to read


def _actors(lang: str) -> dict[str, Actor]:
    return {
        "moderator": Actor("memory:mod1", frozenset({"moderateur"}), lang),
        "manager": Actor("memory:cm", frozenset({"community_manager"}), lang),
        "member": Actor("memory:u1", frozenset(), lang),
    }


@pytest.fixture(params=["fr", "en"])
def community(request: pytest.FixtureRequest, tmp_path: Path, migrated: Path) -> Iterator[World]:
    """A community whose charter's first language is the parameter."""
    path = tmp_path / "vigie.db"
    shutil.copy(migrated, path)
    db = open_database(f"sqlite:///{path}")
    clock = ManualClock(T0)
    service, _ = build_service(
        CHARTERS[request.param], db, clock, "memory", models_dir=tmp_path / "no-models"
    )
    world = World(service, MemoryFrontEnd(service.desk, "g1", STANDINGS), clock, db)
    for mid, text, author in POSTS[request.param]:
        world.post(mid, text, author=author)
    yield world
    db.dispose()


def _payload_texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _payload_texts(item)


def _chat_texts(world: World, lang: str) -> list[str]:
    """Everything the chat shows in `lang`: replies, outbox texts, cards, outcomes."""
    actors = _actors(lang)
    texts = [world.say(actors[role], line) for role, line in LINES]
    world.later(timedelta(minutes=5))
    texts += [
        text
        for row in world.actions()
        for name in TEXT_FIELDS
        for text in _payload_texts((row["payload"] or {}).get(name))
    ]
    desk, charter = world.service.desk, world.service.charter
    for case_id in range(1, 12):
        try:
            card = desk.card(case_id, lang)
        except Exception:
            continue
        case = desk.case_file(case_id).case
        embed = case_embed(card, case, lang, outcome=None).to_dict()
        texts += [card.as_text(), card_text(card, lang, "contexte", "https://t.me/c/1/2")]
        texts += [str(embed.get("title")), str(embed.get("footer", {}).get("text"))]
        texts += [f"{field['name']} {field['value']}" for field in embed.get("fields", [])]
        texts += [verdict_notice(charter, case, verdict, lang) for verdict in Verdict]
    texts += [verdict_line(verb, "Claire", lang) for verb in (*CASE_VERBS, "ack")]
    texts += [button.text for row in case_keyboard(3, lang).inline_keyboard for button in row]
    return texts


def _statements(lang: str) -> list[str]:
    """Every statement template of the shipped plans, rendered in `lang`."""
    texts = []
    for path in PLANS:
        plan = load_playbook(path)
        if lang not in plan.meta.languages:
            continue
        situation = Situation(
            plan.meta.community, "panne", 2, T0 - timedelta(days=1), T0, T0 + timedelta(hours=1)
        )
        texts += [render(plan, t.id, situation, {})[lang] for t in plan.templates]
    return texts


def _fragments(lang: str, other: str) -> set[str]:
    """The literal pieces of `lang`'s catalog side that `other`'s side never uses (see the module
    docstring for the rule)."""
    elsewhere = "\n".join(_strings(other))
    words_elsewhere = set(re.findall(r"\w+", elsewhere.lower()))
    found = set()
    for text in _strings(lang):
        for literal, *_ in string.Formatter().parse(text):
            piece = literal.strip(" \n:;,.()«»“”—·-")
            if len(piece) >= 10 and len(piece.split()) >= 2 and piece not in elsewhere:
                found.add(piece)
            elif re.fullmatch(r"[^\W\d_]{6,}", piece) and piece.lower() not in words_elsewhere:
                found.add(piece)  # a whole entry of one long word ("Deletion", "confirmed")
    return found


def _strings(lang: str) -> list[str]:
    catalog = messages().catalogs[lang]
    out: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
        out += [str(form) for form in forms if form]
    return out


def _leaks(texts: list[str], fragments: set[str]) -> list[tuple[str, str]]:
    """(fragment, text) for each fragment found in a text; a one-word fragment only as a whole
    word, in any case ("Deletion" leaks in "· deletion ·", not in "deletions")."""
    found = set()
    for piece in fragments:
        pattern = (
            re.compile(rf"\b{re.escape(piece)}\b", re.IGNORECASE) if " " not in piece else None
        )
        for text in texts:
            if pattern.search(text) if pattern else piece in text:
                found.add((piece, text))
    return sorted(found)


@pytest.fixture
def chat(community: World) -> tuple[str, list[str]]:
    lang = community.service.charter.meta.languages[0]
    return lang, _chat_texts(community, lang) + _statements(lang)


def test_every_chat_text_is_in_its_readers_language(chat: tuple[str, list[str]]) -> None:
    lang, texts = chat
    other = "en" if lang == "fr" else "fr"
    assert len(texts) > 80  # the replies, notices, cards and statements were all rendered
    assert _leaks(texts, _fragments(other, lang)) == []


# A time written for machines: an ISO date or timestamp, a "Z" or "+00:00" offset, "UTC".
MACHINE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]00:?00)\b|\bUTC\b|\bGMT\b"
)


def test_no_time_a_person_reads_is_in_utc_or_iso_form(chat: tuple[str, list[str]]) -> None:
    _, texts = chat
    assert [text for text in texts if MACHINE_TIME.search(text)] == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_rule_finds_a_leak(lang: str) -> None:
    # The rule itself: a catalog text of the other language inside a text is found.
    other = "en" if lang == "fr" else "fr"
    leaked = messages().text(other, "discord.guild_only")
    assert _leaks([f"ok {leaked}"], _fragments(other, lang)) != []
