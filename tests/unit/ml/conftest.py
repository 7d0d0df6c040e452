"""Tiny models trained in the test session from a few dozen made-up messages (no shared data)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.ml.datasets import TRAIN, VAL, Example
from bot.ml.lexicon import build_lexicon, with_conjunctions
from bot.ml.model import CompiledModel
from bot.ml.specs import FeatureConfig, ModelSpec
from bot.ml.train import Corpus, train_model
from bot.text.normalize import fold

TOXIC = [
    "you are an idiot",
    "shut up you moron",
    "t'es un connard",
    "ferme ta gueule abruti",
    "what a stupid clown",
    "espèce de débile",
    "go away loser",
    "sale con va",
    "you idiot nobody likes you",
    "quel abruti celui la",
    "free idiot gratuit connard",
]
CLEAN = [
    "thanks for the help",
    "merci beaucoup pour la réponse",
    "see you tonight at the game",
    "on se retrouve ce soir",
    "the update looks great",
    "bonne soirée à tous",
    "can someone explain the rules",
    "le stream commence à 20h",
    "nice play yesterday",
    "je suis d'accord avec toi",
]
SPAM = [
    "win free bitcoin now click the link",
    "gagnez 500 euros par jour cliquez ici",
    "free prize claim your gift now",
    "investissez en crypto contactez moi",
    "earn money fast join my telegram",
    "cadeau gratuit cliquez sur le lien",
]
# The conjunction makes every scorer test check that the run-time paths add it as training does.
TINY_LEXICON = with_conjunctions(
    build_lexicon(
        "tiny",
        [
            ("idiot", "insult", "en"),
            ("connard", "insult", "fr"),
            ("free", "offer", "en"),
            ("gratuit", "offer", "fr"),
        ],
    ),
    (("insult", "offer"),),
)


def _examples() -> list[Example]:
    out = []
    for i, text in enumerate(TOXIC + CLEAN + SPAM):
        split = VAL if i % 5 == 4 else TRAIN
        toxic = int(text in TOXIC)
        out.append(Example(text, {"toxic": toxic, "spam": int(text in SPAM)}, "en", "tiny", split))
        # A second wording of each message, so every split holds both classes.
        out.append(
            Example(
                text + " !",
                {"toxic": toxic, "spam": int(text in SPAM)},
                "en",
                "tiny",
                TRAIN if split == VAL else VAL,
            )
        )
    return out


TINY_SPEC = ModelSpec(
    name="tiny",
    labels=("toxic", "spam"),
    sources=(),
    features=replace(FeatureConfig(), word_min_df=1, char_min_df=1),
)


@pytest.fixture(scope="session")
def tiny_corpus() -> Corpus:
    examples = _examples()
    return Corpus(examples, [fold(e.text) for e in examples])


@pytest.fixture(scope="session")
def tiny_model(tiny_corpus: Corpus) -> CompiledModel:
    return train_model(TINY_SPEC, tiny_corpus, (TINY_LEXICON,), seed=0)


@pytest.fixture(scope="session")
def tiny_second_model(tiny_corpus: Corpus) -> CompiledModel:
    """Another model (one label, other hyper-parameters) to test scoring several at once."""
    spec = replace(TINY_SPEC, name="second", labels=("spam",), naive_bayes=False, C=0.5)
    renamed = [replace(e, labels={"spam": e.labels["spam"]}) for e in tiny_corpus.examples]
    corpus = Corpus(renamed, tiny_corpus.texts)
    model = train_model(spec, corpus, (), seed=0)
    return replace(model, labels=("spam2",), thresholds={"spam2": 0.5})
