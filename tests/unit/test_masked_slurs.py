"""Masked slurs and the hate lexicon (issue 12d): what the normaliser writes out, what it leaves
alone, and the lexicon file's errors. Each row is one way of hiding a slur, or a word that must
not be mistaken for one."""

from __future__ import annotations

import pytest

from bot.text.hate_lexicon import LexiconError, hate_lexicon, parse
from bot.text.masked import unmask_word
from bot.text.normalize import fold

# (message, folded)
UNMASKED = [
    ("n*gger", "nigger"),
    ("sale b*ugnoule", "sale bougnoule"),
    ("ferme-la p*d*", "ferme-la pede"),
    ("sh*t up n**ger", "sh*t up nigger"),
    ("sale nèg.re", "sale negre"),
    ("sale t#rlouze", "sale tarlouze"),
    ("les n*gres", "les negres"),
    ("y*upin", "youpin"),
    ("ces bicøts", "ces bicots"),
    # One separator throughout: the "a" before a dashed word stays a word.
    ("ur a n-i-g-g-e-r", "your a nigger"),
    ("tu es un p-e-d-e", "tu es un pede"),
]
LEFT_ALONE = [
    ("f*ck", "f*ck"),  # not a slur: left to the models' character n-grams
    ("peut-être", "peut-etre"),
    ("e-mail", "e-mail"),
    ("c.o.n", "con"),  # a spaced-out word is joined, not guessed
    ("n*", "n*"),  # too little shown
    ("**g", "**g"),
    ("le raton laveur", "le raton laveur"),
]


@pytest.mark.parametrize(
    ("text", "folded"), UNMASKED + LEFT_ALONE, ids=[r[0] for r in UNMASKED + LEFT_ALONE]
)
def test_masked_slurs_are_written_out(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("word", "slur"),
    [
        ("n*gger", "nigger"),
        ("f*g", "fag"),
        ("n*gr*", None),  # "negre" and "negro" both fit: no guess
        ("s*c", None),  # no slur of that length starts with s and ends with c
        ("zz*z", None),
    ],
)
def test_exactly_one_slur_must_fit(word: str, slur: str | None) -> None:
    assert unmask_word(word) == slur


def test_the_shipped_lexicon_has_every_kind_in_both_languages() -> None:
    lexicon = hate_lexicon()
    for kind in ("group", "slur", "attack", "dehumanise", "hatred", "violence", "counter"):
        for lang in ("fr", "en"):
            assert lexicon.terms(kind, lang), (kind, lang)
    # Words with an ordinary sense are not slurs on their own.
    assert not {"retard", "raton", "pedale"} & set(lexicon.terms("slur"))


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("orphan\n", 1),
        ("[group fr]\nles\n[slurs fr]\nx\n", 3),
        ("# comment\n[group de]\nx\n", 2),
        ("[group fr]\nthree words here\n", 2),
    ],
)
def test_a_malformed_lexicon_names_its_line(text: str, line: int) -> None:
    with pytest.raises(LexiconError, match=f"hate.txt:{line}:"):
        parse(text, "hate.txt")


def test_terms_are_folded() -> None:
    lexicon = parse("[group fr]\nMusulmanes\nsans-papiers\n")
    assert lexicon.terms("group", "fr") == ("musulmanes", "sans papiers")
