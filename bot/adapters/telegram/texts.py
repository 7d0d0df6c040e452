"""Everything the Telegram adapter says to people, in French and English, and how it picks the
language: the member's Telegram `language_code` when the charter speaks it, else the charter's
first language."""

from __future__ import annotations

from collections.abc import Sequence

_TEXTS: dict[str, dict[str, str]] = {
    "unknown_button": {
        "fr": "Ce bouton n'est plus valable.",
        "en": "This button is no longer valid.",
    },
    "verdict_done": {"fr": "{verdict} : enregistré.", "en": "{verdict}: recorded."},
    "verdict_line": {"fr": "{icon} {verdict} par {who}", "en": "{icon} {verdict} by {who}"},
    "confirm": {"fr": "Confirmer", "en": "Confirm"},
    "overturn": {"fr": "Annuler", "en": "Overturn"},
    "escalate": {"fr": "Escalader", "en": "Escalate"},
    "take": {"fr": "Je prends", "en": "Acknowledge"},
    "ack": {"fr": "Acquitter", "en": "Acknowledge"},
    "confirmed": {"fr": "Confirmé", "en": "Confirmed"},
    "overturned": {"fr": "Annulé", "en": "Overturned"},
    "escalated": {"fr": "Escaladé", "en": "Escalated"},
    "taken": {"fr": "Pris en charge", "en": "Taken"},
    "acked": {"fr": "Acquitté", "en": "Acknowledged"},
    "context": {"fr": "En réponse à", "en": "In reply to"},
    "link": {"fr": "Lien", "en": "Link"},
    "crisis_title": {"fr": "🚨 Alerte de crise", "en": "🚨 Crisis alert"},
    "crisis_unreached": {
        "fr": "⚠️ {who} n'a pas pu être joint en privé ({reason}).",
        "en": "⚠️ {who} could not be reached privately ({reason}).",
    },
    "dm_fallback": {
        "fr": "(Message privé impossible : écrivez d'abord au bot en privé pour recevoir ces avis.)",
        "en": "(No private message possible: start a chat with the bot to get these notices.)",
    },
    "decision_ref": {
        "fr": "Décision n° {id} — pour la contester : /recours {id}",
        "en": "Decision #{id} — to appeal it: /appeal {id}",
    },
    "slow_mode": {
        "fr": "🐢 Le plan de crise demande le mode lent ({delay}) dans {chat}, mais Telegram ne "
        "permet pas aux bots de le régler : un administrateur doit le faire dans Paramètres du "
        "groupe → Autorisations → Mode lent.",
        "en": "🐢 The crisis plan asks for slow mode ({delay}) in {chat}, but Telegram does not "
        "let bots set it: an administrator must do it in Group settings → Permissions → Slow "
        "mode.",
    },
    "slow_mode_off": {
        "fr": "🐢 Le plan de crise lève le mode lent dans {chat} : un administrateur doit le "
        "désactiver dans Paramètres du groupe → Autorisations → Mode lent.",
        "en": "🐢 The crisis plan lifts slow mode in {chat}: an administrator must turn it off "
        "in Group settings → Permissions → Slow mode.",
    },
    "forbidden": {
        "fr": "⛔ Telegram refuse une action de Vigie dans {chat} : {reason}. Le bot a-t-il été "
        "retiré ou n'est-il plus administrateur ? (Signalé une seule fois.)",
        "en": "⛔ Telegram refuses a Vigie action in {chat}: {reason}. Was the bot removed, or "
        "is it no longer an administrator? (Reported once.)",
    },
    "dropped": {
        "fr": "❌ Action(s) abandonnée(s) après échec — à faire à la main ou à corriger :\n{lines}",
        "en": "❌ Action(s) given up after failing — do them by hand or fix the cause:\n{lines}",
    },
    "setup_problem": {
        "fr": "⚠️ Vigie — configuration à corriger :\n{problems}",
        "en": "⚠️ Vigie — setup to fix:\n{problems}",
    },
    "rules_none": {"fr": "La charte est vide.", "en": "The charter is empty."},
    "report_usage": {
        "fr": "Répondez au message à signaler avec /signaler (et, si vous voulez, le motif).",
        "en": "Reply to the message you want to report with /report (and a reason if you like).",
    },
    "no_plan": {
        "fr": "Aucun plan de contingence n'est chargé.",
        "en": "No contingency plan is loaded.",
    },
    "crisis_where": {
        "fr": "Précisez le groupe : /crise <niveau> <id du groupe> [motif].",
        "en": "Say which group: /crisis <level> <group id> [reason].",
    },
    "ack_usage": {"fr": "Usage : /ack <numéro du cas>", "en": "Usage: /ack <case id>"},
    "ack_done": {"fr": "Cas {id} acquitté.", "en": "Case {id} acknowledged."},
    "approve_usage": {
        "fr": "Usage : /approuver <numéro de la déclaration>",
        "en": "Usage: /approve <statement id>",
    },
    "privacy_on": {
        "fr": "le mode confidentialité est actif : dans un groupe où il n'est pas administrateur, "
        "le bot ne voit que les commandes (@BotFather → /setprivacy → Disable)",
        "en": "privacy mode is on: in a group where it is not an administrator, the bot only sees "
        "commands (@BotFather → /setprivacy → Disable)",
    },
    "not_admin": {
        "fr": "groupe {chat} : le bot n'est pas administrateur (il ne peut ni supprimer ni "
        "sanctionner)",
        "en": "group {chat}: the bot is not an administrator (it can neither delete nor sanction)",
    },
    "missing_rights": {
        "fr": "groupe {chat} : il manque au bot le droit {rights}",
        "en": "group {chat}: the bot lacks the right {rights}",
    },
    "basic_group": {
        "fr": "groupe {chat} : groupe simple, Telegram n'y permet pas de rendre muet ; passez-le "
        "en supergroupe (le rendre public ou activer l'historique pour les nouveaux membres)",
        "en": "group {chat}: a basic group, where Telegram allows no mute; make it a supergroup "
        "(make it public or show the history to new members)",
    },
    "unreachable": {
        "fr": "groupe {chat} : injoignable ({reason}) ; le bot en fait-il partie ?",
        "en": "group {chat}: unreachable ({reason}); is the bot a member?",
    },
    "mod_chat_unreachable": {
        "fr": "salon des modérateurs {chat} : injoignable ({reason}) ; ajoutez-y le bot",
        "en": "moderators' chat {chat}: unreachable ({reason}); add the bot to it",
    },
    "right_can_delete_messages": {
        "fr": "« Supprimer des messages »",
        "en": "“Delete messages”",
    },
    "right_can_restrict_members": {"fr": "« Bannir des utilisateurs »", "en": "“Ban users”"},
    "no_mod_chat": {
        "fr": "aucun salon des modérateurs (--mod-chat) : les cas attendent dans la console",
        "en": "no moderators' chat (--mod-chat): cases wait in the review console",
    },
}


def pick_language(language_code: str | None, languages: Sequence[str]) -> str:
    """The language to answer in: the member's own when the charter has it, else the first."""
    code = (language_code or "").split("-")[0].lower()
    return code if code in languages else languages[0]


def say(key: str, lang: str, **values: object) -> str:
    """The text `key` in `lang` (French when the language is unknown), filled with `values`."""
    texts = _TEXTS[key]
    return texts.get(lang, texts["fr"]).format(**values)
