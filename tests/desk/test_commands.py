"""Every desk command through the in-memory front end, table-driven: command × role × case state
→ the answer (a confirmation or a typed refusal, in the asker's language) and what reaches the
outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.desk import Refusal, Sanction
from tests.desk.conftest import (
    COMMUNITY,
    MANAGER,
    MEMBER,
    MEMBER_EN,
    MODERATOR,
    MODERATOR_EN,
    ROLES,
    World,
)

# command line, role → expected answer start, outbox kinds the case queued (in order)
COMMANDS = [
    (
        "/avertir u1 rule:insultes ton agressif",
        "moderator",
        "Avertissement envoyé",
        ["warn", "modlog"],
    ),
    ("/warn u1 rude", "manager", "Avertissement envoyé", ["warn", "modlog"]),
    ("/warn u1 rude", "member", "Réservé aux modérateurs", []),
    (
        "/sourdine u1 1h calme-toi",
        "moderator",
        "Membre réduit au silence pour 1\u00a0heure",
        ["notify_author", "timeout", "modlog"],
    ),
    ("/mute u1 calme-toi", "moderator", "Indiquez une durée", []),
    ("/timeout u1 30d trop", "moderator", "Durée trop longue", []),
    ("/expulser u1 spam", "moderator", "Membre exclu", ["notify_author", "kick", "modlog"]),
    ("/kick u1 spam", "member", "Réservé aux modérateurs", []),
    (
        "/bannir u1 spam répété",
        "moderator",
        "Membre banni (cas",
        ["notify_author", "ban", "modlog"],
    ),
    (
        "/ban u1 7d clean:1d spam",
        "moderator",
        "Membre banni jusqu'au 09/03/2026 11:00",
        ["notify_author", "ban", "unban", "modlog"],
    ),
    ("/ban u1", "moderator", "Indiquez un motif", []),
    ("/ban u1 rule:inconnue spam", "moderator", "La charte n'a pas de règle « inconnue »", []),
    ("/ban mod1 test", "moderator", "Vous ne pouvez pas vous sanctionner", []),
    (
        "/supprimer m2 hors sujet",
        "moderator",
        "Message supprimé",
        ["notify_author", "delete", "modlog"],
    ),
    ("/delete u1 hors sujet", "moderator", "Quel message ?", []),
    ("/nettoyer u1 5 flood", "moderator", "2 messages supprimés", ["purge", "modlog"]),
    ("/purge u1 500 flood", "moderator", "Nombre de messages entre 1 et 100", []),
    ("/purge u9 5 flood", "moderator", "Aucun message de ce membre", []),
    ("/note u1 déjà averti en privé", "moderator", "Note ajoutée", ["modlog"]),
    ("/note u1 rien", "member", "Réservé aux modérateurs", []),
    ("/debannir u1 erreur", "moderator", "Membre débanni", ["unban", "modlog"]),
    ("/casier u1", "moderator", "Casier de u1 : 0 avertissement actif, 0 cas.", []),
    ("/casier u1", "member", "Casier de u1", []),  # the member's own history
    ("/casier u2", "member", "Réservé aux modérateurs", []),
]


@pytest.mark.parametrize(
    ("line", "role", "answer", "kinds"),
    COMMANDS,
    ids=[f"{line.split()[0][1:]}-{role}-{i}" for i, (line, role, _, _) in enumerate(COMMANDS)],
)
def test_a_command_answers_and_queues_its_actions(
    world: World, line: str, role: str, answer: str, kinds: list[str]
) -> None:
    before = {row["key"] for row in world.actions()}
    assert world.say(ROLES[role], line).startswith(answer)
    queued = [row["kind"] for row in world.actions() if row["key"] not in before]
    queued = [k for k in queued if k != "review_card"]
    assert queued == kinds


# Who may be sanctioned: command, asker's role, target → answer start, outbox kinds queued.
TARGETS = [
    ("/avertir mod9 ton", "moderator", "Ce membre a un rôle de modération", []),
    ("/sourdine cm9 1h calme", "moderator", "Ce membre a un rôle de modération", []),
    ("/nettoyer mod9 5 flood", "moderator", "Ce membre a un rôle de modération", []),
    ("/ban cm9 spam", "manager", "Ce membre a un rôle de modération", []),
    ("/kick mod9 spam", "manager", "Membre exclu", ["notify_author", "kick", "modlog"]),
    ("/expulser owner spam", "manager", "On ne sanctionne pas le propriétaire", []),
    ("/ban vigie spam", "moderator", "Vigie ne se sanctionne pas", []),
    ("/note mod9 à revoir", "moderator", "Note ajoutée", ["modlog"]),  # not a sanction
    ("/ban u1 spam", "moderator", "Membre banni (cas", ["notify_author", "ban", "modlog"]),
]


@pytest.mark.parametrize(
    ("line", "role", "answer", "kinds"),
    TARGETS,
    ids=[f"{line.split()[1]}-{line.split()[0][1:]}-{role}" for line, role, _, _ in TARGETS],
)
def test_staff_the_owner_and_the_bot_are_not_sanctioned(
    world: World, line: str, role: str, answer: str, kinds: list[str]
) -> None:
    before = {row["key"] for row in world.actions()}
    assert world.say(ROLES[role], line).startswith(answer)
    queued = [row["kind"] for row in world.actions() if row["key"] not in before]
    assert [k for k in queued if k != "review_card"] == kinds


def test_a_refusal_is_in_the_askers_language(world: World) -> None:
    assert world.say(MEMBER_EN, "/ban u2 spam") == (
        "Only the moderators named in the charter may do this."
    )
    assert world.say(MODERATOR_EN, "/timeout u1 rude") == "Give a duration (e.g. 10m, 1h, 1d)."
    assert world.say(MODERATOR_EN, "/ban u1 1h spam").startswith("Member banned until")
    assert world.say(MODERATOR_EN, "/ban mod9 spam") == (
        "This member holds a moderation role equal to or above yours: you cannot sanction them."
    )


def test_a_sanction_sends_a_statement_of_reasons(world: World) -> None:
    world.say(MODERATOR, "/supprimer m2 rule:insultes propos insultants")
    notice = world.actions("notify_author")[-1]["payload"]["notice"]
    assert "votre message a été supprimé" in notice
    assert "« Pas d'insultes »" in notice  # which rule
    assert "Motif : propos insultants" in notice
    assert "« Encore une coupure ce matin »" in notice  # which content
    assert "par un modérateur (pas automatiquement)" in notice  # not automated
    assert "Contester" in notice  # how to appeal


@pytest.mark.parametrize(
    ("rule", "strikes"),
    [(None, 0), ("hors-sujet", 0), ("insultes", 1), ("menaces", 3)],
    ids=["no-rule", "severity-1", "severity-2", "severity-4"],
)
def test_a_cited_rule_adds_the_charters_strikes(
    world: World, rule: str | None, strikes: int
) -> None:
    cite = f" rule:{rule}" if rule else ""
    world.say(MODERATOR, f"/avertir u1{cite} propos")
    assert world.say(MODERATOR, "/casier u1").startswith(
        f"Casier de u1 : {strikes} avertissement{'s' if strikes > 1 else ''} "
        f"actif{'s' if strikes > 1 else ''}, 1 cas."
    )


def test_a_temporary_ban_is_lifted_on_time_unless_overturned(world: World) -> None:
    answer = world.say(MODERATOR, "/bannir u1 2d spam")
    case = int(answer.rsplit("n° ", 1)[1].rstrip(")."))
    unban = world.actions("unban")[-1]
    assert unban["not_before"].replace(tzinfo=None) == (
        world.clock.now() + timedelta(days=2)
    ).replace(tzinfo=None)
    assert unban["key"] == f"case:{case}:unban"
    assert world.say(MODERATOR_EN, f"/verdict {case} overturn").startswith("Decision overturned")
    kinds = [row["kind"] for row in world.actions() if row["key"].startswith(f"case:{case}:")]
    # the scheduled unban is gone; the overturn's own unban is due now, and the member told
    assert kinds.count("unban") == 1
    assert world.actions("unban")[-1]["not_before"] <= world.actions("unban")[-1]["created_at"]
    assert "est levée" in world.actions("notify_author")[-1]["payload"]["notice"]


@pytest.mark.parametrize(
    ("verdict", "answer"),
    [("overturn", "Décision annulée"), ("confirm", "Le cas n° {case} est déjà pris")],
    ids=["overturn-lifts", "confirm-already-stands"],
)
def test_a_manual_sanction_can_be_overturned_once(world: World, verdict: str, answer: str) -> None:
    case = world.service.desk.sanction(
        Sanction("timeout", COMMUNITY, "u1", "calme", rule="insultes", duration=timedelta(hours=1)),
        MODERATOR,
    ).case_id
    assert world.say(MANAGER, f"/verdict {case} {verdict}").startswith(answer.format(case=case))
    if verdict == "overturn":
        assert world.actions("untimeout")
        assert world.say(MODERATOR, "/casier u1").startswith("Casier de u1 : 0 avertissement")
        assert world.say(MANAGER, f"/verdict {case} overturn").startswith("Le cas n°")


def test_the_member_appeals_a_manual_sanction_and_another_moderator_decides(world: World) -> None:
    case = world.service.desk.sanction(Sanction("ban", COMMUNITY, "u1", "spam"), MODERATOR).case_id
    answer = world.say(MEMBER, "/recours je n'ai rien fait")
    assert answer.startswith("Recours enregistré")
    appeal = int(answer.split("n° ")[1].split(")")[0])
    assert world.say(MEMBER, "/recours encore").startswith("Un recours est déjà en cours")
    assert world.say(MODERATOR, f"/verdict {appeal} overturn").startswith(
        "Ce recours conteste votre propre décision"
    )
    assert world.say(MANAGER, f"/verdict {appeal} overturn").startswith("Décision annulée")
    assert world.actions("unban")[-1]["key"] == f"case:{case}:unban"
    told = [row["key"] for row in world.actions("notify_author")]
    assert f"case:{appeal}:overturn:notify_author" in told  # the appeal's outcome, once
    assert f"case:{case}:lifted" not in told


@pytest.mark.parametrize(
    ("actor", "line", "answer"),
    [
        (MEMBER, "/signaler m3 spam", "Merci, signalement transmis"),
        (MEMBER, "/recours rien", "Aucune décision vous concernant"),
        (MODERATOR, "/verdict 999 confirm", "Pas de cas n° 999."),
    ],
    ids=["report", "appeal-nothing", "verdict-unknown-case"],
)
def test_member_commands_and_unknown_cases(world: World, actor, line: str, answer: str) -> None:
    assert world.say(actor, line).startswith(answer)


def test_a_report_queues_its_card_and_a_moderator_decides_it(world: World) -> None:
    answer = world.say(MEMBER, "/signaler m3 spam")
    case = int(answer.split("n° ")[1].split(")")[0])
    assert world.actions("review_card")[-1]["payload"]["params"] == {"case": case}
    assert world.say(MEMBER, f"/verdict {case} confirm").startswith("Réservé aux modérateurs")
    assert world.say(MODERATOR, f"/verdict {case} confirm").startswith("Décision maintenue")
    assert world.say(MODERATOR, f"/verdict {case} confirm").startswith("Le cas n°")


def test_the_mod_log_names_who_did_what_with_a_link(world: World) -> None:
    world.say(MODERATOR, "/bannir u1 spam répété")
    line = world.actions("modlog")[-1]["payload"]["params"]["text"]
    assert line.startswith("⛔ Bannissement — Alice par memory:mod1 : spam répété (cas n° ")
    assert "http://console.test/cases/" in line


def test_an_automated_decision_is_logged_once(world: World) -> None:
    world.post("m9", "t'es qu'un c0nn4rd", author="u3", name="Carol")
    logs = [
        row for row in world.actions("modlog") if "automatique" in row["payload"]["params"]["text"]
    ]
    assert len(logs) == 1
    assert "Carol" in logs[0]["payload"]["params"]["text"]


def test_refusal_codes_are_typed(world: World) -> None:
    with pytest.raises(Refusal) as caught:
        world.service.desk.sanction(Sanction("ban", COMMUNITY, "u1", " "), MODERATOR)
    assert caught.value.code == "reason_required"
    assert "Give a reason" in caught.value.text("en")
