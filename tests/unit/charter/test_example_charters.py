"""The example charters do what they promise: legitimate criticism of the brand is never sanctioned,
violations are, and the bundled sample day is moderated without touching complaints."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.charter.loader import load_charter
from bot.core.message import Author, Message, message_from_dict
from bot.moderation.engine import ModerationEngine

ROOT = Path(__file__).resolve().parents[3]
CHARTERS = {"fr": ROOT / "charters/fr/opalia.yaml", "en": ROOT / "charters/en/opalia.yaml"}
SANCTIONS = {"delete", "warn", "timeout", "kick", "ban", "hold"}
AT = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)


def decide(lang: str, text: str):
    engine = ModerationEngine(load_charter(CHARTERS[lang]))
    author = Author(
        id="u1", name="Client", joined=AT - timedelta(days=400), created=AT - timedelta(days=900)
    )
    return engine.process(Message(id="m1", ts=AT, author=author, text=text, community="opalia"))


CRITICISM = [
    ("fr", "Votre service client est nul, ça fait 3 semaines que j'attends une réponse."),
    ("fr", "C'est une honte, vous m'avez prélevé deux fois ce mois-ci !"),
    ("fr", "Opalia c'est de l'arnaque, je résilie dès demain."),
    ("fr", "#BoycottOpalia tant qu'ils ne remboursent pas tout le monde"),
    ("fr", "Scandaleux. 3 jours sans internet et aucune information."),
    ("fr", "J'ai vraiment l'impression qu'on se fout de nous."),
    ("fr", "Franchement vous êtes nuls sur ce coup, aucune communication."),
    ("fr", "8 ans que je suis client et je me sens pris pour un con."),
    ("fr", "Le pire opérateur de France, je vais saisir la DGCCRF et l'UFC-Que Choisir."),
    ("fr", "Je vais vous faire une sacrée mauvaise pub autour de moi, c'est inadmissible."),
    ("fr", "REMBOURSEZ-NOUS"),
    ("en", "This is a scam and I want my money back."),
    ("en", "Worst customer service ever, I've been on hold for two hours."),
    ("en", "You charged me twice, this is outrageous and I'm cancelling."),
    ("en", "Your app is garbage since the last update."),
    ("en", "I'm going to tell everyone I know to avoid Opalia."),
]


@pytest.mark.parametrize(
    ("lang", "text"), CRITICISM, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(CRITICISM)]
)
def test_legitimate_criticism_is_not_sanctioned(lang: str, text: str) -> None:
    decision = decide(lang, text)
    assert not SANCTIONS & {a.kind for a in decision.actions}, (decision.matched, decision.notice)


VIOLATIONS = [
    ("fr", "t'es vraiment qu'un c o n n a r d", "insultes"),
    ("fr", "ferme-la espèce de соnnаrd", "insultes"),  # Cyrillic look-alikes
    ("fr", "fdp va", "insultes"),
    ("fr", "Appelez-moi au 06 12 34 56 78 pour régler ça", "donnees-personnelles"),
    ("fr", "Mon IBAN FR76 3000 6000 0112 3456 7890 189, remboursez-moi", "donnees-personnelles"),
    ("fr", "Rejoignez mon serveur discord.gg/promo-crypto", "spam-arnaques"),
    ("fr", "Je vais te retrouver et te faire la peau", "menaces"),
    ("en", "you are a f*cking idiot", "insults"),
    ("en", "I will kill you", "menaces"),
]


@pytest.mark.parametrize(
    ("lang", "text", "rule"), VIOLATIONS, ids=[f"{v[2]}-{i}" for i, v in enumerate(VIOLATIONS)]
)
def test_violations_are_caught(lang: str, text: str, rule: str) -> None:
    expected = "insultes" if rule == "insults" else rule
    assert expected in decide(lang, text).matched


def test_sample_day_leaves_every_complaint_alone() -> None:
    engine = ModerationEngine(load_charter(CHARTERS["fr"]))
    stream = ROOT / "charters/samples/opalia_day.jsonl"
    touched = []
    for line in stream.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        decision = engine.process(message_from_dict(record))
        labels = set(record["labels"])
        harmless = labels <= {
            "ok",
            "complaint",
            "press",
            "newcomer",
            "misinformation",
            "counter_speech",
        }
        if harmless and SANCTIONS & {a.kind for a in decision.actions}:
            touched.append((record["id"], record["text"][:60], decision.matched))
    assert touched == []
