"""What a public message is checked for, in French and English: it names the problem, shows empathy,
states facts, says when the next update comes; it does not blame, speculate or promise what the
brand cannot keep. Word lists are generic; the scenario adds its own problem words, facts and
promises. Matching is on the folded text (no case, no accents), on word boundaries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.drills.schema import Writing
from bot.text.normalize import plain

ACKNOWLEDGE = (
    "nous avons connaissance",
    "nous sommes au courant",
    "nous constatons",
    "nous confirmons",
    "nous reconnaissons",
    "we are aware",
    "we know that",
    "we confirm",
    "we acknowledge",
    "we recognise",
    "we recognize",
)
EMPATHY = (
    "desole",
    "desolee",
    "desoles",
    "excuses",
    "nous excuser",
    "nous nous excusons",
    "regrettons",
    "comprenons",
    "je comprends",
    "votre colere",
    "votre agacement",
    "votre inquietude",
    "sorry",
    "apologise",
    "apologize",
    "apologies",
    "we understand",
    "we regret",
    "your frustration",
    "your anger",
    "your concern",
)
NEXT_UPDATE = (
    "prochain point",
    "nouveau point",
    "prochaine mise a jour",
    "nous reviendrons",
    "reviendrons vers vous",
    "next update",
    "we will update",
    "we'll update",
    "update you",
    "back to you",
)
_NEXT_TIME = re.compile(
    r"\b(avant|a|des|d'ici|by|before|at)\s+\d{1,2}\s*(h|:)\s*\d{0,2}\b|\b\d{1,2}\s*(am|pm)\b"
)
BLAME = (
    "la faute de",
    "la faute a",
    "faute de notre prestataire",
    "a cause de notre prestataire",
    "pas de notre faute",
    "pas notre faute",
    "pas responsables",
    "vous auriez du",
    "mal interprete",
    "si certains se sont sentis",
    "si vous vous etes sentis",
    "si vous vous etes senti",
    "ceux qui se sont sentis",
    "not our fault",
    "the fault of",
    "to blame",
    "blame",
    "you should have",
    "misunderstood",
    "misinterpreted",
    "if anyone was offended",
    "if anyone felt",
    "if you felt",
    "those who felt",
)
SPECULATION = (
    "peut-etre",
    "peut etre",
    "probablement",
    "sans doute",
    "il semblerait",
    "il semble que",
    "nous pensons que",
    "on pense que",
    "pourrait etre",
    "maybe",
    "perhaps",
    "probably",
    "it seems",
    "might be",
    "we think",
    "we believe",
    "likely",
)
PROMISE = (
    "nous garantissons",
    "garanti",
    "promettons",
    "promis",
    "plus jamais",
    "ne se reproduira",
    "100 %",
    "100%",
    "we guarantee",
    "guaranteed",
    "we promise",
    "never again",
    "never happen again",
    "within minutes",
)


@dataclass(frozen=True)
class Quality:
    """What one public text does and does not do, with the words that decided it."""

    acknowledges: bool
    empathy: bool
    facts: bool
    next_update: bool
    found: dict[str, list[str]] = field(default_factory=dict)

    @property
    def faults(self) -> list[str]:
        """The faults found: blame, speculation, promise."""
        return [name for name in ("blame", "speculation", "promise") if self.found.get(name)]

    @property
    def strengths(self) -> int:
        """How many of the four qualities the text has."""
        return sum((self.acknowledges, self.empathy, self.facts, self.next_update))


def _hits(text: str, phrases: tuple[str, ...] | list[str]) -> list[str]:
    hits = []
    for phrase in phrases:
        folded = plain(phrase)
        if re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", text):
            hits.append(phrase)
    return hits


def check_text(text: str, writing: Writing) -> Quality:
    """Check one public message against the generic lists and the story's own words."""
    folded = plain(text)
    found = {
        "problem": _hits(folded, [*ACKNOWLEDGE, *writing.problem]),
        "empathy": _hits(folded, EMPATHY),
        "facts": _hits(folded, writing.facts),
        "next_update": _hits(folded, NEXT_UPDATE),
        "blame": _hits(folded, BLAME),
        "speculation": _hits(folded, SPECULATION),
        "promise": _hits(folded, [*PROMISE, *writing.promises]),
    }
    if _NEXT_TIME.search(folded):
        found["next_update"].append("⏱")
    return Quality(
        acknowledges=bool(found["problem"]),
        empathy=bool(found["empathy"]),
        facts=bool(found["facts"]),
        next_update=bool(found["next_update"]),
        found={name: hits for name, hits in found.items() if hits},
    )


def score_text(quality: Quality) -> float:
    """0..1: the share of the four qualities, lowered by a third for each fault."""
    return max(0.0, quality.strengths / 4 * (1 - len(quality.faults) / 3))
