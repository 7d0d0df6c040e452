"""Everything the Discord adapter itself says to people, in French and English. The decisions'
own wording (statements of reasons, cards, rules) comes from the core; this is the adapter's glue:
button labels, refusals, confirmations, the permission report, the crisis status."""

from __future__ import annotations

from typing import Any

_TEXTS: dict[str, dict[str, str]] = {
    "button.confirm": {"fr": "Confirmer", "en": "Confirm"},
    "button.overturn": {"fr": "Annuler la décision", "en": "Overturn"},
    "button.escalate": {"fr": "Transmettre", "en": "Escalate"},
    "button.ack": {"fr": "Je prends (avant {deadline})", "en": "Acknowledge (by {deadline})"},
    "verdict.confirm": {"fr": "✅ Confirmé par {who}", "en": "✅ Confirmed by {who}"},
    "verdict.overturn": {"fr": "↩️ Décision annulée par {who}", "en": "↩️ Overturned by {who}"},
    "verdict.escalate": {
        "fr": "⬆️ Transmis par {who} à un modérateur senior",
        "en": "⬆️ Escalated by {who} to a senior moderator",
    },
    "ack.done": {"fr": "🟢 Pris en charge par {who}", "en": "🟢 Acknowledged by {who}"},
    "card.jump": {"fr": "Voir dans le salon", "en": "Jump to the message"},
    "card.status": {"fr": "Suite donnée", "en": "Outcome"},
    "crisis.title": {"fr": "🚨 Crise — appel : {role}", "en": "🚨 Crisis — calling {role}"},
    "crisis.person": {"fr": "Personne", "en": "Person"},
    "crisis.deadline": {"fr": "À prendre en charge avant", "en": "Acknowledge by"},
    "crisis.case": {"fr": "Cas", "en": "Case"},
    "report.bad_ref": {
        "fr": "Donnez le lien du message (clic droit → Copier le lien du message) ou son identifiant.",
        "en": "Give the message link (right click → Copy Message Link) or its id.",
    },
    "guild_only": {
        "fr": "Cette commande s'utilise dans un serveur.",
        "en": "Use this command in a server.",
    },
    "error": {
        "fr": "Une erreur est survenue ; elle est consignée dans les journaux de Vigie.",
        "en": "Something went wrong; it is in Vigie's logs.",
    },
    "where.server": {"fr": "ce serveur", "en": "this server"},
    "forbidden": {
        "fr": "⚠️ Vigie n'a pas la permission de {action} dans {where} (Discord : « {error} »). "
        "Donnez-lui la permission **{permission}**. Ce message n'est envoyé qu'une fois.",
        "en": "⚠️ Vigie lacks the permission to {action} in {where} (Discord: “{error}”). "
        "Grant it **{permission}**. This is reported once.",
    },
    "hierarchy": {
        "fr": "⚠️ Vigie ne peut pas {action} <@{user}> : Discord protège ce membre ({why}). "
        "Placez le rôle de Vigie au-dessus du sien, ou agissez à la main.",
        "en": "⚠️ Vigie cannot {action} <@{user}>: Discord protects this member ({why}). "
        "Move Vigie's role above theirs, or act by hand.",
    },
    "hierarchy.owner": {"fr": "propriétaire du serveur", "en": "the server's owner"},
    "hierarchy.admin": {"fr": "administrateur", "en": "an administrator"},
    "hierarchy.role": {
        "fr": "son rôle le plus haut n'est pas sous celui de Vigie",
        "en": "their highest role is not below Vigie's",
    },
    "dropped": {
        "fr": "❌ Action(s) abandonnée(s) après échec — à faire à la main ou à corriger :\n{lines}",
        "en": "❌ Action(s) given up after failing — do them by hand or fix the cause:\n{lines}",
    },
    "dm_closed": {
        "fr": "(Vos messages privés sont fermés : cet avis vous est donc adressé ici.)",
        "en": "(Your direct messages are closed, so this notice is addressed to you here.)",
    },
}

# What each action needs, for the permission report (names as in Discord's role settings).
_ACTIONS: dict[str, tuple[dict[str, str], str]] = {
    "delete": ({"fr": "supprimer un message", "en": "delete a message"}, "Manage Messages"),
    "hold": ({"fr": "retenir un message", "en": "hold a message"}, "Manage Messages"),
    "warn": ({"fr": "avertir un membre", "en": "warn a member"}, "Send Messages"),
    "notify_author": ({"fr": "écrire à un membre", "en": "write to a member"}, "Send Messages"),
    "timeout": ({"fr": "exclure temporairement", "en": "time a member out"}, "Moderate Members"),
    "kick": ({"fr": "expulser un membre", "en": "kick a member"}, "Kick Members"),
    "ban": ({"fr": "bannir un membre", "en": "ban a member"}, "Ban Members"),
    "slow_mode": ({"fr": "activer le mode lent", "en": "set slow mode"}, "Manage Channels"),
    # Locking edits the channel's permission overwrites, which Discord ties to Manage Roles.
    "lock": ({"fr": "verrouiller un salon", "en": "lock a channel"}, "Manage Roles"),
    "post_statement": (
        {"fr": "publier une déclaration", "en": "post a statement"},
        "Send Messages",
    ),
}
_CARD_ACTION = ({"fr": "publier une fiche", "en": "post a card"}, "Send Messages, Embed Links")


def say(key: str, lang: str, **values: Any) -> str:
    """The text `key` in `lang` (French when the language is unknown), filled with `values`."""
    texts = _TEXTS[key]
    return (texts.get(lang) or texts["fr"]).format(**values)


def action_words(kind: str, lang: str) -> tuple[str, str]:
    """(what the action does, the Discord permission it needs), for the permission report."""
    words, permission = _ACTIONS.get(kind, _CARD_ACTION)
    return words.get(lang) or words["fr"], permission
