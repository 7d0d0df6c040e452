"""The threats detector: clear and doubtful threats in French and English, and what is not one
(hyperbole, gaming, a quoted threat, news)."""

from __future__ import annotations

import pytest

from bot.detectors import threats

from .support import message, run

PATTERNS_ONLY = {"model_threshold": None}

CASES = [
    # (text, level found or None, kind or excuse)
    ("je te tue", "clear", "direct"),
    ("jte tue", "clear", "direct"),
    ("J'vais t'égorger", "clear", "direct"),
    ("je vé te buter", "clear", "direct"),
    ("j3 v4is t3 tu3r", "clear", "direct"),
    ("je vais te tυer", "clear", "direct"),  # Greek upsilon
    ("si je te croise je te défonce la gueule", "clear", "direct"),
    ("si je croise le CM je le tue", "clear", "conditional"),
    ("if I meet the CM, I'll kill him", "clear", "direct"),
    ("if i see you again you're dead", "clear", "conditional"),
    ("quelqu'un devrait le buter", "clear", "third_person"),
    ("they should all be shot", "clear", "third_person"),
    ("tuez-les tous", "clear", "imperative"),
    ("je vais brûler la boutique de la Part-Dieu", "clear", "direct"),
    ("I know where you live", "clear", "veiled"),
    ("tu vas le regretter", "doubtful", "veiled"),
    ("watch your back", "doubtful", "veiled"),
    ("on va vous défoncer ce soir", "doubtful", "direct"),
    ("ce boss va me tuer", None, None),
    ("ça me tue", None, None),
    ("on va les défoncer au match", None, "gaming"),
    ("je vais le tuer ce boss", None, "gaming"),
    ("I'm going to destroy you in ranked", None, "gaming"),
    ("il a écrit « je vais te tuer », c'est pas acceptable, je signale", None, "quoted"),
    ("he wrote 'I will kill you', this is not acceptable, reported", None, None),
    ("Selon la police, le suspect a été tué hier", None, None),
    ("I'd kill for a pizza", None, None),
    ("my mom is going to kill me", None, None),
    # The grammar (issue 12, second round): inflections x person and tense x target.
    ("je te fracasse le crâne", "clear", "direct"),
    ("je vais te noyer", "clear", "direct"),
    ("le community manager je le bute", "clear", "direct"),
    ("quelqu'un va buter le CM un jour", "clear", "direct"),
    ("je vais aller tabasser les gars du SAV", "clear", "direct"),
    ("le CM va se faire planter", "clear", "third_person"),
    ("le technicien va finir à l'hôpital", "clear", "third_person"),
    ("les migrants faut les noyer", "clear", "third_person"),
    ("il faudrait exécuter tous les musulmans", "clear", "third_person"),
    ("si on me répond pas demain je viens avec une batte", "clear", "direct"),
    ("si vous coupez ma ligne je brûle tout", "clear", "conditional"),
    ("tu me bannis et je te retrouve", "doubtful", "conditional"),
    ("i'ma murk you", "clear", "direct"),
    ("gonna beat the shit out of you", "clear", "direct"),
    ("I'll put a bullet in your head", "clear", "direct"),
    ("if u block me ill kill u", "clear", "direct"),
    ("if I run into you, you die", "clear", "conditional"),
    ("the support team will bleed", "clear", "third_person"),
    ("that CM is a dead man", "clear", "third_person"),
    ("muslims must die", "clear", "third_person"),
    ("I'm going to set the Opalia office on fire", "clear", "direct"),
    ("let's burn down the shelter", "clear", "direct"),
    # What the grammar must leave alone.
    ("I'm not going to hurt you, relax", None, "negated"),
    ("No one deserves to be killed", None, "negated"),
    ("I'll shoot you a message later", None, "idiom"),
    ("je vais te tuer à Mario Kart ce soir", None, "gaming"),
    ("we slaughtered them in the final", None, None),
    ("je vais crever de chaud", None, None),
    ("ma box je vais la jeter", None, None),
    ("je retrouve pas mon colis", None, None),
]


@pytest.mark.parametrize(("text", "level", "why"), CASES, ids=[c[0][:40] for c in CASES])
def test_threat_levels(text: str, level: str | None, why: str | None) -> None:
    clear = run(threats, message(text), {"level": "clear", **PATTERNS_ONLY})
    doubtful = run(threats, message(text), {"level": "doubtful", **PATTERNS_ONLY})
    found = "clear" if clear.matched else "doubtful" if doubtful.matched else None
    assert found == level, clear.detail
    if level is not None:
        assert clear.detail["kind"] == why
    elif why is not None:
        assert clear.detail.get("excused") == why
    assert threats.explain(clear, "fr") and threats.explain(clear, "en")


@pytest.mark.parametrize(
    ("score", "level"), [(0.9, "clear"), (0.5, "doubtful")], ids=["model-sure", "model-unsure"]
)
def test_the_model_makes_a_doubtful_threat_clear(score: float, level: str) -> None:
    detection = run(
        threats,
        message("tu vas le regretter"),
        {"level": level, "model_threshold": 0.8},
        scores=lambda: {"threat": score},
    )
    assert detection.matched
    assert detection.detail["level"] == level


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("je vais crever de chaud", False),
        ("on va défoncer les Lyonnais samedi", False),
        ("je vais te régler ça", True),
    ],
)
def test_the_model_alone_needs_a_target(text: str, matched: bool) -> None:
    detection = run(
        threats,
        message(text),
        {"level": "doubtful", "model_alone": 0.7},
        scores=lambda: {"threat": 0.99},
    )
    assert detection.matched is matched, detection.detail


def test_patterns_stay_linear_on_long_text() -> None:
    text = "si je te croise " * 2000 + "je te tue"
    assert run(threats, message(text), {"level": "clear", **PATTERNS_ONLY}).matched
