"""Mention versus use (issue 12, threats round): which quotations are read as mentioned, which
clauses a denial rebuts. One row per mechanism, each with a contrast it must leave alone."""

from __future__ import annotations

import pytest

from bot.detectors.speech import read_speech
from bot.text.normalize import normalize

QUOTED = [
    # (mechanism, text, the quoted words read as mentioned, or None: nothing mentioned)
    ("a reading verb just before", "J'en ai marre de lire « pédé » toutes les deux lignes", "pede"),
    (
        "a writing verb in another form",
        "Quand tu écris « tarlouze », tu blesses des gens",
        "tarlouze",
    ),
    ("a word for words after", "« Gouine » n'est pas un mot qu'on accepte ici", "gouine"),
    (
        "a negated judgement after",
        "« Retourne en Afrique » n'a rien d'une critique du service",
        "retourne en afrique",
    ),
    ("a refusal after", "Les « bicots » et compagnie, on n'en veut pas ici", "bicots"),
    (
        "a word for messages after",
        "Why did the 'dumb bitch' comment stay up for 3 hours?",
        "dumb bitch",
    ),
    ("where it was posted", "'Whore' and 'slut' in the replies again, come on", "whore"),
    ("a refusal before", "we won't accept 'cunt' aimed at staff", "cunt"),
    ("a saying verb, negated", "we don't say 'tranny' here", "tranny"),
    (
        "called, passive",
        "My brother got called a 'towelhead' at the store, disgusting",
        "towelhead",
    ),
    ("stop with", "Stop with the 'tranny' jokes", "tranny"),
    (
        "apostrophes inside the quotation",
        "someone posted 'I'll burn your house down' to me",
        "i'll burn your house down",
    ),
    # Contrasts: quotations used of someone, or with nothing that talks about them as words.
    ("scare quotes said to the reader", "t'es vraiment un « génie » toi", None),
    ("scare quotes said of the CM", "le CM est un « clown », voilà", None),
    ("a quotation with no frame", "« Bande de connards » voilà ce que vous êtes", None),
]


@pytest.mark.parametrize(("why", "text", "words"), QUOTED, ids=[q[1][:40] for q in QUOTED])
def test_which_quotations_are_mentioned(why: str, text: str, words: str | None) -> None:
    normalized = normalize(text)
    speech = read_speech(normalized)
    mentioned = [normalized.folded[s:e].strip("«»\"'“”‘’ ") for s, e in speech.quoted]
    if words is None:
        assert not mentioned, why
    else:
        assert words in mentioned, (why, mentioned)
        assert speech.counter_speech, why


DENIED = [
    # (mechanism, text, the clause a denial rebuts, or None)
    ("it's not true that", "It's not true that jews control the banks", "jews control the banks"),
    (
        "ce n'est pas vrai que",
        "Ce n'est pas vrai que les juifs contrôlent les banques",
        "les juifs controlent les banques",
    ),
    ("no one is saying", "No one is saying migrants should die", "migrants should die"),
    ("nobody should say", "Nobody should say trans people are sick", "trans people are sick"),
    (
        "never said, up to the clause's end",
        "Never said I'd hit the tech, I said I'd complain",
        "i'd hit the tech",
    ),
    (
        "personne ne dit",
        "Personne ne dit que les roms sont des voleurs",
        "les roms sont des voleurs",
    ),
    # Contrasts: what asserts while it pretends not to, and a plain statement.
    ("apophasis asserts", "I'm not saying you're an idiot but you are", None),
    ("je dis pas que… asserts", "je dis pas que t'es un con mais presque", None),
    ("a plain statement", "jews control the banks", None),
]


@pytest.mark.parametrize(("why", "text", "clause"), DENIED, ids=[d[1][:40] for d in DENIED])
def test_which_clauses_a_denial_rebuts(why: str, text: str, clause: str | None) -> None:
    normalized = normalize(text)
    speech = read_speech(normalized)
    denied = [normalized.folded[s:e] for s, e in speech.denied]
    if clause is None:
        assert not denied, why
    else:
        assert denied == [clause], (why, denied)
        assert speech.counter_speech, why
