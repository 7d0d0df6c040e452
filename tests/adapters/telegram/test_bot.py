"""End to end: the real python-telegram-bot application of `vigie run telegram` against the fake
Bot API, with the live service on SQLite. Each test pushes updates, awaits the bot's events (no
sleeps) and drives the outbox pump itself instead of waiting for its timer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.adapters.telegram.review import parse_callback
from bot.desk import Actor
from bot.store.casefile import Verdict
from bot.store.feedback import feedback_examples
from tests.adapters.telegram.conftest import CLAIRE_ID, HELENE_ID, Harness
from tests.fakes.telegram_server import (
    ALICE_ID,
    BOB_ID,
    GROUP_CHAT_ID,
    MODERATORS_CHAT_ID,
    OWNER_ID,
    ApiCall,
    TgUser,
)

INSULT = "t'es qu'un c0nn4rd"
IMPERSONATION = "Bonjour, je suis conseiller Opalia, envoyez-moi votre mot de passe"


def to_chat(chat_id: int):
    return lambda call: call.params.get("chat_id") == chat_id


def has_text(chat_id: int, fragment: str):
    return lambda call: call.params.get("chat_id") == chat_id and fragment in call.params["text"]


def is_copy_of(call: ApiCall, chat_id: int, ack: str) -> bool:
    """Whether `call` posts to `chat_id` a card whose acknowledgement button is `ack`."""
    if call.params.get("chat_id") != chat_id or "reply_markup" not in call.params:
        return False
    rows = call.params["reply_markup"]["inline_keyboard"]
    return any(button.get("callback_data") == ack for row in rows for button in row)


def button_data(card: ApiCall, verb: str) -> str:
    """The callback data of the card's button for `verb`."""
    rows = card.params["reply_markup"]["inline_keyboard"]
    for button in (button for row in rows for button in row):
        press = parse_callback(button["callback_data"])
        if press is not None and press.verb == verb:
            return button["callback_data"]
    raise AssertionError(f"no {verb} button on {rows}")


async def test_toxic_message_is_deleted_and_the_author_muted_by_the_ladder(h: Harness) -> None:
    first = await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, INSULT)
    assert (await h.decision()).matched == ("insultes",)
    await h.pump()
    deleted = await h.server.wait_for_call("deleteMessage")
    assert deleted.params == {"chat_id": GROUP_CHAT_ID, "message_id": first["message_id"]}
    warning = await h.server.wait_for_call("sendMessage", where=to_chat(ALICE_ID))
    assert "Pas d'insultes" in warning.params["text"]
    assert "Décision n° 1 — pour la contester : /recours 1" in warning.params["text"]

    h.clock.advance(timedelta(seconds=1))  # one message a second in the moderators' chat
    await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, INSULT)
    second = await h.decision()
    assert second.strikes == 2
    report = await h.pump()
    assert report.done == 4 and not report.failed  # delete, mute, statement of reasons, mod-log
    muted = await h.server.wait_for_call("restrictChatMember")
    assert muted.params["user_id"] == ALICE_ID
    assert not any(muted.params["permissions"].values())
    assert muted.params["until_date"] - h.clock.now().timestamp() == 3600  # the ladder's 1h
    assert (GROUP_CHAT_ID, ALICE_ID) in h.server.restrictions


async def test_a_legitimate_complaint_is_left_alone(h: Harness) -> None:
    complaint = "Ma box est en panne depuis 3 jours, c'est inadmissible, je veux être remboursé"
    await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, complaint)
    decision = await h.decision()
    assert decision.matched == () and decision.actions == ()
    report = await h.pump()
    assert report.done == 0
    assert not h.server.calls_to("deleteMessage") and not h.server.calls_to("restrictChatMember")


async def test_an_edit_is_decided_again(h: Harness) -> None:
    pushed = await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, "Bonjour à tous")
    assert (await h.decision()).matched == ()
    await h.server.push_edited_message(GROUP_CHAT_ID, pushed["message_id"], INSULT)
    edited = await h.decision()
    assert edited.message.edited and edited.matched == ("insultes",)
    await h.pump()
    deleted = await h.server.wait_for_call("deleteMessage")
    assert deleted.params["message_id"] == pushed["message_id"]


async def test_case_card_buttons_record_a_moderator_and_refuse_a_member(h: Harness) -> None:
    await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, IMPERSONATION)
    assert (await h.decision()).matched == ("usurpation",)
    await h.pump()
    card = await h.server.wait_for_call("sendMessage", where=to_chat(MODERATORS_CHAT_ID))
    assert "usurpation" in card.params["text"] and "mot de passe" in card.params["text"]
    assert "Avertissements actifs : 2" in card.params["text"]
    confirm = button_data(card, "confirm")
    card_id = max(mid for chat, mid in h.server.messages if chat == MODERATORS_CHAT_ID)

    await h.server.push_callback_query(
        ALICE_ID, confirm, chat_id=MODERATORS_CHAT_ID, message_id=card_id
    )
    refused = await h.server.wait_for_call("answerCallbackQuery")
    assert refused.params["show_alert"] is True and "Réservé" in refused.params["text"]

    await h.server.push_callback_query(
        BOB_ID, confirm, chat_id=MODERATORS_CHAT_ID, message_id=card_id
    )
    accepted = await h.server.wait_for_call("answerCallbackQuery")
    assert not accepted.params.get("show_alert")
    edited = await h.server.wait_for_call("editMessageText")
    assert "Confirmé par Bob" in edited.params["text"] and "reply_markup" not in edited.params
    case = h.service.desk.case(int(confirm.split(":")[2]))
    assert (case.verdict, case.decided_by) == (Verdict.CONFIRM, f"telegram:{BOB_ID}")
    [example] = feedback_examples(h.service.db)  # the classifiers' feedback loop
    assert example.verdict == "confirm" and "mot de passe" in example.text


@pytest.mark.parametrize(
    ("command", "language", "expected"),
    [
        ("regles", None, "Charte de modération"),
        ("rules", None, "Moderation charter"),
        ("regles", "en", "Moderation charter"),
        ("rules", "fr-FR", "Charte de modération"),
        ("rules", "de", "Moderation charter"),
    ],
    ids=["regles", "rules", "english-member", "french-member", "unspoken-language"],
)
async def test_rules_in_the_members_language(
    h: Harness, command: str, language: str | None, expected: str
) -> None:
    h.server.users[ALICE_ID].language_code = language
    await h.server.push_command(GROUP_CHAT_ID, ALICE_ID, command)
    answer = await h.server.wait_for_call("sendMessage", where=to_chat(GROUP_CHAT_ID))
    assert answer.params["text"].startswith(expected)  # Markdown headings made plain


async def test_appeal_goes_to_another_moderator(h: Harness) -> None:
    await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, IMPERSONATION)
    await h.decision()
    await h.pump()
    card = await h.server.wait_for_call("sendMessage", where=to_chat(MODERATORS_CHAT_ID))
    case_id = int(button_data(card, "confirm").split(":")[2])
    h.service.desk.review(
        case_id, Verdict.CONFIRM, Actor(f"telegram:{BOB_ID}", frozenset({"moderator"}))
    )

    await h.server.push_command(ALICE_ID, ALICE_ID, "recours", "je citais une arnaque")
    await h.server.wait_for_call("sendMessage", where=has_text(ALICE_ID, "Recours enregistré"))
    await h.pump()
    appeal_card = await h.server.wait_for_call("sendMessage", where=to_chat(MODERATORS_CHAT_ID))
    assert "Recours" in appeal_card.params["text"]
    confirm = button_data(appeal_card, "confirm")
    card_id = max(mid for chat, mid in h.server.messages if chat == MODERATORS_CHAT_ID)

    # Bob decided the case: he may not judge the appeal; the owner (a manager) may.
    for user, alert in ((BOB_ID, True), (OWNER_ID, False)):
        await h.server.push_callback_query(
            user, confirm, chat_id=MODERATORS_CHAT_ID, message_id=card_id
        )
        answer = await h.server.wait_for_call("answerCallbackQuery")
        assert bool(answer.params.get("show_alert")) is alert
    appeal = h.service.desk.case(int(confirm.split(":")[2]))
    assert appeal.kind == "appeal" and appeal.decided_by == f"telegram:{OWNER_ID}"


async def test_report_opens_a_case_and_posts_its_card(h: Harness) -> None:
    target = await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, "Rejoignez mon canal, vite")
    await h.decision()
    command = await h.server.push_message(
        GROUP_CHAT_ID, BOB_ID, "/signaler pub déguisée", reply_to=target["message_id"]
    )
    thanks = await h.server.wait_for_call("sendMessage", where=to_chat(BOB_ID))
    assert "signalement transmis" in thanks.params["text"]
    await h.server.wait_for_call(
        "deleteMessage", where=lambda c: c.params["message_id"] == command["message_id"]
    )
    await h.pump()
    card = await h.server.wait_for_call("sendMessage", where=to_chat(MODERATORS_CHAT_ID))
    assert "Signalement" in card.params["text"] and "Rejoignez mon canal" in card.params["text"]


async def test_flood_control_on_delete_is_waited_out_not_dropped(h: Harness) -> None:
    h.server.flood("deleteMessage", retry_after=3)
    await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, INSULT)
    await h.decision()
    first = await h.pump()
    assert first.retried == 1  # the delete; the warning went through
    await h.server.wait_for_call("deleteMessage")
    assert (await h.pump()).retried == 0 and len(h.server.calls_to("deleteMessage")) == 1

    h.clock.advance(timedelta(seconds=3))
    assert (await h.pump()).done == 1
    retried = await h.server.wait_for_call("deleteMessage")
    assert (GROUP_CHAT_ID, retried.params["message_id"]) not in h.server.messages


async def test_a_declared_crisis_level_notifies_the_crisis_cell(h: Harness) -> None:
    await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, "Bonjour")
    await h.decision()
    community = str(GROUP_CHAT_ID)
    # Level 2 calls roles on duty at any hour (level 1's community manager is not, on Sundays).
    helene = Actor(f"user:{HELENE_ID}", frozenset({f"user:{HELENE_ID}"}))
    h.service.desk.declare_level(community, 2, helene, "panne")
    await h.pump()
    notified = await h.server.wait_for_call("sendMessage", where=to_chat(HELENE_ID))
    assert "Alerte (2)" in notified.params["text"]
    ack = button_data(notified, "ack")
    # The moderators' chat gets a copy of each notice (the community manager's too, when on
    # duty): the one to look at is the copy of Hélène's, with the same acknowledgement button.
    copy = await h.server.wait_for_call(
        "sendMessage", where=lambda call: is_copy_of(call, MODERATORS_CHAT_ID, ack)
    )
    assert "Alerte (2)" in copy.params["text"]

    notice_id = max(mid for chat, mid in h.server.messages if chat == HELENE_ID)
    await h.server.push_callback_query(HELENE_ID, ack, chat_id=HELENE_ID, message_id=notice_id)
    answer = await h.server.wait_for_call("answerCallbackQuery")
    assert not answer.params.get("show_alert")
    case = h.service.crisis.monitor.cases[ack.split(":")[2]]
    assert (case.status, case.acked_by) == ("acknowledged", f"telegram:{HELENE_ID}")


async def test_crisis_command_declares_a_level_and_asks_for_slow_mode(h: Harness) -> None:
    await h.server.push_command(GROUP_CHAT_ID, ALICE_ID, "crise", "2 panne")
    await h.server.wait_for_call("sendMessage", where=has_text(GROUP_CHAT_ID, "Réservé"))

    await h.server.push_command(GROUP_CHAT_ID, OWNER_ID, "crise", "2 panne générale")
    await h.server.wait_for_call("sendMessage", where=has_text(GROUP_CHAT_ID, "Niveau 2"))
    report = await h.pump()
    assert [reason for _, reason in report.failed if "slow mode" in reason]
    await h.server.wait_for_call("sendMessage", where=to_chat(HELENE_ID))
    advice = await h.server.wait_for_call(
        "sendMessage", where=has_text(MODERATORS_CHAT_ID, "Mode lent")
    )
    assert "(30 secondes)" in advice.params["text"].replace("\xa0", " ")

    await h.server.push_command(GROUP_CHAT_ID, OWNER_ID, "crise")
    await h.server.wait_for_call(
        "sendMessage", where=has_text(GROUP_CHAT_ID, "En attente de prise en charge")
    )


async def test_new_members_feed_the_join_dates(h: Harness) -> None:
    newcomer = TgUser(2_001, "Newbie")
    joined = await h.server.push_new_members(GROUP_CHAT_ID, [newcomer])
    join = await h.next_event("join")
    assert join.user_id == "2001" and int(join.at.timestamp()) == joined["date"]
    await h.server.push_message(GROUP_CHAT_ID, newcomer.id, "salut, voici http://exemple.fr")
    decision = await h.decision()
    assert decision.message.author.joined == join.at
    assert decision.message.extra["links"] == ["http://exemple.fr"]


async def test_a_failing_handler_does_not_stop_the_bot(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    handle = h.service.handle

    def broken_once(message: object) -> object:
        monkeypatch.setattr(h.service, "handle", handle)  # the next message goes through
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(h.service, "handle", broken_once)
    await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, INSULT)
    error = await h.next_event("error")
    assert isinstance(error, RuntimeError)
    await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, INSULT)
    assert (await h.decision()).matched == ("insultes",)


async def test_the_running_pump_acts_as_soon_as_a_message_asks(h: Harness) -> None:
    h.bot.pump.start()
    try:
        pushed = await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, INSULT)
        deleted = await h.server.wait_for_call("deleteMessage")
        assert deleted.params["message_id"] == pushed["message_id"]
    finally:
        await h.bot.pump.stop()


async def test_only_the_approver_posts_a_statement_and_after_confirming(h: Harness) -> None:
    """/approuver shows the text first; only the plan's approver (com, or above) posts it."""
    await h.server.push_command(GROUP_CHAT_ID, OWNER_ID, "crise", "2 panne générale")
    await h.server.wait_for_call("sendMessage", where=has_text(GROUP_CHAT_ID, "Niveau 2"))
    status = h.service.crisis_status(str(GROUP_CHAT_ID))
    statement = status["statements"][0]["statement"]

    await h.server.push_command(GROUP_CHAT_ID, CLAIRE_ID, "approuver", f"{statement} oui")
    # in the asker's language (the crisis cell's own English message stays in the logs)
    refused = "Refusé : seuls les rôles du plan qui approuvent"
    await h.server.wait_for_call("sendMessage", where=has_text(GROUP_CHAT_ID, refused))
    await h.server.push_command(GROUP_CHAT_ID, HELENE_ID, "approuver", statement)
    await h.server.wait_for_call("sendMessage", where=has_text(GROUP_CHAT_ID, "Pour publier"))
    assert h.service.crisis.monitor.statements[statement].status == "proposed"

    await h.server.push_command(GROUP_CHAT_ID, HELENE_ID, "approuver", f"{statement} oui")
    await h.server.wait_for_call("sendMessage", where=has_text(GROUP_CHAT_ID, "approuvée"))
    assert h.service.crisis.monitor.statements[statement].status == "posted"
    assert h.service.crisis.monitor.incidents[status["incident"]].next_update_due is not None
