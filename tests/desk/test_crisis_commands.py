"""The crisis commands through the in-memory front end, table-driven: command × role × state of
the community (calm, or at a level a community manager declared) → the answer or the refusal."""

from __future__ import annotations

import pytest

from bot.desk import Actor
from tests.desk.conftest import MANAGER, MODERATOR, MODERATOR_EN, ROLES, World

MANAGER_EN = Actor("memory:cm2", frozenset({"community_manager"}), "en")

# state, command line ({case} and {statement}: the ones the declared level opened), role → answer
CRISIS = [
    ("calm", "/crise", "moderator", "level 0 (Veille)"),
    ("calm", "/niveau 2 buzz", "moderator", "Réservé aux community managers"),
    ("calm", "/niveau 2 buzz", "member", "Réservé aux community managers"),
    ("calm", "/niveau 2 buzz", "manager", "Niveau 2 déclaré."),
    ("calm", "/niveau 9 buzz", "manager", "Refusé : le plan ne permet pas de déclarer le niveau 9"),
    ("calm", "/ack k9", "moderator", "Inconnu : k9."),
    ("calm", "/ack k9", "member", "Réservé aux modérateurs"),
    ("alert", "/crise", "moderator", "level 2 (Alerte)"),
    ("alert", "/ack {case}", "moderator", "Pris en charge : "),
    ("alert", "/approuver {statement}", "moderator", "Réservé aux community managers"),
    # no one holds the plan's "com" role on this platform: the statement waits for them
    (
        "alert",
        "/approuver {statement}",
        "manager",
        "Refusé : seuls les rôles du plan qui approuvent",
    ),
    ("alert", "/approuver s9 ok", "manager", "Inconnu : s9."),
]


def _declared(world: World) -> dict[str, str]:
    assert world.say(MANAGER, "/niveau 2 buzz") == "Niveau 2 déclaré."
    status = world.service.desk.crisis_status("g1", MANAGER)
    return {"case": status["cases"][0]["case"], "statement": status["statements"][0]["statement"]}


@pytest.mark.parametrize(
    ("state", "line", "role", "answer"),
    CRISIS,
    ids=[
        f"{state}-{line.split()[0][1:]}-{role}-{i}"
        for i, (state, line, role, _) in enumerate(CRISIS)
    ],
)
def test_a_crisis_command_answers_or_is_refused(
    crisis_world: World, state: str, line: str, role: str, answer: str
) -> None:
    ids = _declared(crisis_world) if state == "alert" else {}
    text = crisis_world.say(ROLES[role], line.format(**ids))
    assert answer in text.splitlines()[0] or text.startswith(answer), text


def test_the_status_shows_the_staff_what_waits_and_members_only_the_level(
    crisis_world: World,
) -> None:
    ids = _declared(crisis_world)
    staff = crisis_world.say(MODERATOR, "/crisis")
    assert f"case {ids['case']} open" in staff and f"statement {ids['statement']}" in staff
    member = crisis_world.say(ROLES["member"], "/crisis")
    assert member == "level 2 (Alerte)"


def test_a_crisis_refusal_is_in_the_askers_language(crisis_world: World) -> None:
    assert crisis_world.say(MODERATOR_EN, "/level 2 buzz").startswith("Only the community")
    assert crisis_world.say(MANAGER_EN, "/level 9 buzz") == (
        "Refused: the plan does not let anyone declare level 9 by hand."
    )


def test_an_escalation_is_acknowledged_once(crisis_world: World) -> None:
    ids = _declared(crisis_world)
    assert crisis_world.say(MODERATOR, f"/ack {ids['case']}").startswith("Pris en charge")
    assert crisis_world.say(MODERATOR, f"/ack {ids['case']}") == (
        f"Refusé : {ids['case']} n'attend plus de réponse (déjà traité)."
    )
