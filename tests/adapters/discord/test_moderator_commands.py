"""End to end on the fake Discord: a moderator's slash commands and menus reach Discord through
the desk and the outbox (one row per command × expected REST call), a member is refused in their
language, and a temporary ban is lifted on time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.clock import ManualClock
from bot.desk import Actor
from bot.service import CommunityService
from bot.store.tables import ACTIONS
from tests.adapters.discord.conftest import (
    DEFERRED_MESSAGE,
    EPHEMERAL,
    Harness,
    option,
    running_bot,
    slash,
    test_settings,
)
from tests.fakes.discord_server import (
    ALICE_ID,
    BOB_ID,
    BOT_ID,
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MEMBER_ROLE_ID,
    MODERATOR_ROLE_ID,
    MODERATORS_CHANNEL_ID,
    OWNER_ID,
    FakeDiscordServer,
    FakeMember,
    FakeUser,
)


def member(server: FakeDiscordServer, user_id: int, name: str = "member") -> tuple[dict, dict]:
    """A user option and the resolved data Discord sends with it."""
    found = server.guilds[GUILD_ID].member(user_id) if hasattr(server, "guilds") else None
    user = found.user.payload() if found else {"id": str(user_id), "username": "x"}
    resolved: dict[str, Any] = {"users": {str(user_id): user}}
    if found is not None:
        resolved["members"] = {str(user_id): found.payload(with_user=False)}
    return {"name": name, "type": 6, "value": str(user_id)}, resolved


async def run(
    harness: Harness, name: str, user: int, target: int, *options: dict, locale: str = "fr"
) -> str:
    """`user` runs `/name` on `target`; the private answer."""
    picked, resolved = member(harness.server, target)
    interaction = await harness.server.dispatch_slash_command(
        name,
        user_id=user,
        channel_id=GENERAL_CHANNEL_ID,
        options=[picked, *options],
        resolved=resolved,
        locale=locale,
    )
    return await answer_of(harness.server, interaction)


async def answer_of(server: FakeDiscordServer, interaction: dict[str, Any]) -> str:
    """The private answer to an interaction: its callback, or the follow-up of a deferred one."""
    first = await server.wait_for_request(
        "POST", f"/interactions/{interaction['id']}/{{}}/callback"
    )
    data = first.json.get("data") or {}
    if first.json["type"] == DEFERRED_MESSAGE:
        data = (
            await server.wait_for_request("POST", f"/webhooks/{{}}/{interaction['token']}")
        ).json
    assert data["flags"] & EPHEMERAL
    return str(data["content"])


BAN = f"/guilds/{GUILD_ID}/bans/{ALICE_ID}"
MEMBER = f"/guilds/{GUILD_ID}/members/{ALICE_ID}"
COMMANDS = [
    (
        "warn",
        [option("reason", "ton agressif"), option("rule", "insultes")],
        "Avertissement envoyé",
        ("POST", "/users/@me/channels"),
    ),
    (
        "timeout",
        [option("duration", "1h"), option("reason", "calme")],
        "Membre réduit au silence pour 1\u00a0heure",
        ("PATCH", MEMBER),
    ),
    ("kick", [option("reason", "spam")], "Membre exclu", ("DELETE", MEMBER)),
    ("ban", [option("reason", "spam"), option("clean", "1d")], "Membre banni (cas", ("PUT", BAN)),
    ("note", [option("text", "averti en privé")], "Note ajoutée", None),
]


@pytest.mark.parametrize(
    ("name", "options", "answer", "expected"), COMMANDS, ids=[c[0] for c in COMMANDS]
)
async def test_a_moderators_command_reaches_discord(
    harness: Harness, name: str, options: list, answer: str, expected: tuple[str, str] | None
) -> None:
    text = await run(harness, name, BOB_ID, ALICE_ID, *options)
    assert text.startswith(answer)
    report = await harness.pump()
    assert not report.failed
    if expected is not None:
        await harness.request(*expected)
    if name == "ban":
        assert ALICE_ID in harness.server.guilds[GUILD_ID].bans


async def test_a_member_is_refused_in_their_language(harness: Harness) -> None:
    text = await run(harness, "ban", ALICE_ID, BOB_ID, option("reason", "x"), locale="en-US")
    assert text == "Only the moderators named in the charter may do this."
    french = await run(harness, "ban", ALICE_ID, BOB_ID, option("reason", "x"), locale="fr")
    assert french == "Réservé aux modérateurs nommés dans la charte."


CAROL_ID = 100_000_000_000_000_399  # a second moderator


@pytest.mark.parametrize(
    ("target", "answer"),
    [
        (CAROL_ID, "Ce membre a un rôle de modération égal ou supérieur au vôtre"),
        (OWNER_ID, "On ne sanctionne pas le propriétaire de la communauté."),
        (BOT_ID, "Vigie ne se sanctionne pas elle-même."),
    ],
    ids=["another-moderator", "owner", "the-bot"],
)
async def test_staff_the_owner_and_the_bot_are_not_sanctioned(
    harness: Harness, target: int, answer: str
) -> None:
    guild = harness.server.guilds[GUILD_ID]
    carol = FakeMember(FakeUser(CAROL_ID, "carol"), [MEMBER_ROLE_ID, MODERATOR_ROLE_ID])
    guild.members.append(carol)  # her member roles come with the command (resolved data)
    text = await run(harness, "ban", BOB_ID, target, option("reason", "spam"))
    assert text.startswith(answer)
    report = await harness.pump()
    assert report.done == 0 and target not in guild.bans


async def test_a_temporary_ban_is_lifted_on_time(
    harness: Harness, service: CommunityService, clock: ManualClock
) -> None:
    text = await run(
        harness, "ban", BOB_ID, ALICE_ID, option("reason", "spam"), option("duration", "2h")
    )
    assert text.startswith("Membre banni jusqu'au")
    await harness.pump()
    await harness.request("PUT", BAN)
    assert ALICE_ID in harness.server.guilds[GUILD_ID].bans
    # the unban waits in the outbox until the ban's end
    bob = Actor(f"discord:{BOB_ID}", frozenset({"moderator"}))
    history = service.desk.infractions(str(GUILD_ID), str(ALICE_ID), bob)
    [(_, action, until, lifted)] = history.data.entries
    assert action == "ban" and until is not None and lifted is None
    # the desk's pump, as on Telegram, sends the unban when its time comes
    clock.advance(timedelta(hours=2, seconds=1))
    report = await harness.pump()
    assert report.done == 1 and ALICE_ID not in harness.server.guilds[GUILD_ID].bans
    await harness.request("DELETE", BAN)


async def test_delete_menu_and_purge_and_unban(harness: Harness) -> None:
    payload, _ = await harness.post("Bonjour, une question sur ma box")
    interaction = await harness.server.dispatch_message_command(
        "Delete message", target_message_id=int(payload["id"]), user_id=BOB_ID, locale="fr"
    )
    assert (await answer_of(harness.server, interaction)).startswith("Message supprimé")
    await harness.pump()
    await harness.request("DELETE", f"/channels/{GENERAL_CHANNEL_ID}/messages/{payload['id']}")

    await harness.post("un autre message")
    text = await run(
        harness, "purge", BOB_ID, ALICE_ID, option("count", 5), option("reason", "flood")
    )
    assert text.startswith("2 messages supprimés")
    await harness.pump()
    await harness.request("POST", f"/channels/{GENERAL_CHANNEL_ID}/messages/bulk-delete")

    unban = await slash(
        harness.server,
        "unban",
        BOB_ID,
        [option("user", str(ALICE_ID)), option("reason", "erreur")],
        locale="fr",
    )
    assert unban.json["data"]["content"].startswith("Membre débanni")
    report = await harness.pump()
    assert not report.failed  # not banned: the unban counts as done


async def test_infractions_lists_the_history(harness: Harness) -> None:
    await run(
        harness, "warn", BOB_ID, ALICE_ID, option("reason", "ton"), option("rule", "insultes")
    )
    text = await run(harness, "infractions", BOB_ID, ALICE_ID)
    assert text.startswith(f"Casier de {ALICE_ID} : 1 avertissement actif, 1 cas.")
    assert "Avertissement · insultes · ton" in text


@pytest.mark.parametrize(
    ("action", "changes", "recorded"),
    [
        (22, None, "ban"),
        (20, None, "kick"),
        (
            24,
            [{"key": "communication_disabled_until", "new_value": "2030-01-01T00:00:00+00:00"}],
            "timeout",
        ),
        (24, [{"key": "nick", "new_value": "x"}], None),
    ],
    ids=["ban", "kick", "timeout", "nickname-ignored"],
)
async def test_a_native_action_is_recorded_as_the_moderators_case(
    harness: Harness, service: CommunityService, action: int, changes: Any, recorded: str | None
) -> None:
    entry: dict[str, Any] = {
        "id": "900000000000000001",
        "guild_id": str(GUILD_ID),
        "user_id": str(BOB_ID),
        "target_id": str(ALICE_ID),
        "action_type": action,
        "reason": "fait à la main",
    }
    if changes:
        entry["changes"] = changes
    await harness.server.dispatch("GUILD_AUDIT_LOG_ENTRY_CREATE", entry)
    if recorded is None:
        await harness.server.dispatch("GUILD_AUDIT_LOG_ENTRY_CREATE", {**entry, "action_type": 22})
    native = await harness.event("native")
    assert native.action == (recorded or "ban") and native.moderator == f"discord:{BOB_ID}"
    bob = Actor(f"discord:{BOB_ID}", frozenset({"moderator"}))
    history = service.desk.infractions(str(GUILD_ID), str(ALICE_ID), bob).data
    assert [(case.kind, act, case.decided_by) for case, act, _, _ in history.entries] == [
        ("native", recorded or "ban", f"discord:{BOB_ID}")
    ]
    report = await harness.pump()
    assert report.done == 1 and not report.failed  # its mod-log line, nothing done again


async def test_the_mod_log_channel_gets_one_line_per_action(
    service: CommunityService, server: FakeDiscordServer
) -> None:
    settings = test_settings(modlog_channel=str(MODERATORS_CHANNEL_ID))
    async with running_bot(service, server, settings) as harness:
        await run(harness, "warn", BOB_ID, ALICE_ID, option("reason", "ton agressif"))
        await harness.pump()
        posted = await harness.request("POST", f"/channels/{MODERATORS_CHANNEL_ID}/messages")
        assert posted.json["content"].startswith("⚠️ Avertissement — alice par ")
        assert "ton agressif (cas n° 1)" in posted.json["content"]
        await harness.pump()
        logged = [p for p in harness.posts_to(MODERATORS_CHANNEL_ID) if "⚠️" in p.json["content"]]
        assert len(logged) == 1  # once, whatever the retries


async def test_a_flagged_message_deleted_by_hand_is_logged_once(
    harness: Harness, service: CommunityService
) -> None:
    payload, decision = await harness.post("Je vends mon ancienne box, écrivez-moi en privé")
    assert decision.matched == ("hors-sujet",)  # flagged, warned, not deleted by Vigie
    deleted = {
        "id": payload["id"],
        "channel_id": str(GENERAL_CHANNEL_ID),
        "guild_id": str(GUILD_ID),
    }
    await harness.server.dispatch("MESSAGE_DELETE", deleted)
    await harness.event("deleted")
    desk_text = service.desk.message_text(str(GUILD_ID), payload["id"])
    assert desk_text is not None

    insult, _ = await harness.post("t'es qu'un c0nn4rd")
    await harness.pump()  # Vigie deletes it: the fake echoes MESSAGE_DELETE, not logged
    await harness.request("DELETE", f"/channels/{GENERAL_CHANNEL_ID}/messages/{insult['id']}")
    await harness.server.dispatch("MESSAGE_DELETE", {**deleted, "id": insult["id"]})
    await harness.server.dispatch("MESSAGE_DELETE", deleted)  # a redelivery: logged once
    await harness.post("bonjour")  # events are handled in order: the deletions are done
    with service.db.read() as connection:
        rows = connection.execute(select(ACTIONS.c.payload).where(ACTIONS.c.kind == "modlog"))
        lines = [row.payload["params"]["text"] for row in rows]
    deleted_lines = [line for line in lines if "🗑️" in line]
    assert len(deleted_lines) == 1 and "hors-sujet" in deleted_lines[0]
