"""The pure parts of the adapter, table by table: discord.py objects → core values, identities,
languages, message links, audit-log reasons, Discord errors → outcomes, long texts → messages."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as Obj
from typing import Any

import aiohttp
import discord
import pytest

from bot.adapters.discord.commands import chunks, format_status
from bot.adapters.discord.gateway import result_of_error
from bot.adapters.discord.operations import ActionFailed
from bot.adapters.discord.translate import (
    audit_reason,
    fold_role_name,
    identities,
    lang_of,
    message_of,
    parse_message_ref,
)
from bot.core.decision import ActionRequest
from bot.core.ports import Outcome

GUILD = 10
CREATED = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
EDITED = CREATED + dt.timedelta(minutes=2)
JOINED = CREATED - dt.timedelta(days=3)


def role(role_id: int, name: str) -> Obj:
    return Obj(id=role_id, name=name)


def member(**changes: Any) -> Obj:
    values = {
        "id": 42,
        "name": "alice",
        "display_name": "Alice",
        "bot": False,
        "created_at": JOINED - dt.timedelta(days=400),
        "joined_at": JOINED,
        "roles": [role(GUILD, "@everyone"), role(7, "Community Manager"), role(8, "Modérateur")],
    }
    return Obj(**(values | changes))


def message(**changes: Any) -> Obj:
    values = {
        "id": 1001,
        "guild": Obj(id=GUILD, name="Opalia"),
        "channel": Obj(id=20, name="général"),
        "author": member(),
        "content": "bonjour <@5> <@5> <@&6>",
        "created_at": CREATED,
        "edited_at": None,
        "reference": None,
        "raw_mentions": [5, 5],
        "raw_role_mentions": [6],
    }
    return Obj(**(values | changes))


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("moderator", "moderator"),
        ("Moderator", "moderator"),
        ("Community Manager", "community_manager"),
        ("Modérateur", "moderateur"),
        ("  cellule-de-crise ", "cellule_de_crise"),
    ],
)
def test_role_names_are_folded_the_way_charters_write_them(name: str, folded: str) -> None:
    assert fold_role_name(name) == folded


def test_a_guild_message_becomes_a_core_message() -> None:
    core = message_of(message())
    assert core is not None
    assert (core.platform, core.community, core.channel, core.id) == ("discord", "10", "20", "1001")
    assert core.ts == CREATED and not core.edited and core.reply_to is None
    assert core.mentions == 2  # one user (twice) and one role
    assert core.extra == {"channel_name": "général", "guild_name": "Opalia"}
    author = core.author
    assert (author.id, author.name, author.joined, author.is_bot) == ("42", "Alice", JOINED, False)
    assert author.roles == (
        "7",
        "Community Manager",
        "community_manager",
        "8",
        "Modérateur",
        "moderateur",
    )


@pytest.mark.parametrize(
    ("changes", "edited", "expected"),
    [
        ({"edited_at": EDITED}, True, {"ts": EDITED, "edited": True}),
        ({"edited_at": None}, True, {"ts": CREATED, "edited": True}),
        ({"reference": Obj(message_id=999)}, False, {"reply_to": "999"}),
        ({"reference": Obj(message_id=None)}, False, {"reply_to": None}),
        (
            {"content": None, "raw_mentions": [], "raw_role_mentions": []},
            False,
            {"text": "", "mentions": 0},
        ),
        (
            {"author": member(roles=None, joined_at=None)},
            False,
            {"author.roles": (), "author.joined": None},
        ),
    ],
    ids=[
        "edit-dated-by-edit",
        "edit-without-time",
        "reply",
        "reference-without-id",
        "no-content",
        "plain-user",
    ],
)
def test_message_variants(changes: dict[str, Any], edited: bool, expected: dict[str, Any]) -> None:
    core = message_of(message(**changes), edited=edited)
    for path, value in expected.items():
        target: Any = core
        for part in path.split("."):
            target = getattr(target, part)
        assert target == value, path


def test_a_direct_message_is_not_moderated() -> None:
    assert message_of(message(guild=None)) is None


def test_identities_cover_the_forms_charters_and_playbooks_use() -> None:
    found = identities(member(), GUILD)
    assert {"42", "user:42", "7", "role:7", "Community Manager", "community_manager"} <= found
    assert {"moderateur", "role:8"} <= found
    assert str(GUILD) not in found and f"role:{GUILD}" not in found  # @everyone is nobody
    assert identities(Obj(id=42), None) == {"42", "user:42"}  # a user in a DM


@pytest.mark.parametrize(
    ("locale", "fallback", "lang"),
    [
        ("fr", "en", "fr"),
        (discord.Locale.french, "en", "fr"),
        ("en-US", "fr", "en"),
        (discord.Locale.british_english, "fr", "en"),
        ("de", "fr", "fr"),
        (None, "en", "en"),
        ("ja", "it", "fr"),
    ],
)
def test_the_language_follows_the_locale(locale: object, fallback: str, lang: str) -> None:
    assert lang_of(locale, fallback) == lang


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://discord.com/channels/1/22/333", ("22", "333")),
        ("voir https://ptb.discord.com/channels/1/22/333 svp", ("22", "333")),
        ("https://discordapp.com/channels/@me/22/333", ("22", "333")),
        (" 123456789012345678 ", ("7", "123456789012345678")),
        ("12", None),
        ("hier soir", None),
    ],
)
def test_a_reported_message_is_given_by_link_or_id(text: str, expected: tuple | None) -> None:
    assert parse_message_ref(text, 7) == expected


@pytest.mark.parametrize(
    ("rule", "reason", "lang", "expected"),
    [
        ("insultes", "Pas d'insultes", "fr", "Vigie — règle insultes — Pas d'insultes"),
        ("insults", "No insults", "en", "Vigie — rule insults — No insults"),
        (None, "niveau 2 (alerte)", "fr", "Vigie — niveau 2 (alerte)"),
        (None, "", "fr", "Vigie"),
    ],
)
def test_every_action_carries_an_audit_log_reason_in_the_community_language(
    rule: str | None, reason: str, lang: str, expected: str
) -> None:
    request = ActionRequest("delete", "k", "10", "discord", rule=rule, reason=reason)
    assert audit_reason(request, lang) == expected


def test_an_audit_log_reason_fits_discords_limit() -> None:
    request = ActionRequest("ban", "k", "10", "discord", rule="r", reason="x" * 600)
    assert len(audit_reason(request, "fr")) == 512 and audit_reason(request, "fr").endswith("…")


def http_error(cls: type[discord.HTTPException], status: int, code: int) -> discord.HTTPException:
    response = Obj(status=status, reason="Error")
    return cls(response, {"code": code, "message": "error"})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "error", "outcome"),
    [
        ("delete", http_error(discord.NotFound, 404, 10008), Outcome.DONE),
        ("delete", http_error(discord.NotFound, 404, 10003), Outcome.DONE),
        ("kick", http_error(discord.NotFound, 404, 10007), Outcome.DONE),
        ("timeout", http_error(discord.NotFound, 404, 10007), Outcome.FAILED),
        ("delete", http_error(discord.NotFound, 404, 10004), Outcome.FAILED),
        ("ban", http_error(discord.HTTPException, 400, 50035), Outcome.FAILED),
        ("ban", http_error(discord.DiscordServerError, 502, 0), Outcome.RETRY),
        ("ban", http_error(discord.HTTPException, 429, 0), Outcome.RETRY),
        ("warn", discord.RateLimited(42.0), Outcome.RETRY),
        ("warn", aiohttp.ClientConnectionError("reset"), Outcome.RETRY),
        ("warn", TimeoutError(), Outcome.RETRY),
        ("lock", ActionFailed("no such channel: support"), Outcome.FAILED),
    ],
    ids=[
        "message-gone",
        "channel-gone",
        "member-gone",
        "member-left-before-timeout",
        "guild-unknown",
        "invalid",
        "server-error",
        "429",
        "long-rate-limit",
        "connection",
        "timeout",
        "no-channel",
    ],
)
def test_discord_errors_become_outcomes(kind: str, error: Exception, outcome: Outcome) -> None:
    result = result_of_error(kind, error)
    assert result is not None and result.outcome is outcome


def test_a_rate_limit_says_when_to_retry_and_a_bug_is_not_hidden() -> None:
    result = result_of_error("warn", discord.RateLimited(42.0))
    assert result is not None and result.retry_after == 42.0
    assert result_of_error("warn", KeyError("bug")) is None


@pytest.mark.parametrize(
    ("text", "size", "expected"),
    [
        ("short", 10, ["short"]),
        ("aaa\nbbb\nccc\n", 8, ["aaa\nbbb\n", "ccc\n"]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
        ("\n\n", 10, []),
    ],
    ids=["fits", "whole-lines", "overlong-line", "blank"],
)
def test_long_texts_are_cut_into_messages(text: str, size: int, expected: list[str]) -> None:
    assert chunks(text, size) == expected


def test_the_crisis_status_reads_as_a_short_message() -> None:
    status = {
        "level": 2,
        "name": "Alerte",
        "since": "2026-03-01T09:00:00Z",
        "incident": "opalia-20260301-0900",
        "cases": [{"case": "k1", "role": "com", "calling": "com/holder", "deadline": None}],
        "statements": [{"statement": "s1", "template": "reponse-attente", "approver": "com"}],
    }
    text = format_status(status, "fr")
    assert text.splitlines() == [
        "**Niveau 2 — Alerte**",
        "Depuis le 01/03/2026 09:00",  # no timezone in the status: UTC
        "Incident : `opalia-20260301-0900`",
        "En attente de prise en charge :",
        "• `k1` — com (appel : com (titulaire))",
        "Déclarations à approuver :",
        "• `s1` — modèle reponse-attente, à approuver par : com",
    ]
