"""End to end on the fake Bot API: a moderator's commands in reply to a member's message reach
Telegram through the desk and the outbox (one row per command × expected Bot API call), members
are refused in their language, and a temporary ban is lifted on time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.adapters.telegram.app import ALLOWED_UPDATES
from tests.adapters.telegram.conftest import Harness
from tests.adapters.telegram.test_bot import has_text, to_chat
from tests.fakes.telegram_server import (
    ALICE_ID,
    BOB_ID,
    BOT_ID,
    GROUP_CHAT_ID,
    OWNER_ID,
    PERMISSION_KEYS,
    TgUser,
)


async def alice_said(h: Harness, text: str = "Bonjour à tous, une question sur ma box") -> int:
    message = await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, text)
    await h.decision()
    await h.pump()
    assert message is not None
    return int(message["message_id"])


async def in_reply(h: Harness, user: int, command: str, to: int) -> None:
    await h.server.push_message(GROUP_CHAT_ID, user, command, reply_to=to)


def of_alice(call: Any) -> bool:
    return call.params.get("user_id") == ALICE_ID


# command typed in reply to Alice → the Bot API method it must reach, and Bob's answer
COMMANDS = [
    ("/avertir regle:hors-sujet pas de vente ici", "sendMessage", "Avertissement envoyé"),
    ("/sourdine 10m calme-toi", "restrictChatMember", "Membre réduit au silence pour 10 minutes"),
    ("/mute 10m calm down", "restrictChatMember", "Member timed out for 10 minutes"),
    ("/expulser spam", "unbanChatMember", "Membre exclu"),
    ("/bannir spam répété", "banChatMember", "Membre banni (cas"),
    ("/supprimer hors sujet", "deleteMessage", "Message supprimé"),
    ("/nettoyer 5 flood", "deleteMessages", "1 message supprimé"),
    ("/note déjà averti en privé", None, "Note ajoutée"),  # for the moderators: no Bot API call
]


@pytest.mark.parametrize(
    ("command", "method", "answer"), COMMANDS, ids=[c[0].split()[0][1:] for c in COMMANDS]
)
async def test_a_moderators_command_reaches_telegram(
    h: Harness, command: str, method: str | None, answer: str
) -> None:
    target = await alice_said(h)
    await in_reply(h, BOB_ID, command, target)
    reply = await h.server.wait_for_call("sendMessage", where=has_text(GROUP_CHAT_ID, answer[:12]))
    assert reply.params["text"].startswith(answer)
    await h.pump()
    if method == "sendMessage":
        call = await h.server.wait_for_call(method, where=to_chat(ALICE_ID))
        assert "Motif : pas de vente ici" in call.params["text"]
        assert "par un modérateur (pas automatiquement)" in call.params["text"]
    elif method in ("deleteMessage", "deleteMessages"):
        call = await h.server.wait_for_call(method)
        ids = call.params.get("message_ids") or [call.params["message_id"]]
        assert target in ids
    elif method is not None:
        await h.server.wait_for_call(method, where=of_alice)


async def test_a_member_is_refused_in_their_language(h: Harness) -> None:
    target = await alice_said(h)
    h.server.users[ALICE_ID].language_code = "en"
    await in_reply(h, ALICE_ID, "/ban spam", target)
    refusal = await h.server.wait_for_call("sendMessage", where=has_text(GROUP_CHAT_ID, "Only"))
    assert refusal.params["text"] == "Only the moderators named in the charter may do this."
    assert not h.server.calls_to("banChatMember")


CAROL_ID = 1_009  # an administrator of the group: a moderator


@pytest.mark.parametrize(
    ("by", "target", "answer"),
    [
        (CAROL_ID, BOB_ID, "Ce membre a un rôle de modération égal ou supérieur au vôtre"),
        (BOB_ID, OWNER_ID, "On ne sanctionne pas le propriétaire de la communauté."),
        (BOB_ID, BOT_ID, "Vigie ne se sanctionne pas elle-même."),
    ],
    ids=["moderator-on-a-manager", "owner", "the-bot"],
)
async def test_staff_the_owner_and_the_bot_are_not_sanctioned(
    h: Harness, by: int, target: int, answer: str
) -> None:
    h.server.users[CAROL_ID] = TgUser(CAROL_ID, "Carol", username="carol")
    h.server.chats[GROUP_CHAT_ID].admin_ids.append(CAROL_ID)
    h.server.chats[GROUP_CHAT_ID].member_ids.append(CAROL_ID)
    await h.server.push_message(GROUP_CHAT_ID, by, f"/bannir {target} spam")
    reply = await h.server.wait_for_call("sendMessage", where=has_text(GROUP_CHAT_ID, answer[:12]))
    assert reply.params["text"].startswith(answer)
    await h.pump()
    assert not h.server.calls_to("banChatMember")


async def test_a_temporary_ban_is_lifted_on_time_and_the_history_shows_it(h: Harness) -> None:
    target = await alice_said(h)
    await in_reply(h, BOB_ID, "/bannir 1d nettoyer:1d spam", target)
    await h.server.wait_for_call("sendMessage", where=has_text(GROUP_CHAT_ID, "Membre banni"))
    await h.pump()
    await h.server.wait_for_call("banChatMember", where=of_alice)
    assert not h.server.calls_to("unbanChatMember")
    h.clock.advance(timedelta(days=1, seconds=1))
    await h.pump()
    await h.server.wait_for_call("unbanChatMember", where=of_alice)

    await h.server.push_command(GROUP_CHAT_ID, BOB_ID, "casier", str(ALICE_ID))
    history = await h.server.wait_for_call("sendMessage", where=has_text(GROUP_CHAT_ID, "Casier"))
    assert "Bannissement" in history.params["text"] and "spam" in history.params["text"]


async def test_unban_by_id(h: Harness) -> None:
    await h.server.push_command(GROUP_CHAT_ID, BOB_ID, "debannir", f"{ALICE_ID} erreur")
    await h.server.wait_for_call("sendMessage", where=has_text(GROUP_CHAT_ID, "Membre débanni"))
    await h.pump()
    await h.server.wait_for_call("unbanChatMember", where=of_alice)


def _member(user: dict, status: str, **fields: Any) -> dict:
    if status == "kicked":
        fields.setdefault("until_date", 0)
    return {"user": user, "status": status, **fields}


@pytest.mark.parametrize(
    ("old", "new", "by", "recorded"),
    [
        ("member", "kicked", BOB_ID, "ban"),
        ("kicked", "left", BOB_ID, "unban"),
        ("member", "restricted", BOB_ID, "timeout"),
        ("member", "left", ALICE_ID, None),  # she left on her own
    ],
    ids=["ban", "unban", "mute", "left-alone"],
)
async def test_a_native_action_is_recorded_as_the_admins_case(
    h: Harness, old: str, new: str, by: int, recorded: str | None
) -> None:
    h.server.allowed_updates = list(ALLOWED_UPDATES)  # as `vigie run telegram` asks
    alice, admin = h.server.users[ALICE_ID].payload(), h.server.users[by].payload()
    extra: dict[str, Any] = {}
    if new == "restricted":
        extra |= {"is_member": True, "can_send_messages": False, "until_date": 1900000000}
        extra |= {name: False for name in RIGHTS}
    change = {
        "chat": {"id": GROUP_CHAT_ID, "type": "supergroup", "title": "g"},
        "from": admin,
        "date": 1700000000,
        "old_chat_member": _member(alice, old),
        "new_chat_member": _member(alice, new, **extra),
    }
    await h.server.push_update({"chat_member": change})
    if recorded is None:
        ban = {**change, "from": h.server.users[BOB_ID].payload()}
        ban["new_chat_member"] = _member(alice, "kicked", until_date=0)
        await h.server.push_update({"chat_member": ban})
    native = await h.next_event("native")
    assert native.action == (recorded or "ban")
    assert native.moderator == f"telegram:{BOB_ID}"
    report = await h.pump()
    assert not report.failed


# Every member right but sending messages: what a mute leaves off besides that one.
RIGHTS = tuple(key for key in PERMISSION_KEYS if key != "can_send_messages")
