"""The terminal session's own texts (help, prompt, status lines), in French and English."""

from __future__ import annotations

from typing import Any

HELP = {
    "fr": """Commandes (en français ou en anglais) :
  attendre [durée]          laisser passer le temps (sans durée : jusqu'au prochain événement)
  etat | fil [n] | modeles | checklist | voir BROUILLON | aide | fin
  supprimer ID | avertir ID | muet ID [durée] | bannir ID      modérer un message
  acquitter [APPEL]         acquitter l'appel du plan (le vôtre par défaut)
  niveau N [raison]         déclarer le niveau du plan
  alerter ROLE [suppleant] [texte]   appeler (ou relancer) un membre de la cellule
  rediger NOM modele ID | rediger NOM texte…   préparer une prise de parole
  soumettre NOM [ROLE] [suppleant]   la faire valider      publier NOM   la publier
  repondre ID texte…        répondre publiquement à un message
  note texte…               écrire au journal de décisions     cocher N   cocher la check-list
""",
    "en": """Commands (in English or French):
  wait [duration]           let time pass (no duration: until the next event)
  status | feed [n] | templates | checklist | show DRAFT | help | end
  delete ID | warn ID | mute ID [duration] | ban ID            moderate a message
  ack [CASE]                acknowledge the plan's call (yours by default)
  level N [reason]          declare the plan's level
  alert ROLE [backup] [text]         call (or relaunch) a member of the cell
  draft NAME template ID | draft NAME text…    prepare a statement
  submit NAME [ROLE] [backup]        have it approved      post NAME   publish it
  reply ID text…            answer a message publicly
  note text…                write in the decision log          check N   tick the checklist
""",
}

_LINES: dict[str, tuple[str, str]] = {
    "prompt": ("[{at} · niveau {level}] > ", "[{at} · level {level}] > "),
    "welcome": (
        "=== Exercice : {title} (marque fictive : {brand}) ===",
        "=== Drill: {title} (fictional brand: {brand}) ===",
    ),
    "your_role": (
        "Vous jouez : {role}. 1 minute d'exercice = {scale} minutes d'histoire. Tapez « aide ».",
        'You play: {role}. 1 minute of drill = {scale} minutes of story. Type "help".',
    ),
    "unknown": (
        "Commande non comprise : {command} (tapez « aide »)",
        'Command not understood: {command} (type "help")',
    ),
    "status_level": ("Niveau {level} — {name}", "Level {level} — {name}"),
    "status_case": (
        "  appel {case} ({role}) : on attend {calling} avant {deadline}",
        "  call {case} ({role}): waiting for {calling} by {deadline}",
    ),
    "status_draft": ("  brouillon {draft} : {state}", "  draft {draft}: {state}"),
    "status_indicators": ("  indicateurs : {values}", "  indicators: {values}"),
    "no_draft": ("Pas de brouillon {draft}", "No draft {draft}"),
    "end": ("=== Fin de l'exercice ===", "=== End of the drill ==="),
}


def line(lang: str, key: str, **values: Any) -> str:
    """One of the terminal's texts in `lang`."""
    french, english = _LINES[key]
    return (english if lang == "en" else french).format(**values)
