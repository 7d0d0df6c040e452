"""One layout of the crisis status for every chat: Discord and Telegram show the same content
(Discord adds only its markdown), in the reader's language, with the times in the plan's
timezone, and members who are not staff see no cases or statements."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from bot.adapters.discord.commands import format_status as discord_status
from bot.adapters.telegram.commands import format_status as telegram_status
from bot.crisis.monitor import CrisisMonitor
from bot.crisis.status import read_status
from tests.unit.crisis.helpers import T0, calm, complaints, feed, playbook


def _unmarked(discord_text: str) -> str:
    """Discord's text without its markdown: bold, inline code, escapes."""
    return re.sub(r"\\(.)", r"\1", discord_text.replace("**", "").replace("`", ""))


def _alert() -> dict[str, Any]:
    """c1 at level 2 after a surge: a case to acknowledge and a statement to approve."""
    monitor = CrisisMonitor(playbook())
    surge = T0 + timedelta(minutes=60)
    feed(monitor, [*calm(T0, 60), *complaints(surge, 7)])
    return read_status(playbook(), monitor.store, "c1").to_dict() | {"pending": 2}


def _quiet() -> dict[str, Any]:
    monitor = CrisisMonitor(playbook())
    feed(monitor, calm(T0, 60))
    return read_status(playbook(), monitor.store, "c1").to_dict()


def _member_view(status: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in status.items() if k not in ("cases", "statements")}


STATUSES = {
    "alert": _alert,
    "quiet": _quiet,
    "member": lambda: _member_view(_alert()),
    "markdown in a name": lambda: _alert() | {"name": "Alerte *rouge* _max_", "names": {}},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("which", sorted(STATUSES))
def test_discord_and_telegram_show_the_same_status(which: str, lang: str) -> None:
    status = STATUSES[which]()
    telegram = telegram_status(status, lang)
    assert _unmarked(discord_status(status, lang)) == telegram
    assert telegram.splitlines()[0].startswith(("Niveau", "Level"))


def test_the_status_in_french_with_times_in_the_plans_timezone() -> None:
    status = _alert()
    text = telegram_status(status, "fr")
    lines = text.splitlines()
    assert lines[0] == "Niveau 2 — Alerte"
    assert lines[1] == "Depuis le 12/03/2026 14:01"  # 13:01 UTC, Paris time
    assert lines[2] == f"Incident : {status['incident']}"
    assert re.fullmatch(r"Plaignants : \d+ \(d'habitude : 0,\d+\)", lines[3])
    assert lines[4] == "2 commandes pas encore appliquées"
    assert "En attente de prise en charge :" in lines
    case = next(line for line in lines if line.startswith(f"• {status['cases'][0]['case']}"))
    assert case.endswith("(appel : cm (titulaire)), avant le 12/03/2026 14:15")  # 13:00 + 15 min
    statement = status["statements"][0]["statement"]
    assert f"• {statement} — modèle attente, à approuver par : com" in lines


def test_discord_marks_ids_as_code_and_escapes_the_plans_words() -> None:
    status = STATUSES["markdown in a name"]()
    text = discord_status(status, "en")
    assert text.startswith(r"**Level 2 — Alerte \*rouge\* \_max\_**")
    assert f"`{status['incident']}`" in text


def test_members_do_not_see_what_waits_for_the_staff() -> None:
    text = telegram_status(_member_view(_alert()), "en")
    assert "Waiting for an acknowledgement" not in text and "Statements" not in text
    assert telegram_status(_quiet(), "en").splitlines()[0] == "Level 0 — Watch"
