"""Every threat reaches a human at once and clear ones are deleted and escalated, in both example
charters; counter-speech and denials keep what they quote or rebut, the same words used are still
acted on (issue 12, threats round). Rules and detectors only, no model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.charter.loader import load_charter
from bot.core.message import Author, Message
from bot.moderation.engine import ModerationEngine

ROOT = Path(__file__).resolve().parents[3]
CHARTERS = {lang: load_charter(ROOT / f"charters/{lang}/opalia.yaml") for lang in ("fr", "en")}
AT = datetime(2026, 4, 2, 15, 0, tzinfo=UTC)
SANCTIONS = {"delete", "warn", "timeout", "kick", "ban", "hold"}


def decide(lang: str, text: str):  # type: ignore[no-untyped-def]
    author = Author(
        id="u1", name="m1", joined=AT - timedelta(days=500), created=AT - timedelta(days=900)
    )
    message = Message(id="m1", ts=AT, author=author, text=text, community="opalia")
    return ModerationEngine(CHARTERS[lang]).decide(message)


def kinds(decision) -> set[str]:  # type: ignore[no-untyped-def]
    return {action.kind for action in decision.actions}


THREATS = [
    # (text, clear: delete + escalate; doubtful: at least an escalation, no automated sanction)
    ("je te tue", "clear"),
    ("if I meet the CM, I'll kill him", "clear"),
    ("si je croise le CM je le tue", "clear"),
    ("I'll run you over with my car", "clear"),
    ("si vous me facturez encore je viens tout brûler", "clear"),
    ("if you report me you're dead", "clear"),
    ("the admin deserves a bullet", "clear"),
    ("tu vas le regretter", "doubtful"),
    ("ur dead bro", "doubtful"),
    ("j vé te defonc", "doubtful"),
]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(("text", "level"), THREATS, ids=[t[0][:30] for t in THREATS])
def test_every_threat_reaches_a_human_and_clear_ones_are_deleted(
    lang: str, text: str, level: str
) -> None:
    decision = decide(lang, text)
    assert "escalate" in kinds(decision), decision.matched
    if level == "clear":
        assert "menaces" in decision.matched
        assert "delete" in kinds(decision)
    else:
        assert "menaces-a-verifier" in decision.matched
        assert not kinds(decision) & SANCTIONS


KEPT_AND_USED = [
    # (mentioned or rebutted: kept, the same words used: acted on)
    ("« Gouine » n'est pas un mot qu'on accepte ici", "Ta gueule sale gouine"),
    ("J'en ai marre de lire « pédé » toutes les deux lignes", "t'es qu'un pédé"),
    ("we won't accept 'cunt' aimed at staff", "shut up you cunt"),
    ("Why did the 'dumb bitch' comment stay up for 3 hours?", "you dumb bitch"),
    ("It's not true that jews control the banks", "jews control the banks"),
    ("Ce n'est pas vrai que les juifs contrôlent les banques", "Les juifs contrôlent les banques"),
    ("No one is saying migrants should die", "migrants should die"),
    (
        "t'es vraiment une « sale gouine » toi, c'est ce que tu es",
        "t'es vraiment une sale gouine toi",
    ),
]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(
    ("kept", "used"), KEPT_AND_USED[:-1], ids=[k[0][:30] for k in KEPT_AND_USED[:-1]]
)
def test_mentioned_or_rebutted_words_are_kept_and_used_ones_acted_on(
    lang: str, kept: str, used: str
) -> None:
    assert not kinds(decide(lang, kept)) & SANCTIONS
    assert kinds(decide(lang, used)) & {"delete", "escalate"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_scare_quotes_said_of_someone_are_used_not_mentioned(lang: str) -> None:
    assert "delete" in kinds(decide(lang, KEPT_AND_USED[-1][0]))
