"""A cheap guess of a message's language among the ones a community declares (French or English).

Counting frequent function words is enough to pick the language of a notice: it needs no model,
costs a few microseconds, and falls back to the community's first language when a message is too
short.
"""

from __future__ import annotations

from collections.abc import Sequence

_STOPWORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "un",
            "une",
            "des",
            "du",
            "de",
            "et",
            "est",
            "sont",
            "pas",
            "ne",
            "je",
            "tu",
            "il",
            "elle",
            "nous",
            "vous",
            "ils",
            "elles",
            "on",
            "ce",
            "cette",
            "ces",
            "mon",
            "ma",
            "mes",
            "ton",
            "ta",
            "tes",
            "son",
            "sa",
            "ses",
            "notre",
            "votre",
            "leur",
            "qui",
            "que",
            "quoi",
            "pour",
            "avec",
            "sans",
            "dans",
            "sur",
            "mais",
            "ou",
            "donc",
            "car",
            "tres",
            "plus",
            "bien",
            "aussi",
            "deja",
            "encore",
            "toujours",
            "jamais",
            "rien",
            "merci",
            "bonjour",
            "salut",
            "au",
            "aux",
            "en",
            "y",
            "a",
            "ai",
            "as",
            "avez",
            "ont",
            "etait",
            "fait",
            "faire",
            "suis",
            "es",
            "c",
            "j",
            "n",
            "qu",
            "l",
            "d",
            "m",
            "t",
            "s",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "a",
            "an",
            "and",
            "is",
            "are",
            "was",
            "were",
            "not",
            "no",
            "i",
            "you",
            "he",
            "she",
            "we",
            "they",
            "it",
            "this",
            "that",
            "these",
            "those",
            "my",
            "your",
            "his",
            "her",
            "our",
            "their",
            "who",
            "what",
            "which",
            "for",
            "with",
            "without",
            "in",
            "on",
            "at",
            "but",
            "or",
            "so",
            "very",
            "more",
            "well",
            "also",
            "already",
            "still",
            "always",
            "never",
            "nothing",
            "thanks",
            "hello",
            "hi",
            "to",
            "of",
            "be",
            "been",
            "have",
            "has",
            "had",
            "do",
            "does",
            "did",
            "can",
            "could",
            "will",
            "would",
            "should",
            "just",
            "me",
            "him",
            "them",
            "us",
        ]
    ),
}


COMMON_WORDS: frozenset[str] = frozenset().union(*_STOPWORDS.values())
"""Function words of every language known: too frequent to tell anything about a message."""


def guess_language(
    words: Sequence[str], declared: Sequence[str], default: str | None = None
) -> str:
    """The declared language whose function words are most frequent in `words` (folded words).

    Ties and messages without any function word get `default` (or the first declared language).
    """
    fallback = default or (declared[0] if declared else "fr")
    best, best_count, tie = fallback, 0, False
    for lang in declared:
        vocabulary = _STOPWORDS.get(lang)
        if not vocabulary:
            continue
        count = sum(1 for word in words if word in vocabulary)
        if count > best_count:
            best, best_count, tie = lang, count, False
        elif count == best_count and count:
            tie = True
    return fallback if tie or best_count == 0 else best
