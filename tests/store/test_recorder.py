"""Recording batches of decisions: messages, decisions, strikes, outbox rows and cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Table, func, select

from bot.core.decision import Mode
from bot.store.database import Database
from bot.store.recorder import DecisionRecorder
from bot.store.tables import ACTIONS, CASES, DECISIONS, MESSAGES, STRIKES
from tests.store.builders import T0, action, decision, message, sanctioned

STRIKE_TTL = timedelta(days=30)


def count(db: Database, table: Table) -> int:
    with db.begin() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_batch_records_messages_decisions_strikes_and_actions(db: Database) -> None:
    clean = decision(message("m0", text="bonjour"), matched=False)
    batch = [clean] + [sanctioned(f"m{i}", at=T0 + timedelta(seconds=i)) for i in range(1, 4)]
    ids = DecisionRecorder(db, STRIKE_TTL).record(batch)

    assert len(ids) == 4 and ids == sorted(ids)
    assert count(db, MESSAGES) == 4 and count(db, DECISIONS) == 4
    assert count(db, STRIKES) == 3 and count(db, ACTIONS) == 3
    with db.begin() as connection:
        first = connection.execute(select(DECISIONS).where(DECISIONS.c.id == ids[1])).one()
        strike = connection.execute(select(STRIKES).where(STRIKES.c.decision_id == ids[1])).one()
        stored = connection.execute(select(MESSAGES).where(MESSAGES.c.message_id == "m1")).one()
    assert first.message_id == "m1" and first.matched == ["insults"] and first.mode == "enforce"
    assert first.trace[0]["detections"][0]["detail"] == {"label": "toxic"}
    assert first.top_features == {"toxic": [["idiot", 1.2]]}
    assert first.actions[0]["type"] == "delete"
    assert (strike.user_id, strike.rule, strike.weight) == ("u1", "insults", 1)
    assert (strike.at, strike.expires_at) == (stored.ts, stored.ts + STRIKE_TTL)
    assert stored.text == "espèce d'idiot" and stored.ts == T0 + timedelta(seconds=1)


def test_an_empty_batch_does_nothing(db: Database) -> None:
    assert DecisionRecorder(db, STRIKE_TTL).record([]) == []


@pytest.mark.parametrize(
    ("mode", "effects"),
    [(Mode.ENFORCE, 1), (Mode.HOLD, 1), (Mode.SHADOW, 0)],
    ids=["enforce", "hold", "shadow-records-only"],
)
def test_only_enforced_decisions_strike_act_and_open_cases(
    db: Database, mode: Mode, effects: int
) -> None:
    msg = message("m1")
    planned = (action(msg, "delete"), action(msg, "escalate", reason="menace"))
    made = decision(msg, actions=planned, mode=mode, strike_weight=2)
    DecisionRecorder(db, STRIKE_TTL).record([made])
    assert count(db, DECISIONS) == 1
    assert count(db, ACTIONS) == 2 * effects
    assert count(db, CASES) == effects and count(db, STRIKES) == effects


def test_an_escalation_opens_one_case_with_its_deadline(db: Database) -> None:
    msg = message("m1", channel="annonces")
    planned = (
        action(msg, "escalate", reason="menace", params={"deadline_s": 900, "severity": 3}),
        action(msg, "hold", key="hold:1"),  # a held message's case is its escalation's
        action(msg, "timeout", duration=timedelta(hours=1)),
    )
    [decision_id] = DecisionRecorder(db, STRIKE_TTL).record([decision(msg, actions=planned)])
    with db.begin() as connection:
        rows = connection.execute(select(CASES).order_by(CASES.c.id)).all()
    assert [(r.kind, r.status, r.severity, r.channel) for r in rows] == [
        ("escalation", "open", 3, "annonces"),
    ]
    assert rows[0].reason == "menace" and rows[0].decision_id == decision_id
    assert rows[0].deadline == msg.ts + timedelta(milliseconds=5, seconds=900)


def test_an_edit_updates_the_message_and_keeps_every_decision(db: Database) -> None:
    recorder = DecisionRecorder(db, STRIKE_TTL)
    recorder.record([decision(message("m1", text="salut"), matched=False)])
    edit = message("m1", text="espèce d'idiot", edited=True, at=T0 + timedelta(minutes=2))
    recorder.record([decision(edit, strike_weight=1)])
    with db.begin() as connection:
        row = connection.execute(select(MESSAGES)).one()
        decisions = connection.execute(select(DECISIONS.c.matched).order_by(DECISIONS.c.id)).all()
    assert (row.text, row.edited, row.ts, row.edited_at) == ("espèce d'idiot", True, T0, edit.ts)
    assert [d.matched for d in decisions] == [[], ["insults"]]


def test_a_message_and_its_edit_in_one_batch(db: Database) -> None:
    original = decision(message("m1", text="salut"), matched=False)
    edit = decision(message("m1", text="idiot", edited=True, at=T0 + timedelta(seconds=30)))
    DecisionRecorder(db, STRIKE_TTL).record([original, edit])
    with db.begin() as connection:
        row = connection.execute(select(MESSAGES)).one()
    assert (row.text, row.edited, row.ts) == ("idiot", True, T0)
    assert count(db, DECISIONS) == 2


def test_recording_the_same_message_twice_records_it_once(db: Database) -> None:
    recorder = DecisionRecorder(db, STRIKE_TTL)
    escalate = action(message("m1"), "escalate")
    first = recorder.record([sanctioned("m1"), decision(message("m2"), actions=(escalate,))])
    again = recorder.record([sanctioned("m1"), decision(message("m2"), actions=(escalate,))])
    assert len(first) == 2 and again == []  # a replay of the same file
    assert [count(db, t) for t in (DECISIONS, STRIKES, CASES)] == [2, 1, 1]
    assert count(db, ACTIONS) == 2


def test_a_failing_batch_records_nothing(db: Database) -> None:
    bad = decision(message("m2", at=T0.replace(tzinfo=None)))  # naive time: refused
    with pytest.raises(Exception, match="naive datetime"):
        DecisionRecorder(db, STRIKE_TTL).record([sanctioned("m1"), bad])
    assert count(db, MESSAGES) == 0 and count(db, ACTIONS) == 0


def test_one_batch_with_the_same_message_twice_records_the_first(db: Database) -> None:
    ids = DecisionRecorder(db, STRIKE_TTL).record([sanctioned("m1"), sanctioned("m1")])
    assert len(ids) == 1 and count(db, STRIKES) == 1


def test_a_duplicate_id_does_not_replace_the_stored_text(db: Database) -> None:
    recorder = DecisionRecorder(db, STRIKE_TTL)
    recorder.record([decision(message("m1", text="bonjour"))])
    other = decision(message("m1", text="un tout autre texte", at=T0 + timedelta(hours=1)))
    assert recorder.record([other]) == []
    with db.begin() as connection:
        assert connection.execute(select(MESSAGES.c.text)).scalar_one() == "bonjour"


def test_a_replay_does_not_bring_back_a_purged_text(db: Database) -> None:
    recorder = DecisionRecorder(db, STRIKE_TTL)
    recorder.record([sanctioned("m1")])
    with db.begin() as connection:
        connection.execute(MESSAGES.update().values(text=None, text_purged_at=T0))
    recorder.record([sanctioned("m1")])
    with db.begin() as connection:
        assert connection.execute(select(MESSAGES.c.text)).scalar_one() is None


def test_the_recorder_knows_which_versions_it_recorded(db: Database) -> None:
    recorder = DecisionRecorder(db, STRIKE_TTL)
    recorder.record([sanctioned("m1")])
    edit = message("m1", edited=True, at=T0 + timedelta(minutes=1))
    assert recorder.recorded(message("m1"))
    assert not recorder.recorded(edit)
    assert not recorder.recorded(message("m1", community="c2"))
