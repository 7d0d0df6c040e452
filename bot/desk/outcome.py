"""What the author is told once a human has reviewed their case (overturn, appeal outcome)."""

from __future__ import annotations

from contextlib import suppress

from bot.charter.fields import pick
from bot.charter.schema import Charter
from bot.store.casefile import Case, Verdict

_TEXT = {
    "fr": {
        Verdict.OVERTURN: "Après examen par un modérateur, la décision sur votre message est annulée "
        "et l'avertissement retiré. Merci de votre patience.",
        Verdict.CONFIRM: "Après examen par un modérateur, la décision sur votre message est maintenue.",
        Verdict.ESCALATE: "Votre cas est transmis à l'équipe de la communauté pour un second examen.",
    },
    "en": {
        Verdict.OVERTURN: "A moderator reviewed the decision on your message: it is overturned and "
        "the strike removed. Thank you for your patience.",
        Verdict.CONFIRM: "A moderator reviewed the decision on your message: it stands.",
        Verdict.ESCALATE: "Your case is passed to the community team for a second review.",
    },
}
_RULE = {"fr": "Règle concernée : « {} ».", "en": "Rule concerned: “{}”."}


def verdict_notice(charter: Charter, case: Case, verdict: Verdict, lang: str) -> str:
    """The message to the author about a reviewed case, in `lang`."""
    texts = _TEXT.get(lang, _TEXT["fr"])
    lines = [texts[verdict]]
    if case.rule:
        # A rule renamed since the decision: say nothing rather than something wrong.
        with suppress(KeyError):
            lines.append(
                _RULE.get(lang, _RULE["fr"]).format(pick(charter.rule(case.rule).title, lang))
            )
    if verdict is Verdict.CONFIRM:
        lines.append(pick(charter.public.appeal, lang))
    return " ".join(lines)
