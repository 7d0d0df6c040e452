"""The threats detector's families (issue 12, threats round): verbs by family and morphology,
consequences, chains and purposes, instruments, and the excuses that must not overreach (game
talk does not excuse a stabbing, a denial rebuts a threat). One row per mechanism, with a
contrast the mechanism must leave alone."""

from __future__ import annotations

import pytest

from bot.detectors import threats

from .support import message, run

PATTERNS_ONLY = {"model_threshold": None}

CASES = [
    # (mechanism, text, level found or None, kind or excuse)
    ("en verb family: cutting", "i will slice you up", "clear", "direct"),
    ("en verb family: stabbing slang", "I'm gonna shank you", "clear", "direct"),
    ("en verb family: gouging", "I'll gouge your eyes out", "clear", "direct"),
    ("en particle verb", "I'll run you over with my car", "clear", "direct"),
    ("en particle verb: throw", "I'm gonna throw you off a bridge", "clear", "direct"),
    ("en particle verb: fire", "i'll light you on fire", "clear", "direct"),
    (
        "en particle verb: the life out of",
        "I'm going to choke the life out of you",
        "clear",
        "direct",
    ),
    (
        "en particle idiom left alone",
        "I'll throw you under the bus if you lie to the boss",
        None,
        None,
    ),
    (
        "en particle idiom excused",
        "he cut me off in traffic, I'll cut you off too lol",
        None,
        "idiom",
    ),
    ("fr SMS bare stem", "j vé te defonc", "doubtful", "direct"),
    ("fr SMS 'v' for vais", "je v t'égorger", "clear", "direct"),
    ("fr new stems", "je vais te démembrer", "clear", "direct"),
    ("fr body part family", "jvé t'ouvrir le bide", "clear", "direct"),
    ("fr body part on a thing left alone", "je vais ouvrir le carton de la box", None, None),
    ("fr intransitive racist beating", "on va ratonner ce soir", "clear", "direct"),
    ("fr group beaten as a pastime", "on va aller casser du pédé samedi", "clear", "direct"),
    ("fr group beaten as a pastime", "casser du pédé c'est notre sport", "clear", "imperative"),
    ("fr gossip idiom left alone", "arrête de casser du sucre sur le dos du CM", None, None),
    ("fr slur-named group", "mort aux pd", "clear", "imperative"),
    ("fr instrument", "les migrants on va les chasser à coups de batte", "doubtful", "direct"),
    ("fr instrument against the reader", "on va te chasser à coups de batte", "clear", "direct"),
    ("fr whole place burnt", "si vous me facturez encore je viens tout brûler", "clear", "direct"),
    ("fr success idiom left alone", "je vais tout casser au concours demain", None, None),
    ("fr purpose", "je l'attends à la sortie pour le tabasser", "clear", "direct"),
    ("fr not surviving", "tu passeras pas la semaine, je te le promets", "clear", "veiled"),
    ("fr end place", "tu vas finir six pieds sous terre", "clear", "veiled"),
    ("fr future tense", "tu finiras dans le coffre de ma bagnole", "clear", "veiled"),
    (
        "fr a place that will burn",
        "la synagogue de mon quartier va brûler",
        "clear",
        "third_person",
    ),
    ("fr dead in SMS", "si tu me rebloques t mor", "clear", "conditional"),
    ("en your dead (the normaliser's ur)", "if u ban me again ur dead", "clear", "conditional"),
    ("en your dead alone", "ur dead bro", "doubtful", "veiled"),
    ("en possessive left alone", "ur dead phone battery is not my problem", None, None),
    ("en body bag", "try that again and you'll be in a body bag", "clear", "veiled"),
    ("en no longer walking", "do that again and you won't walk for a month", "clear", "veiled"),
    ("en chain", "I'll find where the CM lives and kill him", "clear", "direct"),
    ("en chain with a body part", "I'll come to your house and break your neck", "clear", "direct"),
    ("en make them bleed", "I'm going to make that cashier bleed", "clear", "direct"),
    (
        "en passive participle",
        "the girl at the counter is getting punched tomorrow",
        "clear",
        "third_person",
    ),
    (
        "en body part participle",
        "that technician is going to get his legs broken",
        "clear",
        "third_person",
    ),
    (
        "en sport participle left alone",
        "the guys are going to get crushed in the final",
        None,
        None,
    ),
    ("en bullet caught", "the shop manager is gonna catch a bullet", "clear", "third_person"),
    ("en bullet deserved", "the admin deserves a bullet", "clear", "third_person"),
    (
        "en not getting home",
        "that customer service agent will not make it home tonight",
        "clear",
        "third_person",
    ),
    ("en whoever", "I'll hurt whoever answers the phone at opalia", "clear", "direct"),
    ("en one of a group", "gonna k1ll every refugee I see", "clear", "direct"),
    ("en plural place", "burn the mosques", "clear", "imperative"),
    ("en rounded up", "round up the migrants and shoot them", "clear", "imperative"),
    (
        "en lined up and shot",
        "all the immigrants should be lined up and shot",
        "clear",
        "third_person",
    ),
    ("en fire set", "set the synagogue on fire", "clear", "imperative"),
    # Excuses that must not overreach, and those that still hold.
    (
        "game talk does not excuse a stabbing",
        "if you show up at the match I'm going to stab you",
        "clear",
        "direct",
    ),
    ("online is not game talk", "if I catch you online again I'll beat you up", "clear", "direct"),
    ("report the verb is not news", "if you report me you're dead", "clear", "conditional"),
    ("report the noun is news", "the police report says he was going to kill them", None, "news"),
    ("game talk still excuses game verbs", "je vais te tuer en ranked ce soir", None, "gaming"),
    ("sport verbs against them are match talk", "we'll bury them in the second half", None, None),
    (
        "sport verbs against them are match talk",
        "we're going to slaughter them on saturday, go blues",
        None,
        None,
    ),
    ("a time is not a target", "cette appli me tue à planter toutes les 5 min", None, None),
    ("a denial rebuts a threat", "No one is saying migrants should die", None, "negated"),
    (
        "a denial rebuts a threat",
        "Never said I'd hit the tech, I said I'd complain",
        None,
        "negated",
    ),
    ("nobody as the subject", "Nobody is going to burn the store", None, "negated"),
    (
        "an apostrophe inside a quotation",
        "someone posted 'I'll burn your house down' to me, screenshot sent to mods",
        None,
        "quoted",
    ),
]


@pytest.mark.parametrize(("why", "text", "level", "kind"), CASES, ids=[c[1][:40] for c in CASES])
def test_threat_families(why: str, text: str, level: str | None, kind: str | None) -> None:
    clear = run(threats, message(text), {"level": "clear", **PATTERNS_ONLY})
    doubtful = run(threats, message(text), {"level": "doubtful", **PATTERNS_ONLY})
    found = "clear" if clear.matched else "doubtful" if doubtful.matched else None
    assert found == level, (why, clear.detail)
    if level is not None:
        assert clear.detail["kind"] == kind, why
    elif kind is not None:
        assert clear.detail.get("excused") == kind, (why, clear.detail)
