"""Concrete advice for the debrief, drawn from what went wrong: each automatic failure, each missed
or late expectation (with what the plan or the charter says), the faults of the public messages, the
moderation mistakes, the calls left unanswered and the decision log."""

from __future__ import annotations

from bot.drills.expectations import LATE, MISSED
from bot.drills.lexicon import check_text
from bot.drills.loader import Drill
from bot.drills.record import DrillRecord
from bot.drills.scoring import ScoreCard
from bot.drills.timing import clock_label

ADVICE: dict[str, tuple[str, str]] = {
    "bulk_delete": (
        "Ne supprimez jamais une critique, même vive : répondez-y ou orientez vers le support. La "
        "charte ne fait retirer que les insultes, menaces, spams et données personnelles.",
        "Never delete criticism, however harsh: answer it or point to support. The charter only "
        "removes insults, threats, spam and personal data.",
    ),
    "unapproved": (
        "Faites valider chaque prise de parole par le rôle que le plan désigne (submit), attendez "
        "la validation, puis publiez (post).",
        "Have every statement approved by the role the plan names (submit), wait for the approval, "
        "then post it.",
    ),
    "personal_data": (
        "Retirez tout numéro, e-mail ou IBAN publié dès que vous le voyez, et dites à la personne "
        "que le support la contacte en privé.",
        "Remove any phone number, e-mail or IBAN as soon as you see it, and tell the person that "
        "support will contact them privately.",
    ),
    "published_data": (
        "Ne recopiez jamais une donnée personnelle dans un message public de la marque.",
        "Never copy personal data into a public message of the brand.",
    ),
    "troll_fed": (
        "Ne répondez pas à un troll : ignorez la provocation et modérez seulement ce qui enfreint la charte.",
        "Do not answer a troll: ignore the bait and moderate only what breaks the charter.",
    ),
    "first_response": (
        "Publiez une première prise de parole validée dans le délai du plan, même courte : ce que "
        "vous savez, ce que vous faites, quand vous revenez.",
        "Post a first approved statement within the plan's deadline, even a short one: what you "
        "know, what you are doing, when you will be back.",
    ),
    "update": (
        "Tenez le rythme des points d'étape : annoncez l'heure du prochain point et tenez-la.",
        "Keep the update cadence: announce when the next update comes, and keep to it.",
    ),
    "empathy": (
        "Commencez par reconnaître la gêne des clients (« Nous sommes désolés… »).",
        "Start by acknowledging what customers go through (\u201cWe are sorry…\u201d).",
    ),
    "facts": (
        "Citez les faits que la cellule a établis (par exemple : {facts}), pas des impressions.",
        "Quote the facts the cell established (for example: {facts}), not impressions.",
    ),
    "next_update": ("Donnez l'heure du prochain point.", "Say when the next update comes."),
    "blame": (
        "Ne rejetez pas la faute, même sur un prestataire : la marque assume devant ses clients.",
        "Do not shift the blame, even onto a supplier: the brand owns it before its customers.",
    ),
    "speculation": (
        "Ne spéculez pas : dites ce qui est confirmé et que le reste est en cours de vérification.",
        "Do not speculate: say what is confirmed and that the rest is being checked.",
    ),
    "promise": (
        "Ne promettez pas ce que la marque ne peut garantir (délais, gestes non validés).",
        "Do not promise what the brand cannot guarantee (times, unapproved gestures).",
    ),
    "missed_removals": (
        "Retirez les messages contraires à la charte ({ids}) : Vigie en signale une partie, les "
        "autres échappent aux filtres, lisez le fil.",
        "Remove the messages that break the charter ({ids}): Vigie flags some, others slip past "
        "the filters, read the feed.",
    ),
    "own_ack": (
        "Acquittez l'appel du plan dès qu'il arrive (ack) : sinon il appelle votre suppléant.",
        "Acknowledge the plan's call as soon as it comes (ack): otherwise it calls your backup.",
    ),
    "relaunch": (
        "Quand un membre de la cellule ne répond pas, appelez tout de suite son suppléant "
        "(alert ROLE backup) au lieu d'attendre l'escalade automatique.",
        "When a member of the cell does not answer, call their backup at once (alert ROLE backup) "
        "rather than waiting for the automatic escalation.",
    ),
    "notes": (
        "Notez chaque décision et chaque changement de niveau au journal (note …) : c'est la "
        "matière du retour d'expérience.",
        "Log every decision and every change of level (note …): it is what the after-action "
        "review is made of.",
    ),
    "checklist": (
        "Cochez la check-list du plan au fil de l'eau (check N).",
        "Tick the plan's checklist as you go (check N).",
    ),
    "all_good": (
        "Rien de majeur à reprendre : gardez ces réflexes et essayez un scénario plus difficile.",
        "Nothing major to fix: keep these habits and try a harder scenario.",
    ),
}


def _say(lang: str, key: str, **values: str) -> str:
    french, english = ADVICE[key]
    return (english if lang == "en" else french).format(**values)


def advice(drill: Drill, record: DrillRecord, card: ScoreCard) -> list[str]:
    """The debrief's advice, most important first, without repeats."""
    lang = drill.lang
    found = [_say(lang, failure.code) for failure in card.failures]
    found += _from_outcomes(drill, card)
    found += _from_messages(drill, record)
    if card.removals.missed:
        found.append(_say(lang, "missed_removals", ids=", ".join(card.removals.missed)))
    found += _from_cell(drill, record)
    if len(record.notes) < drill.scenario.coordination.min_notes:
        found.append(_say(lang, "notes"))
    if record.checklist and len({i for _, i in record.checked}) < len(record.checklist):
        found.append(_say(lang, "checklist"))
    unique = list(dict.fromkeys(found))
    return unique or [_say(lang, "all_good")]


def _from_outcomes(drill: Drill, card: ScoreCard) -> list[str]:
    lines = []
    for outcome in card.outcomes:
        if outcome.status not in (MISSED, LATE):
            continue
        if outcome.do in ("first_response", "update"):
            lines.append(_say(drill.lang, outcome.do))
        elif outcome.why:
            when = clock_label(outcome.at, drill.timezone)
            lines.append(f"{when} — {outcome.why}")
    return lines


def _from_messages(drill: Drill, record: DrillRecord) -> list[str]:
    writing, lines = drill.scenario.writing, []
    for post in record.posts:
        quality = check_text(post.text, writing)
        if not quality.empathy:
            lines.append(_say(drill.lang, "empathy"))
        if not quality.facts:
            lines.append(_say(drill.lang, "facts", facts=", ".join(writing.facts[:3])))
        if not quality.next_update:
            lines.append(_say(drill.lang, "next_update"))
        lines += [_say(drill.lang, fault) for fault in quality.faults]
    return lines


def _from_cell(drill: Drill, record: DrillRecord) -> list[str]:
    own, lines = drill.scenario.meta.trainee_role, []
    for case in record.cases:
        if case.role == own and case.acked_by != record.trainee:
            lines.append(_say(drill.lang, "own_ack"))
        elif (
            case.role != own
            and case.step > 0
            and not any(c.role == case.role for c in record.calls)
        ):
            lines.append(_say(drill.lang, "relaunch"))
    return lines
