"""Moderator review in the channel: a case for a human becomes a card with the message, the rule,
the strikes and three buttons; a moderator's click is the verdict (recorded for the classifiers'
feedback), anyone else is refused privately, and the buttons still work after a restart."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.core.clock import ManualClock
from bot.service import CommunityService
from bot.store.database import Database
from tests.adapters.discord.conftest import (
    DEFERRED_UPDATE,
    EPHEMERAL,
    UPDATE_MESSAGE,
    Harness,
    answer_to,
    card_buttons,
    card_fields,
    click,
    make_service,
    message_with_button,
    running_bot,
    test_settings,
)
from tests.fakes.discord_server import (
    ALICE_ID,
    BOB_ID,
    GENERAL_CHANNEL_ID,
    MODERATORS_CHANNEL_ID,
    FakeDiscordServer,
)

HATE = "ces gens-là sont des sous-hommes"


async def post_escalation(harness: Harness) -> int:
    """alice posts a hateful message; the id of the case its card shows."""
    await harness.post(HATE)
    await harness.pump()
    card = await harness.request(
        "POST", f"/channels/{MODERATORS_CHANNEL_ID}/messages", where=lambda r: "embeds" in r.json
    )
    return int(card_buttons(card.json)[0].split(":")[2])


async def test_an_escalation_is_posted_as_a_card_with_its_evidence(harness: Harness) -> None:
    _, decision = await harness.post(HATE)
    assert [a.kind for a in decision.actions] == ["delete", "timeout", "escalate", "notify_author"]
    await harness.pump()
    card = await harness.request("POST", f"/channels/{MODERATORS_CHANNEL_ID}/messages")
    embed = card.json["embeds"][0]
    assert embed["title"].endswith("Case to review")  # the guild's language: en-US
    assert HATE in embed["description"] and f"<@{ALICE_ID}>" in embed["description"]
    assert f"/channels/{harness.server.guild.id}/{GENERAL_CHANNEL_ID}/" in embed["description"]
    fields = card_fields(card.json)
    assert fields["Rule"] == "haine" and fields["Channel"] == f"<#{GENERAL_CHANNEL_ID}>"
    assert fields["Active strikes"] == "2" and "<t:" in fields["Due by"]
    case = card_buttons(card.json)[0].split(":")[2]
    verdicts = ("confirm", "overturn", "escalate")
    assert card_buttons(card.json) == [f"vigie:case:{case}:{verdict}" for verdict in verdicts]


async def test_a_moderator_confirms_with_a_click_and_the_verdict_is_recorded(
    harness: Harness, service: CommunityService
) -> None:
    case_id = await post_escalation(harness)
    answer = await click(harness.server, f"vigie:case:{case_id}:confirm", BOB_ID)
    assert answer.json["type"] == UPDATE_MESSAGE  # the card itself shows the outcome
    assert answer.json["data"]["components"] == []  # no more buttons on a decided case
    assert card_fields(answer.json["data"])["Outcome"] == f"✅ Confirmed by <@{BOB_ID}>"
    case = service.desk.case(case_id)
    assert (case.status, case.verdict, case.decided_by) == (
        "confirmed",
        "confirm",
        f"discord:{BOB_ID}",
    )


async def test_a_member_who_is_not_a_moderator_is_refused_privately(
    harness: Harness, service: CommunityService
) -> None:
    case_id = await post_escalation(harness)
    answer = await click(harness.server, f"vigie:case:{case_id}:overturn", ALICE_ID, "fr")
    assert answer.json["type"] == 4 and answer.json["data"]["flags"] & EPHEMERAL
    assert answer.json["data"]["content"].startswith("Réservé aux modérateurs")  # her language
    assert service.desk.case(case_id).status == "open"


async def test_an_overturn_tells_the_author_and_removes_the_strikes(
    harness: Harness, service: CommunityService
) -> None:
    case_id = await post_escalation(harness)
    await click(harness.server, f"vigie:case:{case_id}:overturn", BOB_ID)
    await harness.pump()
    dm = harness.server.requests_to("POST", "/channels/{}/messages")[-1]
    assert dm.path.split("/")[2] in {str(c) for c in harness.server.dm_channels}
    assert "annulée" in dm.json["content"]  # the author is told in the charter's language
    assert dict(service.desk.card(case_id, "en").fields)["Active strikes"] == "0"


async def test_buttons_still_work_after_a_restart(
    service: CommunityService, server: FakeDiscordServer, db: Database
) -> None:
    async with running_bot(service, server) as before:
        case_id = await post_escalation(before)
    restarted = make_service(db)  # a new process: new service, new client, same database
    async with running_bot(restarted, server):
        answer = await click(server, f"vigie:case:{case_id}:escalate", BOB_ID)
    assert answer.json["type"] == UPDATE_MESSAGE
    assert len(answer.json["data"]["components"][0]["components"]) == 3  # open for a senior
    assert restarted.desk.case(case_id).status == "escalated"


async def test_two_moderators_clicking_at_once_get_one_verdict(
    harness: Harness, service: CommunityService
) -> None:
    case_id = await post_escalation(harness)
    card = message_with_button(harness.server, f"vigie:case:{case_id}:confirm")
    # Both clicks leave before the card changes: Discord delivers both.
    clicks = [
        await harness.server.dispatch_component(
            f"vigie:case:{case_id}:{verdict}", message_id=card, user_id=BOB_ID
        )
        for verdict in ("confirm", "overturn")
    ]
    answers = [await answer_to(harness.server, c) for c in clicks]
    # Both are deferred at once; whichever reaches the desk first wins, the other is told.
    kinds = [answer.json["type"] for answer in answers]
    assert sorted(kinds) == [4, UPDATE_MESSAGE]
    refused = answers[kinds.index(4)].json["data"]
    assert refused["flags"] & EPHEMERAL and "already decided" in refused["content"]
    winner = ("confirm", "overturn")[kinds.index(UPDATE_MESSAGE)]
    assert service.desk.case(case_id).verdict == winner


async def test_the_moderators_channel_may_be_given_by_name(
    service: CommunityService, server: FakeDiscordServer
) -> None:
    async with running_bot(service, server, test_settings(mod_channel="#Moderators")) as harness:
        await harness.post(HATE)
        await harness.pump()
        card = await harness.request("POST", f"/channels/{MODERATORS_CHANNEL_ID}/messages")
    assert card_buttons(card.json)[0].startswith("vigie:case:")


async def test_a_failing_click_is_answered_and_logged(
    harness: Harness, service: CommunityService, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = await post_escalation(harness)

    def unavailable(*args: object) -> None:
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(service.desk, "review", unavailable)
    answer = await click(harness.server, f"vigie:case:{case_id}:confirm", BOB_ID)
    assert answer.json["data"]["flags"] & EPHEMERAL
    assert "Vigie's logs" in answer.json["data"]["content"]


async def test_a_slow_verdict_is_deferred_before_the_work(
    harness: Harness, service: CommunityService, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = await post_escalation(harness)
    review = service.desk.review

    def slow_review(*args: Any) -> Any:
        clock.advance(timedelta(seconds=5))  # the database took five seconds
        return review(*args)

    monkeypatch.setattr(service.desk, "review", slow_review)
    card = message_with_button(harness.server, f"vigie:case:{case_id}:confirm")
    interaction = await harness.server.dispatch_component(
        f"vigie:case:{case_id}:confirm", message_id=card, user_id=BOB_ID
    )
    first = await harness.request("POST", f"/interactions/{interaction['id']}/{{}}/callback")
    assert first.json["type"] == DEFERRED_UPDATE  # within Discord's three seconds
    edit = await harness.request(
        "PATCH", f"/webhooks/{{}}/{interaction['token']}/messages/@original"
    )
    assert card_fields(edit.json)["Outcome"] == f"✅ Confirmed by <@{BOB_ID}>"
    assert card_fields(harness.server.messages[card])["Outcome"].startswith("✅")
    assert service.desk.case(case_id).verdict == "confirm"
