"""The words of the reasons the monitor gives (why a level moved), in the plan's first language:
"plaignants distincts 4 >= 4 × la normale 0.06 sur 5 min" for a French plan."""

from __future__ import annotations

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "negative_share": "negative share",
        "toxic_share": "toxic share",
        "keyword_share": "keyword share",
        "keywords": "watch-list keywords",
        "brand": "brand mentions",
        "complainers": "distinct complainers",
        "negative": "negative messages",
        "toxic": "toxic messages",
        "joins": "joins",
        "newcomers": "newcomers posting",
        "volume": "messages",
        "baseline": "baseline",
        "over": "over",
        "in": "in",
        "too few": "too few messages",
        "exit held": "exit criteria held for",
        "declared by": "declared by",
    },
    "fr": {
        "negative_share": "part de messages négatifs",
        "toxic_share": "part de messages toxiques",
        "keyword_share": "part de mots surveillés",
        "keywords": "mots surveillés",
        "brand": "mentions de la marque",
        "complainers": "plaignants distincts",
        "negative": "messages négatifs",
        "toxic": "messages toxiques",
        "joins": "arrivées",
        "newcomers": "nouveaux qui écrivent",
        "volume": "messages",
        "baseline": "la normale",
        "over": "sur",
        "in": "dans",
        "too few": "trop peu de messages",
        "exit held": "critères de sortie tenus depuis",
        "declared by": "déclaré par",
    },
}


def word(key: str, lang: str) -> str:
    """The word for `key` in `lang` (English when the language is not known)."""
    return _WORDS.get(lang, _WORDS["en"]).get(key, _WORDS["en"][key])
