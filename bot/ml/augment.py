"""Template pairs that teach the toxicity model the difference between an insult and talk about one.

A bag-of-n-grams model sees "connard" in "t'es un connard" and in "traiter quelqu'un de connard,
c'est inacceptable" alike. The shared data has almost no counter-speech, so each insult word is
put in direct-insult templates (toxic) and in counter-speech, reporting and negation templates (not
toxic): the contrast moves the weight from the word to its context ("t'es un", "calling someone",
"inacceptable"). Insult words come from HurtLex (conservative level) and are kept only when the
training split uses them mostly in toxic messages, so the lexicon's noise ("relation", "joue") is
left out. Held-out templates and words form the test split that measures the effect.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from bot.ml.datasets import TEST, TRAIN, Example, hashed_split
from bot.text.normalize import fold

# Templates per language; the last HELD_OUT of each list are kept for the test split.
INSULTS = {
    "en": [
        "you are a {w}",
        "you're such a {w}",
        "shut up you {w}",
        "what a {w} you are",
        "go away {w}",
        "you {w}",
        "everyone knows you are a {w}",
        "get lost, {w}",
        "you are the biggest {w} here",
        "hey {w}, nobody asked you",
        "you absolute {w}",
        "typical {w}, always whining",
        "you're a pathetic {w}",
        "look at this {w}",
        "{w} like you should leave",
        "i hate you, {w}",
        "you are nothing but a {w}",
        "stop talking, {w}",
        "listen here you {w}",
        "what do you want, {w}",
    ],
    "fr": [
        "t'es un {w}",
        "espèce de {w}",
        "ferme ta gueule {w}",
        "quel {w} celui-là",
        "tu es vraiment un {w}",
        "dégage {w}",
        "sale {w}",
        "va te faire voir {w}",
        "t'es le plus gros {w} d'ici",
        "oh le {w}, personne t'a demandé",
        "bande de {w}",
        "toujours à pleurnicher, ce {w}",
        "pauvre {w} va",
        "regardez-moi ce {w}",
        "les {w} comme toi dehors",
        "je te déteste, {w}",
        "tu n'es qu'un {w}",
        "casse-toi {w}",
        "écoute-moi bien {w}",
        "tu veux quoi, {w}",
    ],
}
COUNTER = {
    "en": [
        "calling someone a {w} is unacceptable",
        "it is not ok to call people {w}",
        "please do not call anyone a {w}",
        "he called me a {w} and i reported it",
        "the word {w} is an insult, stop using it",
        "you are not a {w}, do not listen to them",
        "nobody here is a {w}",
        "we do not tolerate words like {w} here",
        "insulting people with {w} gets you banned",
        "is {w} considered a slur?",
        "i was called a {w} at school and it hurt",
        "saying {w} to a member breaks rule 2",
        "she is not a {w} and you know it",
        "moderators: someone wrote {w} in general",
        "don't let anyone call you a {w}",
        "words like {w} have no place in this community",
        "using the word {w} against someone is never acceptable",
        "they called her a {w}, that is harassment and it has to stop",
        "no one deserves to be called a {w}",
        "reported a user for calling me a {w}",
    ],
    "fr": [
        "traiter quelqu'un de {w}, c'est inacceptable",
        "ce n'est pas ok de traiter les gens de {w}",
        "merci de ne traiter personne de {w}",
        "il m'a traité de {w} et je l'ai signalé",
        "le mot {w} est une insulte, arrêtez de l'utiliser",
        "tu n'es pas un {w}, ne les écoute pas",
        "personne ici n'est un {w}",
        "on ne tolère pas les insultes comme {w} ici",
        "insulter les gens de {w} c'est le ban direct",
        "est-ce que {w} est une insulte ?",
        "on m'a traité de {w} au collège et ça m'a fait mal",
        "dire {w} à un membre enfreint la règle 2",
        "elle n'est pas une {w} et tu le sais",
        "modos : quelqu'un a écrit {w} dans le général",
        "ne laisse personne te traiter de {w}",
        "les mots comme {w} n'ont pas leur place ici",
        "utiliser le mot {w} contre quelqu'un n'est jamais acceptable",
        "ils l'ont traitée de {w}, c'est du harcèlement et ça doit cesser",
        "personne ne mérite d'être traité de {w}",
        "j'ai signalé un membre qui m'a traité de {w}",
    ],
}
HELD_OUT = 4
INSULT_CATEGORIES = frozenset(["cds", "ddp", "dmc", "an", "asf", "asm", "pr", "om", "ps", "ddf"])
IDENTITY_CATEGORIES = frozenset({"ps", "om"})  # slurs: an insult with one is also hate
PER_WORD = 4  # templates of each kind drawn per training word
# Everyday words that HurtLex lists and that keyword-collected tweets use in toxic contexts, but
# that are not insults: "you are a police" teaches nothing.
NOT_INSULTS = frozenset(
    [
        "adolescent",
        "bande",
        "blague",
        "bleu",
        "demeure",
        "demi",
        "derriere",
        "fille",
        "homme",
        "joue",
        "jules",
        "pauvre",
        "peuple",
        "pierre",
        "police",
        "policier",
        "pseudo",
        "queue",
        "vieux",
        "beast",
        "devil",
        "dope",
        "fooled",
        "hoax",
        "hypocrisy",
        "ignorance",
        "lump",
        "mess",
        "misleading",
        "mock",
        "mongering",
        "officer",
        "poop",
        "screw",
        "stupidity",
    ]
)


def hurtlex_insults(folder: Path, lang: str) -> dict[str, bool]:
    """Single-word conservative HurtLex nouns and adjectives -> whether they are identity slurs."""
    words: dict[str, bool] = {}
    with (folder / f"hurtlex_{lang.upper()}.tsv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            lemma = fold(row["lemma"])
            if (
                row["level"] == "conservative"
                and row["category"] in INSULT_CATEGORIES
                and re.fullmatch(r"[a-z]{4,}", lemma)
                and lemma not in NOT_INSULTS
            ):
                words[lemma] = words.get(lemma, False) or row["category"] in IDENTITY_CATEGORIES
    return words


def attested_insults(
    candidates: dict[str, bool], examples: Iterable[Example], lang: str, min_count: int = 4
) -> dict[str, bool]:
    """The candidates that the training split of `lang` uses mostly in toxic messages.

    "Mostly" is relative to the base rate (French sets are 2/3 toxic, OLID 1/3): a word must sit
    halfway between the base rate and 1."""
    seen, toxic = Counter(), Counter()
    total = positives = 0
    for example in examples:
        if example.split != TRAIN or example.lang != lang or "toxic" not in example.labels:
            continue
        total += 1
        positives += example.labels["toxic"]
        for word in set(re.findall(r"\w+", fold(example.text))) & candidates.keys():
            seen[word] += 1
            toxic[word] += example.labels["toxic"]
    min_rate = (1 + positives / max(total, 1)) / 2
    return {
        w: candidates[w] for w, n in seen.items() if n >= min_count and toxic[w] / n >= min_rate
    }


def _pick(word: str, kind: str, pool: list[str], k: int) -> list[str]:
    # A stable choice of k templates per word, so the set does not depend on the seed.
    ranked = sorted(pool, key=lambda t: hashlib.sha256(f"{kind}:{word}:{t}".encode()).digest())
    return ranked[:k]


def template_examples(words: dict[str, bool], lang: str) -> list[Example]:
    """Insult and counter-speech examples for `words` (word -> is an identity slur)."""
    examples: list[Example] = []
    insults, counter = INSULTS[lang], COUNTER[lang]
    for word, slur in sorted(words.items()):
        split = hashed_split(f"template:{lang}:{word}", 0.15, 0.3)
        if split == TEST:
            chosen = [(t, 1) for t in insults[-HELD_OUT:]] + [(t, 0) for t in counter[-HELD_OUT:]]
        else:
            chosen = [(t, 1) for t in _pick(word, "i", insults[:-HELD_OUT], PER_WORD)]
            chosen += [(t, 0) for t in _pick(word, "c", counter[:-HELD_OUT], PER_WORD)]
        for template, toxic in chosen:
            labels = {"toxic": toxic, "hate": int(toxic and slur)}
            meta = {"word": word, "kind": "insult" if toxic else "counter"}
            examples.append(
                Example(template.format(w=word), labels, lang, "templates", split, meta=meta)
            )
    return examples


def build_templates(hurtlex_folder: Path, examples: list[Example]) -> list[Example]:
    """Template examples for English and French, from attested HurtLex insults."""
    out: list[Example] = []
    for lang in ("en", "fr"):
        words = attested_insults(hurtlex_insults(hurtlex_folder, lang), examples, lang)
        out.extend(template_examples(words, lang))
    return out
