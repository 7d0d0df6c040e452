"""Slash commands: /rules in the member's language, /report and the Report menu (a case with its
card), /appeal (reviewed by another moderator than the one who decided), /crisis status and level
for the staff, /ack, and their registration with French names."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest_asyncio

from bot.desk import Actor
from bot.service import CommunityService
from tests.adapters.discord.conftest import (
    DEFERRED_MESSAGE,
    EPHEMERAL,
    INSULT,
    UPDATE_MESSAGE,
    Harness,
    card_buttons,
    click,
    option,
    running_bot,
    slash,
    test_settings,
)
from tests.adapters.discord.test_review import HATE
from tests.fakes.discord_server import (
    ALICE_ID,
    BOB_ID,
    BOT_ID,
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MODERATOR_ROLE_ID,
    MODERATORS_CHANNEL_ID,
    FakeDiscordServer,
    FakeMember,
    FakeUser,
    sample_guild,
)

CAROL_ID = 100_000_000_000_000_305  # a second moderator, for the four-eyes rule


def answer_text(answer) -> str:
    assert answer.json["type"] == 4 and answer.json["data"]["flags"] & EPHEMERAL
    return answer.json["data"]["content"]


async def card_of(harness: Harness) -> list[str]:
    """Drain the outbox; the buttons of the card it posted in the moderators' channel."""
    await harness.pump()
    card = await harness.request("POST", f"/channels/{MODERATORS_CHANNEL_ID}/messages")
    return card_buttons(card.json)


async def test_rules_shows_the_charter_in_the_members_language(harness: Harness) -> None:
    english = await slash(harness.server, "rules", ALICE_ID)
    assert "No insults" in answer_text(english)
    rest = await harness.request("POST", f"/webhooks/{BOT_ID}/{{}}")  # longer than one message
    assert rest.json["flags"] & EPHEMERAL
    french = await slash(harness.server, "rules", ALICE_ID, locale="fr")
    assert "Pas d'insultes" in answer_text(french)


async def test_report_opens_a_case_and_posts_its_card(
    harness: Harness, service: CommunityService
) -> None:
    payload, _ = await harness.post("Je vends mon compte, écrivez-moi en privé")
    link = f"https://discord.com/channels/{GUILD_ID}/{GENERAL_CHANNEL_ID}/{payload['id']}"
    answer = await slash(
        harness.server, "report", BOB_ID, [option("message", link), option("reason", "arnaque")]
    )
    assert "case #1" in answer_text(answer)
    [confirm, *_] = await card_of(harness)
    assert confirm == "vigie:case:1:confirm"
    case = service.desk.case(1)
    assert (case.kind, case.message_id, case.reason) == ("report", payload["id"], "arnaque")

    bad = await slash(
        harness.server, "report", BOB_ID, [option("message", "hier"), option("reason", "?")]
    )
    assert "message link" in answer_text(bad)


async def test_the_report_menu_of_a_message_opens_a_case(
    harness: Harness, service: CommunityService
) -> None:
    payload, _ = await harness.post("message douteux")
    interaction = await harness.server.dispatch_message_command(
        "Report message", target_message_id=int(payload["id"]), user_id=BOB_ID
    )
    deferred = await harness.request("POST", f"/interactions/{interaction['id']}/{{}}/callback")
    assert deferred.json["type"] == DEFERRED_MESSAGE  # answered at once, the work comes after
    answer = await harness.request("POST", f"/webhooks/{{}}/{interaction['token']}")
    assert "case #1" in answer.json["content"] and answer.json["flags"] & EPHEMERAL
    assert service.desk.case(1).message_id == payload["id"]


@pytest_asyncio.fixture
async def two_moderators(service: CommunityService) -> AsyncIterator[Harness]:
    guild = sample_guild()
    guild.members.append(FakeMember(FakeUser(CAROL_ID, "carol"), [MODERATOR_ROLE_ID]))
    async with FakeDiscordServer(guild) as server, running_bot(service, server) as harness:
        yield harness


async def test_an_appeal_is_reviewed_by_another_moderator(
    two_moderators: Harness, service: CommunityService
) -> None:
    harness = two_moderators
    await harness.post(HATE)
    [confirm, *_] = await card_of(harness)
    await click(harness.server, confirm, BOB_ID)  # bob decides the case

    answer = await slash(harness.server, "appeal", ALICE_ID, [option("reason", "mal compris")])
    assert "case #2" in answer_text(answer)
    assert (await card_of(harness))[0] == "vigie:case:2:confirm"
    appeal = service.desk.case(2)
    assert (appeal.kind, appeal.original_moderator) == ("appeal", f"discord:{BOB_ID}")

    refused = await click(harness.server, "vigie:case:2:overturn", BOB_ID)
    assert "another moderator" in answer_text(refused)
    decided = await click(harness.server, "vigie:case:2:overturn", CAROL_ID)
    assert decided.json["type"] == UPDATE_MESSAGE
    assert service.desk.case(2).decided_by == f"discord:{CAROL_ID}"
    await harness.pump()
    told = harness.server.requests_to("POST", "/channels/{}/messages")[-1]
    assert "annulée" in told.json["content"]  # alice hears of the outcome privately


async def test_appeal_without_a_decision_says_so(harness: Harness) -> None:
    answer = await slash(harness.server, "appeal", ALICE_ID, [option("reason", "pourquoi ?")])
    assert "No decision about you" in answer_text(answer)


async def test_appeal_of_a_decision_by_number(harness: Harness, service: CommunityService) -> None:
    await harness.post(INSULT)
    answer = await slash(
        harness.server,
        "appeal",
        ALICE_ID,
        [option("reason", "ce n'était pas moi"), option("decision", 1)],
    )
    assert "case #1" in answer_text(answer)
    again = await slash(harness.server, "appeal", ALICE_ID, [option("reason", "bis")])
    assert "already under appeal" in answer_text(again)


def crisis(sub: str, *options: dict) -> list[dict]:
    return [{"name": sub, "type": 1, "options": list(options)}]


async def test_crisis_commands_are_for_the_staff(harness: Harness) -> None:
    refused = await slash(harness.server, "crisis", ALICE_ID, crisis("level", option("level", 2)))
    assert "Only the community managers" in answer_text(refused)
    quiet = await slash(harness.server, "crisis", BOB_ID, crisis("status"))
    assert "no crisis under way" in answer_text(quiet)
    moderator_only = await slash(
        harness.server, "crisis", BOB_ID, crisis("level", option("level", 2))
    )
    assert "Only the community managers" in answer_text(moderator_only)  # speaks for the brand


async def test_a_manager_declares_a_level_and_acknowledges(
    service: CommunityService, server: FakeDiscordServer
) -> None:
    staff = replace(service.staff, managers=service.staff.managers | {f"user:{BOB_ID}"})
    managed = CommunityService(
        service.charter, service.engine, service.db, service.clock, "discord", staff, service.crisis
    )
    async with running_bot(managed, server) as harness:
        declared = await slash(
            harness.server,
            "crisis",
            BOB_ID,
            crisis("level", option("level", 2), option("reason", "panne")),
        )
        assert "Level 2 declared" in answer_text(declared)
        await harness.pump()
        await harness.request("PATCH", f"/channels/{GENERAL_CHANNEL_ID}")  # slow mode
        status = answer_text(await slash(harness.server, "crisis", BOB_ID, crisis("status")))
        assert status.startswith("**Level 2 — Alert**") and "reponse-attente" in status

        bob = Actor(f"discord:{BOB_ID}", frozenset({f"user:{BOB_ID}"}))
        case = managed.desk.crisis_status(str(GUILD_ID), bob)["cases"][0]["case"]
        acked = await slash(harness.server, "ack", BOB_ID, [option("case", case)])
        assert answer_text(acked) == f"Acknowledged: {case}."
        unknown = await slash(harness.server, "ack", BOB_ID, [option("case", "nope")])
        assert answer_text(unknown) == "Unknown: nope."


async def test_commands_are_registered_with_french_names(
    service: CommunityService, server: FakeDiscordServer
) -> None:
    settings = test_settings(sync_commands=True, command_guild=GUILD_ID)
    async with running_bot(service, server, settings) as harness:
        sync = await harness.request("PUT", f"/applications/{BOT_ID}/guilds/{GUILD_ID}/commands")
    names = {c["name"]: c.get("name_localizations") or {} for c in sync.json}
    assert set(names) == {
        *("rules", "report", "Report message", "appeal", "crisis", "ack"),
        *("warn", "timeout", "kick", "ban", "unban", "delete", "purge", "note", "infractions"),
        *("Infractions", "Delete message"),
    }
    french = {name: localized["fr"] for name, localized in names.items()}
    assert french == {
        "rules": "regles",
        "report": "signaler",
        "Report message": "Signaler le message",
        "appeal": "recours",
        "crisis": "crise",
        "ack": "pris-en-charge",
        "warn": "avertir",
        "timeout": "sourdine",
        "kick": "expulser",
        "ban": "bannir",
        "unban": "debannir",
        "delete": "supprimer",
        "purge": "nettoyer",
        "note": "note",
        "infractions": "casier",
        "Infractions": "Casier",
        "Delete message": "Supprimer le message",
    }
