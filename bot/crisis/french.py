"""French at the seams of a template: where a variable's value meets the word before it, the
article contracts ("de" + "des perturbations" → "des perturbations", "de" + "le réseau" → "du
réseau", "à" + "les abonnés" → "aux abonnés") and the vowel elides ("de" + "une panne" → "d'une
panne", "que" + "il" → "qu'il"). Only the seams are touched: the plan's own words are the plan's.
"""

from __future__ import annotations

import re
from string import Formatter

_VOWEL = re.compile(r"^[aeiouyàâäéèêëîïôöùûüœæ]", re.IGNORECASE)
_LAST_WORD = re.compile(r"(?:^|(?<=[\s(«\"]))(\w+)(\s+)$")
_ELIDED = {
    "de": "d'",
    "que": "qu'",
    "jusque": "jusqu'",
    "lorsque": "lorsqu'",
    "puisque": "puisqu'",
    "le": "l'",
    "la": "l'",
    "ne": "n'",
    "se": "s'",
    "je": "j'",
}
_CONTRACTED = {
    ("de", "des"): "des",
    ("de", "les"): "des",
    ("de", "le"): "du",
    ("à", "les"): "aux",
    ("à", "le"): "au",
}


def join(before: str, value: str) -> tuple[str, str]:
    """`before` (template text ending where the variable starts) and `value`, contracted."""
    match = _LAST_WORD.search(before)
    if match is None or not value:
        return before, value
    word = match.group(1)
    head, _, rest = value.partition(" ")
    if head.lower() in ("le", "la") and _VOWEL.match(rest):
        return before, _case("l'", head) + rest  # "à l'incident", "de l'offre": no contraction
    contracted = _CONTRACTED.get((word.lower(), head.lower()))
    prefix = before[: match.start(1)]
    if contracted is not None:
        return prefix + _case(contracted, word) + (" " if rest else ""), rest
    if word.lower() in _ELIDED and _VOWEL.match(value):
        return prefix + _case(_ELIDED[word.lower()], word), value
    return before, value


def _case(text: str, like: str) -> str:
    return text[:1].upper() + text[1:] if like[:1].isupper() else text


def fill(template: str, values: dict[str, str], lang: str = "fr") -> str:
    """`template.format_map(values)`, with the French seams fixed in a French text."""
    if lang != "fr":  # the seams ("de le" → "du") are French grammar
        return template.format_map(values)
    out = ""
    for literal, name, spec, conversion in Formatter().parse(template):
        out += literal
        if name is None:
            continue
        value = format(values[name], spec or "")
        if conversion:
            value = {"r": repr, "s": str, "a": ascii}[conversion](value)
        out, value = join(out, value)
        out += value
    return out
