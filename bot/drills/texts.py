"""Every text a trainee or a trainer reads, in French and English (the scenario's language picks
one): the feed, the results of actions, the terminal's help, the scoring's reasons, the debrief's
headings and advice. `fold` is the accent- and case-insensitive form the word checks compare."""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, tuple[str, str]] = {
    # --- the feed ------------------------------------------------------------------------------
    "suggestion": (
        "Vigie suggère pour {message} : {actions} (règle : {rules})",
        "Vigie suggests for {message}: {actions} (rule: {rules})",
    ),
    "press_source": ("e-mail presse", "press e-mail"),
    "elsewhere": ("réseau social", "social network"),
    "silence": ("{person} ({role}) ne répond plus.", "{person} ({role}) is not answering."),
    "joins": ("{count} nouveaux membres viennent d'arriver.", "{count} new members just joined."),
    "level": (
        "Niveau {level} — {name} (déclaré par {by})",
        "Level {level} — {name} (declared by {by})",
    ),
    "level_auto": (
        "Vigie relève le niveau à {level} — {name} ({reason}). À vous de qualifier : confirmez ou"
        " corrigez avec « level N ».",
        "Vigie raised the level to {level} — {name} ({reason}). Your call: confirm or correct it"
        ' with "level N".',
    ),
    "level_auto_down": (
        "Vigie abaisse le niveau à {level} — {name} ({reason}). À vous de qualifier : confirmez ou"
        " corrigez avec « level N ».",
        "Vigie lowered the level to {level} — {name} ({reason}). Your call: confirm or correct it"
        ' with "level N".',
    ),
    "notify_you": (
        "Le plan vous appelle ({role}) : acquittez {case} avant {deadline} (commande : ack)",
        "The plan is calling you ({role}): acknowledge {case} before {deadline} (command: ack)",
    ),
    "notify": (
        "Le plan appelle {person} ({role}) pour {case}, réponse attendue avant {deadline}",
        "The plan is calling {person} ({role}) for {case}, answer expected by {deadline}",
    ),
    "ack": ("{by} a acquitté {case} ({role})", "{by} acknowledged {case} ({role})"),
    "escalate": (
        "Pas de réponse de {origin} pour {case} : le plan passe à {to}",
        "No answer from {origin} for {case}: the plan moves on to {to}",
    ),
    "exhausted": (
        "Personne n'a répondu pour {role} ({case})",
        "Nobody answered for {role} ({case})",
    ),
    "proposed": (
        "Le plan propose le brouillon {draft} (modèle {template}), à faire valider par {approver}"
        " : submit {draft}",
        "The plan drafted {draft} (template {template}), to be approved by {approver}"
        ": submit {draft}",
    ),
    "overdue": (
        "Le plan attendait une première prise de parole publique avant {due}",
        "The plan expected a first public statement by {due}",
    ),
    "update_due": (
        "Un point d'étape public est dû ({template})",
        "A public update is due ({template})",
    ),
    "checklist": ("Check-list du niveau {level} : {items}", "Level {level} checklist: {items}"),
    "avoid": ("À éviter : {items}", "Avoid: {items}"),
    "closed": ("Incident clos", "Incident closed"),
    "plan_action": (
        "Le plan déclenche : {action} (niveau {level})",
        "The plan triggers: {action} (level {level})",
    ),
    "plan_undo": (
        "Le plan lève : {action} (niveau {level})",
        "The plan lifts: {action} (level {level})",
    ),
    "cell_approve": ("Brouillon {draft} validé.", "Draft {draft} approved."),
    "cell_confirm": ("Bien reçu, je m'en occupe.", "Received, I'm on it."),
    # --- results of actions --------------------------------------------------------------------
    "done_delete": ("Message {message} supprimé", "Message {message} deleted"),
    "done_warn": ("{user} averti(e) ({message})", "{user} warned ({message})"),
    "done_mute": ("{user} réduit(e) au silence pour {duration}", "{user} muted for {duration}"),
    "done_ban": ("{user} banni(e)", "{user} banned"),
    "done_ack": ("Vous avez acquitté {case}", "You acknowledged {case}"),
    "done_level": ("Niveau {level} déclaré", "Level {level} declared"),
    "done_alert": ("Vous appelez {person} ({role})", "You are calling {person} ({role})"),
    "done_draft": ("Brouillon {draft} :\n{text}", "Draft {draft}:\n{text}"),
    "done_submit": (
        "Brouillon {draft} soumis à {person} ({role})",
        "Draft {draft} sent to {person} ({role}) for approval",
    ),
    "done_post": ("Publié : {draft}", "Posted: {draft}"),
    "done_post_unapproved": (
        "Publié SANS validation : {draft}",
        "Posted WITHOUT approval: {draft}",
    ),
    "done_reply": ("Réponse publiée sous {message}", "Reply posted under {message}"),
    "done_note": ("Noté au journal de décisions", "Logged in the decision log"),
    "done_check": ("Coché : {item}", "Ticked: {item}"),
    "err_no_message": ("Pas de message {message} dans le fil", "No message {message} in the feed"),
    "err_deleted": (
        "Le message {message} est déjà supprimé",
        "Message {message} is already deleted",
    ),
    "err_no_case": ("Aucun appel en attente pour : {role}", "No open call for: {role}"),
    "err_not_yours": (
        "Seul(e) {role} peut acquitter cet appel",
        "Only {role} can acknowledge this call",
    ),
    "err_level": ("Niveau refusé : {reason}", "Level refused: {reason}"),
    "err_yourself": (
        "C'est vous : c'est votre rôle dans l'exercice",
        "That is you: it is your role",
    ),
    "err_draft_exists": ("Le brouillon {draft} existe déjà", "Draft {draft} already exists"),
    "err_no_draft": ("Pas de brouillon {draft}", "No draft {draft}"),
    "err_posted": ("Le brouillon {draft} est déjà publié", "Draft {draft} is already posted"),
    "err_own_approval": (
        "Vous ne pouvez pas valider votre propre message",
        "You cannot approve your own statement",
    ),
    "err_no_incident": (
        "Aucun incident ouvert : déclarez d'abord un niveau",
        "No open incident: declare a level first",
    ),
    "err_no_item": ("Pas d'élément {item} dans la check-list", "No item {item} in the checklist"),
    "state_posted": ("publié", "posted"),
    "state_approved": ("validé par {by}", "approved by {by}"),
    "state_submitted": ("en validation ({role})", "awaiting approval ({role})"),
    "state_draft": ("brouillon", "draft"),
    # --- scoring -----------------------------------------------------------------------------
    "crit_detection": ("Détection et qualification du niveau", "Detection and level qualification"),
    "crit_escalation": ("Escalade et validations", "Escalation and approvals"),
    "crit_deadlines": ("Délais et rythme des points", "Deadlines and update cadence"),
    "crit_messages": ("Qualité des messages publics", "Quality of the public messages"),
    "crit_moderation": ("Modération selon la charte", "Moderation per the charter"),
    "crit_coordination": ("Coordination et journal de décisions", "Coordination and decision log"),
    "expect_level": ("niveau {target}", "level {target}"),
    "expect_ack": ("acquitter votre appel", "acknowledge your call"),
    "expect_alert": ("alerter {target}", "alert {target}"),
    "expect_statement": ("une prise de parole publique", "a public statement"),
    "expect_reply": ("répondre à {target}", "reply to {target}"),
    "expect_remove": ("retirer {target}", "remove {target}"),
    "expect_note": ("noter la décision", "log the decision"),
    "expect_first_response": (
        "première prise de parole du niveau {target}",
        "first statement at level {target}",
    ),
    "expect_update": ("point d'étape après {target}", "update after {target}"),
    "status_met": (
        "✔ {what} : attendu avant {due}, fait à {done}",
        "✔ {what}: due by {due}, done at {done}",
    ),
    "status_over": (
        "≈ {what} : attendu avant {due}, niveau plus élevé déclaré à {done}",
        "≈ {what}: due by {due}, a higher level declared at {done}",
    ),
    "status_late": (
        "⚠ {what} : attendu avant {due}, fait en retard à {done}",
        "⚠ {what}: due by {due}, done late at {done}",
    ),
    "status_missed": (
        "✘ {what} : attendu avant {due}, pas fait",
        "✘ {what}: due by {due}, not done",
    ),
    "status_missed_late": (
        "✘ {what} : attendu avant {due}, fait bien trop tard ({done})",
        "✘ {what}: due by {due}, done far too late ({done})",
    ),
    "over_level": (
        "Niveau {declared} déclaré alors que la situation appelait au plus le niveau {expected}",
        "Level {declared} declared when the situation called for level {expected} at most",
    ),
    "no_plan": (
        "Aucun niveau déclaré : le plan n'a alerté personne",
        "No level declared: the plan alerted nobody",
    ),
    "own_ack": ("✔ Votre appel acquitté à {at}", "✔ Your call acknowledged at {at}"),
    "own_ack_late": (
        "⚠ Votre appel acquitté en retard, à {at}",
        "⚠ Your call acknowledged late, at {at}",
    ),
    "own_ack_missed": (
        "✘ Votre appel ({role}) n'a pas été acquitté par vous (acquitté par : {by})",
        "✘ Your call ({role}) was not acknowledged by you (acknowledged by: {by})",
    ),
    "cell_ack": ("✔ {role} joint : {by} à {at}", "✔ {role} reached: {by} at {at}"),
    "cell_ack_other": (
        "⚠ {role} non joint : l'appel est remonté jusqu'à {by} ({at})",
        "⚠ {role} not reached: the call went up to {by} ({at})",
    ),
    "cell_ack_missed": ("✘ {role} jamais joint", "✘ {role} never reached"),
    "unapproved": ("✘ {draft} publié sans validation", "✘ {draft} posted without approval"),
    "wrong_approver": (
        "⚠ {draft} validé par {role}, le plan demande : {wanted}",
        "⚠ {draft} approved by {role}, the plan asks for: {wanted}",
    ),
    "no_statement": ("✘ Aucune prise de parole publique", "✘ No public statement"),
    "q_acknowledges": ("nomme le problème", "names the problem"),
    "q_empathy": ("empathie", "empathy"),
    "q_facts": ("faits établis", "established facts"),
    "q_next_update": ("heure du prochain point", "time of the next update"),
    "fault_blame": ("rejette la faute", "blames someone"),
    "fault_speculation": ("spécule", "speculates"),
    "fault_promise": ("promesse intenable", "promise the brand cannot keep"),
    "quality": (
        "{draft} — présent : {has} ; manque : {lacks} ; défauts : {faults}",
        "{draft} — has: {has}; lacks: {lacks}; faults: {faults}",
    ),
    "reply_fault": ("⚠ Réponse à {message} : {faults}", "⚠ Reply to {message}: {faults}"),
    "mod_summary": (
        "{removed}/{must} messages contraires à la charte retirés (précision {precision} %, rappel {recall} %)",
        "{removed}/{must} messages against the charter removed (precision {precision}%, recall {recall}%)",
    ),
    "mod_missed": ("✘ Laissés en ligne : {ids}", "✘ Left online: {ids}"),
    "mod_wrongly_removed": (
        "✘ Messages légitimes supprimés : {ids}",
        "✘ Legitimate messages deleted: {ids}",
    ),
    "mod_late": ("⚠ Retirés trop tard : {ids}", "⚠ Removed too late: {ids}"),
    "mod_unjust": (
        "✘ Sanctions sur des messages légitimes : {ids}",
        "✘ Sanctions on legitimate messages: {ids}",
    ),
    "notes": (
        "{count} note(s) au journal (attendu : {wanted})",
        "{count} note(s) in the log (expected: {wanted})",
    ),
    "notes_after_level": (
        "{followed}/{changes} changements de niveau suivis d'une note",
        "{followed}/{changes} level changes followed by a note",
    ),
    "checklist_done": (
        "{ticked}/{items} éléments de check-list cochés",
        "{ticked}/{items} checklist items ticked",
    ),
    # --- debrief ------------------------------------------------------------------------------
    "chart_title": ("Chronologie de l'exercice", "Drill timeline"),
    "chart_auto": (
        "Vigie relève le niveau à {level} : {reason}",
        "Vigie sets level {level}: {reason}",
    ),
    "lane_crowd": ("Foule", "Crowd"),
    "lane_outside": ("Presse, réseaux, cellule", "Press, networks, cell"),
    "lane_expected": ("Attendu", "Expected"),
    "lane_trainee": ("Stagiaire", "Trainee"),
    "legend_remove": ("à retirer", "to remove"),
    "legend_keep": ("à garder", "to keep"),
    "legend_rumour": ("rumeur", "rumour"),
    "legend_outside": ("presse / réseaux", "press / networks"),
    "legend_met": ("tenu", "met"),
    "legend_missed": ("manqué", "missed"),
    "legend_letters": (
        "Lettres : D supprimer, W avertir, M rendre muet, B bannir, L niveau, A acquitter, "
        "C appeler, d brouillon, S soumettre, P publier, R répondre, N note, ✓ check-list ; "
        "✕ = erreur de modération ; gris = action refusée ; ▼V2 = niveau relevé par Vigie.",
        "Letters: D delete, W warn, M mute, B ban, L level, A acknowledge, C call, d draft, "
        "S submit, P post, R reply, N note, ✓ checklist; ✕ = moderation mistake; grey = refused; "
        "▼V2 = level set by Vigie.",
    ),
    "db_title": ("Débriefing — {title}", "Debrief — {title}"),
    "db_meta": (
        "Stagiaire : {trainee} · scénario {scenario} · marque fictive {brand} · le {date}, début {start}",
        "Trainee: {trainee} · scenario {scenario} · fictional brand {brand} · on {date}, start {start}",
    ),
    "db_score": (
        "Note : {score}/100 — {verdict} (seuil : {mark})",
        "Score: {score}/100 — {verdict} (pass mark: {mark})",
    ),
    "db_passed": ("réussi", "passed"),
    "db_failed": ("non réussi", "not passed"),
    "db_failures": (
        "Échecs automatiques (la note est plafonnée à {cap}) :",
        "Automatic failures (the score is capped at {cap}):",
    ),
    "db_grid": ("Grille de notation", "Scoring grid"),
    "db_criterion": ("Critère", "Criterion"),
    "db_points": ("Points", "Points"),
    "db_max": ("Sur", "Out of"),
    "db_total": ("Total", "Total"),
    "db_manual": (" (formateur)", " (trainer)"),
    "db_by": ("Noté par {by}", "Scored by {by}"),
    "db_timeline": ("Chronologie", "Timeline"),
    "db_story": ("(histoire)", "(story)"),
    "db_kind_info": ("information", "information"),
    "db_kind_silence": ("un contact ne répond plus", "a contact stops answering"),
    "db_kind_joins": ("arrivées de membres", "members joining"),
    "db_kind_press": ("demande presse", "press inquiry"),
    "db_kind_post": ("publication externe", "outside post"),
    "db_kind_message": ("message", "message"),
    "db_kind_leak": ("fuite", "leak"),
    "db_you": ("Vous", "You"),
    "db_plan": ("Plan", "Plan"),
    "db_time": ("Heure", "Time"),
    "db_who": ("Qui", "Who"),
    "db_what": ("Quoi", "What"),
    "db_level": ("Niveau", "Level"),
    "db_auto": ("relevé par Vigie", "set by Vigie"),
    "db_expected": (
        "Ce que le plan attendait, ce qui s'est passé",
        "What the plan expected, what happened",
    ),
    "db_expected_what": ("Attendu", "Expected"),
    "db_due": ("Avant", "By"),
    "db_done": ("Fait à", "Done at"),
    "db_status": ("Résultat", "Outcome"),
    "db_why": ("Pourquoi", "Why"),
    "db_plan_rule": ("Délai du plan de contingence", "The contingency plan's deadline"),
    "db_status_met": ("✔ tenu", "✔ met"),
    "db_status_over": ("≈ au-delà", "≈ went further"),
    "db_status_late": ("⚠ en retard", "⚠ late"),
    "db_status_missed": ("✘ manqué", "✘ missed"),
    "db_moderation": ("Modération message par message", "Moderation, message by message"),
    "db_message": ("Message", "Message"),
    "db_labels": ("Vérité terrain", "Ground truth"),
    "db_vigie": ("Vigie suggérait", "Vigie suggested"),
    "db_charter": ("La charte veut", "The charter wants"),
    "db_action": ("Vos actions", "Your actions"),
    "db_verdict": ("Juste ?", "Right?"),
    "db_remove": ("retirer", "remove"),
    "db_keep": ("garder", "keep"),
    "db_either": ("au choix, sans répondre", "either, without answering"),
    "db_statements": ("Prises de parole publiques", "Public statements"),
    "db_post": (
        "{draft} — publié à {at} (niveau {level}), validé par : {approver}",
        "{draft} — posted at {at} (level {level}), approved by: {approver}",
    ),
    "db_nobody": ("personne", "nobody"),
    "db_advice": ("Conseils", "Advice"),
    # --- cohorts -------------------------------------------------------------------------------
    "res_none": ("Aucun résultat enregistré.", "No results stored yet."),
    "res_header": (
        "{trainee} — {count} exercice(s), moyenne {mean}, progression {trend}",
        "{trainee} — {count} drill(s), mean {mean}, progress {trend}",
    ),
    "res_line": (
        "  {date}  {scenario:<24} {score:>5}/100  {verdict}{failures}",
        "  {date}  {scenario:<24} {score:>5}/100  {verdict}{failures}",
    ),
    "res_failures": (" — échecs : {codes}", " — failures: {codes}"),
    "manual_pending": ("À noter par le formateur", "To be scored by the trainer"),
    "fail_bulk_delete": (
        "Critiques légitimes supprimées en masse ({count} : {ids})",
        "Legitimate criticism deleted in bulk ({count}: {ids})",
    ),
    "fail_unapproved": (
        "Message {draft} publié sans validation à {at}",
        "Statement {draft} posted without approval at {at}",
    ),
    "fail_exposed": (
        "Données personnelles laissées en ligne ({message})",
        "Personal data left online ({message})",
    ),
    "fail_published": (
        "Données personnelles publiées par la marque à {at}",
        "Personal data published by the brand at {at}",
    ),
    "fail_troll": (
        "Troll nourri : réponse à {message} ({name})",
        "Troll fed: reply to {message} ({name})",
    ),
}


def say(lang: str, key: str, **values: Any) -> str:
    """The text `key` in `lang` ("fr" or "en"), filled with `values`."""
    french, english = TEXTS[key]
    return (english if lang == "en" else french).format(**values)
