"""A member's data on request: the export holds theirs and nobody else's; deletion erases it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.store.audit import AuditLog
from bot.store.cases import CaseRepository
from bot.store.database import Database
from bot.store.recorder import DecisionRecorder
from bot.store.strikes import SqlStrikeLedger
from bot.store.tables import ACTIONS, CASES, DECISIONS, MESSAGES
from bot.store.userdata import DeletionReport, UserData
from tests.store.builders import T0, action, decision, message

LATER = T0 + timedelta(hours=2)


def populate(db: Database) -> int:
    """Alice (u1) and Bob (u2) each insult someone in c1 and are escalated; Alice also posts in c2.
    A moderator confirms Alice's case and she appeals. Returns Alice's c1 case id."""
    batch = []
    for mid, author, name, community in (
        ("a1", "u1", "Alice", "c1"),
        ("b1", "u2", "Bob", "c1"),
        ("a2", "u1", "Alice", "c2"),
    ):
        msg = message(mid, author=author, name=name, community=community, text=f"texte de {name}")
        batch.append(decision(msg, actions=(action(msg, "escalate"),), strike_weight=1))
    DecisionRecorder(db, timedelta(days=30)).record(batch)
    cases = CaseRepository(db)
    alice_case = next(c.id for c in cases.list_open() if c.message_id == "a1")
    cases.add_note(alice_case, "mod-a", "note sur Alice", T0)
    cases.decide(alice_case, "mod-a", "confirm", T0)
    cases.appeal("u1", "Je conteste", LATER, case_id=alice_case)
    return alice_case


@pytest.mark.parametrize(
    ("community", "message_ids"),
    [("c1", ["a1"]), (None, ["a1", "a2"])],
    ids=["one-community", "all-communities"],
)
def test_the_export_holds_the_users_data_and_nobody_elses(
    db: Database, community: str | None, message_ids: list[str]
) -> None:
    alice_case = populate(db)
    export = UserData(db).export_user(community, "u1")

    dumped = json.dumps(export, ensure_ascii=False)  # JSON-ready
    assert "Bob" not in dumped and "u2" not in dumped and "b1" not in dumped
    assert "mod-a" not in dumped  # moderators' identities are theirs, not the member's
    assert [m["message_id"] for m in export["messages"]] == message_ids
    assert {m["text"] for m in export["messages"]} == {"texte de Alice"}
    assert [d["message_id"] for d in export["decisions"]] == message_ids
    assert len(export["strikes"]) == len(message_ids)
    alice = next(c for c in export["cases"] if c["id"] == alice_case)
    assert alice["verdict"] == "confirm" and alice["notes"][0]["text"] == "note sur Alice"
    assert [a["text"] for a in export["appeals"]] == ["Je conteste"]


def test_delete_erases_the_users_text_names_strikes_and_appeals(db: Database) -> None:
    populate(db)
    report = UserData(db).delete_user("u1", LATER, "dpo@asso")
    assert report == DeletionReport(
        messages_erased=2,
        decisions_redacted=2,
        strikes_deleted=2,
        appeals_erased=1,
        # Their pending escalations are cancelled (the cases stay in the queue, pseudonymised):
        # an outbox row would keep their id and the notice quoting them.
        actions_deleted=2,
        notes_erased=1,
        pending_actions_cancelled=2,
    )
    with db.begin() as connection:
        messages = {m.message_id: m for m in connection.execute(select(MESSAGES))}
        decisions = list(connection.execute(select(DECISIONS)))
        appeals = list(connection.execute(select(CASES).where(CASES.c.kind == "appeal")))
        actions = list(connection.execute(select(ACTIONS)))
    assert (messages["a1"].text, messages["a1"].author_name) == (None, "")
    assert (messages["b1"].text, messages["b1"].author_name) == ("texte de Bob", "Bob")
    alice_decisions = [d for d in decisions if d.message_id.startswith("a")]
    assert all("excerpt" not in str(d.trace) and d.notice is None for d in alice_decisions)
    assert [a.text for a in appeals] == [None]
    assert [a.user_id for a in actions] == ["u2"]
    assert SqlStrikeLedger(db).live_strikes("c1", "u1", LATER) == 0
    assert SqlStrikeLedger(db).live_strikes("c1", "u2", LATER) == 1

    export = UserData(db).export_user(None, "u1")
    assert export["messages"] == [] and export["strikes"] == []  # the id is gone too
    [entry] = AuditLog(db).entries(action="user.delete")
    assert (entry.actor, entry.target) == ("dpo@asso", "user")
    assert "u1" not in json.dumps(entry.detail)
