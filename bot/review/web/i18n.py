"""The console's words in French and English, chosen per account (the login page follows the
browser). Every key exists in both languages (a test checks it); a missing key shows as itself."""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("fr", "en")
DEFAULT = "fr"

# (key, French, English)
_ROWS: tuple[tuple[str, str, str], ...] = (
    # layout and login
    ("skip_to_content", "Aller au contenu", "Skip to content"),
    ("main_navigation", "Navigation principale", "Main navigation"),
    ("nav_queue", "File d'examen", "Review queue"),
    ("nav_crisis", "Cellule de crise", "Crisis room"),
    ("nav_reports", "Rapports", "Reports"),
    ("nav_whatif", "Simulation de charte", "Charter what-if"),
    ("nav_drills", "Exercices", "Drills"),
    ("nav_audit", "Journal d'audit", "Audit log"),
    ("logout", "Se déconnecter", "Log out"),
    ("login_title", "Connexion", "Log in"),
    ("login_button", "Se connecter", "Log in"),
    ("account_name", "Identifiant", "Account name"),
    ("password", "Mot de passe", "Password"),
    (
        "session_expired",
        "Votre session a expiré : reconnectez-vous.",
        "Your session has expired: please log in again.",
    ),
    (
        "login_bad_credentials",
        "Identifiant ou mot de passe incorrect.",
        "Wrong account name or password.",
    ),
    (
        "login_rate_limited",
        "Trop de tentatives échouées : réessayez dans {minutes} min.",
        "Too many failed attempts: try again in {minutes} min.",
    ),
    ("role_admin", "administrateur", "administrator"),
    ("role_manager", "community manager", "community manager"),
    ("role_moderator", "modérateur", "moderator"),
    ("role_trainee", "stagiaire", "trainee"),
    # errors
    ("error_forbidden", "Accès refusé", "Not allowed"),
    ("error_not_found", "Introuvable", "Not found"),
    (
        "error_four_eyes",
        "Quatre yeux : un autre modérateur doit décider",
        "Four eyes: another moderator must decide",
    ),
    ("error_conflict", "Déjà pris ou déjà décidé", "Already taken or already decided"),
    ("error_not_configured", "Pas configuré", "Not configured"),
    ("error_bad_request", "Requête invalide", "Invalid request"),
    ("back_to_queue", "Retour à la file", "Back to the queue"),
    # queue
    ("queue_title", "File d'examen", "Review queue"),
    (
        "queue_caption",
        "Cas ouverts, les plus graves puis les plus anciens d'abord",
        "Open cases, most severe then oldest first",
    ),
    ("filters", "Filtres", "Filters"),
    ("all", "Tous", "All"),
    ("active_cases", "En cours (ouverts, pris, transmis)", "Active (open, taken, escalated)"),
    ("apply_filters", "Filtrer", "Filter"),
    ("cases_shown", "{n} cas", "{n} case(s)"),
    ("queue_empty", "Aucun cas ne correspond.", "No case matches."),
    ("col_case", "Cas", "Case"),
    ("col_severity", "Gravité", "Severity"),
    ("col_kind", "Type", "Kind"),
    ("col_rule", "Règle", "Rule"),
    ("col_community", "Communauté", "Community"),
    ("col_channel", "Salon", "Channel"),
    ("col_platform", "Plateforme", "Platform"),
    ("col_status", "État", "Status"),
    ("col_where", "Où", "Where"),
    ("col_age", "Attente", "Waiting"),
    ("col_deadline", "Échéance", "Deadline"),
    ("col_held_by", "Pris par", "Held by"),
    ("col_actions", "Actions", "Actions"),
    ("take", "Prendre", "Take"),
    ("take_case", "Prendre le cas {id}", "Take case {id}"),
    ("open", "Ouvrir", "Open"),
    ("open_case", "Ouvrir le cas {id}", "Open case {id}"),
    ("overdue", "en retard", "overdue"),
    ("four_eyes_short", "Votre décision : à un autre", "Your decision: for another"),
    ("kind_escalation", "Escalade", "Escalation"),
    ("kind_report", "Signalement", "Report"),
    ("kind_appeal", "Recours", "Appeal"),
    ("kind_crisis", "Crise", "Crisis"),
    ("status_open", "ouvert", "open"),
    ("status_taken", "pris", "taken"),
    ("status_confirmed", "confirmé", "confirmed"),
    ("status_overturned", "annulé", "overturned"),
    ("status_escalated", "transmis", "escalated"),
    ("status_closed", "clos", "closed"),
    # case file
    ("case_title", "Cas {id}", "Case {id}"),
    (
        "trainee_banner",
        "Vue stagiaire : lecture seule, données personnelles masquées.",
        "Trainee view: read-only, personal data masked.",
    ),
    ("opened", "Ouvert le", "Opened"),
    ("closed", "Clos le", "Closed"),
    ("verdict", "Décision", "Verdict"),
    ("verdict_confirm", "confirmée", "confirmed"),
    ("verdict_overturn", "annulée", "overturned"),
    ("verdict_escalate", "transmise", "escalated"),
    ("appeal_of", "Recours contre", "Appeal against"),
    ("original_moderator", "Décision d'origine par", "Original decision by"),
    ("the_message", "Le message", "The message"),
    ("edited", "modifié", "edited"),
    ("text_erased", "(texte effacé par la rétention)", "(text erased by retention)"),
    ("no_message", "Pas de message lié à ce cas.", "No message is linked to this case."),
    (
        "appeal_text",
        "Ce que l'auteur écrit dans son recours",
        "What the author wrote in the appeal",
    ),
    ("context", "Autour du message", "Around the message"),
    ("rule_and_reasons", "Règle citée et exposé des motifs", "Rule cited and statement of reasons"),
    (
        "statement_of_reasons",
        "Exposé des motifs envoyé à l'auteur",
        "Statement of reasons sent to the author",
    ),
    ("no_notice", "Aucun message n'a été envoyé à l'auteur.", "Nothing was sent to the author."),
    ("scores", "Scores des classifieurs", "Classifier scores"),
    ("label", "Étiquette", "Label"),
    ("score", "Score", "Score"),
    ("no_scores", "Pas de score (classifieurs non utilisés).", "No score (classifiers not used)."),
    ("top_words", "Mots qui ont pesé", "Words that weighed"),
    ("decision_trace", "Trace de la décision", "Decision trace"),
    ("severity_n", "gravité {n}", "severity {n}"),
    ("detector", "Détecteur", "Detector"),
    ("matched", "Déclenché", "Matched"),
    ("score_threshold", "Score / seuil", "Score / threshold"),
    ("observed_limit", "Observé / limite", "Observed / limit"),
    ("excerpt", "Extrait", "Excerpt"),
    ("yes", "oui", "yes"),
    ("no", "non", "no"),
    ("no_trace", "Pas de trace enregistrée.", "No trace recorded."),
    ("author_history", "Historique de l'auteur", "Author's history"),
    ("live_strikes", "Avertissements actifs : {n}", "Live strikes: {n}"),
    ("strikes", "Avertissements", "Strikes"),
    ("weight", "Poids", "Weight"),
    ("given", "Donné le", "Given"),
    ("expires", "Expire le", "Expires"),
    ("removed", "Retiré", "Removed"),
    ("past_cases", "Cas précédents", "Past cases"),
    ("none", "Aucun.", "None."),
    ("notes", "Notes", "Notes"),
    ("no_notes", "Pas encore de note.", "No note yet."),
    ("add_note", "Ajouter une note", "Add a note"),
    ("save_note", "Enregistrer la note", "Save the note"),
    ("decide", "Décider", "Decide"),
    ("verdict_note", "Note jointe à la décision (facultatif)", "Note with the verdict (optional)"),
    ("confirm", "Confirmer", "Confirm"),
    ("overturn", "Annuler la décision", "Overturn"),
    ("escalate", "Transmettre", "Escalate"),
    (
        "verdict_hint",
        "Annuler retire l'avertissement et prévient l'auteur. Chaque décision alimente "
        "l'apprentissage des classifieurs.",
        "Overturning removes the strike and tells the author. Every verdict feeds the "
        "classifiers' learning.",
    ),
    (
        "four_eyes_long",
        "Ce recours conteste votre propre décision : un autre modérateur doit l'examiner.",
        "This appeal contests your own decision: another moderator must review it.",
    ),
    ("held_by_other", "Ce cas est pris par {name}.", "This case is held by {name}."),
    ("already_decided", "Ce cas est déjà décidé.", "This case is already decided."),
    ("done_confirm", "Décision confirmée.", "Decision confirmed."),
    (
        "done_overturn",
        "Décision annulée : l'auteur est prévenu et l'avertissement retiré.",
        "Decision overturned: the author is told and the strike removed.",
    ),
    (
        "done_escalate",
        "Cas transmis à un modérateur plus expérimenté.",
        "Case passed to a more senior moderator.",
    ),
    ("queued_actions", "Actions en file pour ce cas", "Actions queued for this case"),
    # crisis room
    ("crisis_title", "Cellule de crise", "Crisis room"),
    (
        "no_crisis_state",
        "Aucune communauté surveillée pour l'instant.",
        "No community is watched yet.",
    ),
    ("level_n", "niveau {n}", "level {n}"),
    ("current_level", "Niveau actuel", "Current level"),
    ("since", "Depuis", "Since"),
    ("why", "Pourquoi :", "Why:"),
    ("incident", "Incident", "Incident"),
    ("updated_at", "Mis à jour à {at}", "Updated at {at}"),
    (
        "open_escalations",
        "Escalades en attente d'accusé de réception",
        "Escalations waiting for an acknowledgement",
    ),
    ("escalation", "Escalade", "Escalation"),
    ("role", "Rôle", "Role"),
    ("calling", "Appelé", "Calling"),
    ("ack_before", "Accuser réception avant", "Acknowledge before"),
    ("time_left", "Temps restant", "Time left"),
    ("ack", "Accuser réception", "Acknowledge"),
    ("ack_case", "Accuser réception de {id}", "Acknowledge {id}"),
    ("no_escalation", "Aucune escalade en attente.", "No escalation waiting."),
    ("statements_waiting", "Déclarations à approuver", "Statements waiting for approval"),
    ("approver", "approbateur", "approver"),
    ("proposed_at", "proposée le", "proposed"),
    ("text_in", "Texte ({code})", "Text ({code})"),
    ("save_statement", "Enregistrer les modifications", "Save the changes"),
    ("approve_and_post", "Approuver et publier", "Approve and post"),
    ("confirm_publish", "Publier ce message ?", "Publish this statement?"),
    (
        "confirm_publish_help",
        "Il sera publié tel quel dans la communauté, dans chaque langue ci-dessous.",
        "It will be posted as written in the community, in each language below.",
    ),
    ("publish_now", "Oui, publier", "Yes, post it"),
    ("cancel", "Annuler", "Cancel"),
    ("pending_commands", "Commandes en attente du bot", "Commands waiting for the bot"),
    ("owner", "Appliquées par", "Applied by"),
    ("no_statement", "Aucune déclaration en attente.", "No statement waiting."),
    ("indicators", "Indicateurs et normales", "Indicators and baselines"),
    ("indicator", "Indicateur", "Indicator"),
    ("value", "Valeur", "Value"),
    ("baseline", "Normale", "Baseline"),
    ("ind_volume", "Volume de messages", "Message volume"),
    ("ind_negative_share", "Part de messages négatifs", "Negative share"),
    ("ind_toxic_share", "Part de messages toxiques", "Toxic share"),
    ("ind_complainers", "Plaignants distincts", "Distinct complainers"),
    ("checklist_of_level", "Liste d'actions du niveau {n}", "Checklist of level {n}"),
    ("mark_done", "Marquer comme fait : {item}", "Mark as done: {item}"),
    ("done", "Fait", "Done"),
    ("no_checklist", "Pas d'action prévue à ce niveau.", "Nothing planned at this level."),
    ("avoid", "À éviter", "To avoid"),
    ("timeline", "Chronologie", "Timeline"),
    ("time_utc", "Heure (UTC)", "Time (UTC)"),
    ("event", "Événement", "Event"),
    ("detail", "Détail", "Detail"),
    ("no_timeline", "Pas d'incident en cours.", "No incident running."),
    ("last_incidents", "Derniers incidents", "Last incidents"),
    ("max_level", "niveau max.", "highest level"),
    # reports
    ("report_title", "Rapport de la semaine {week}", "Report of week {week}"),
    ("report_navigation", "Navigation des rapports", "Report navigation"),
    ("export_csv", "Exporter en CSV", "Export as CSV"),
    ("printable", "Version imprimable", "Printable page"),
    ("incident_reports", "Rapports d'incident", "Incident reports"),
    ("weekly_report", "Rapport hebdomadaire", "Weekly report"),
    ("volume", "Volume", "Volume"),
    ("day", "Jour", "Day"),
    ("messages", "Messages", "Messages"),
    (
        "decisions_total",
        "{n} décisions de la charte cette semaine.",
        "{n} charter decisions this week.",
    ),
    ("actions_per_rule", "Actions par règle", "Actions per rule"),
    ("decisions_with_actions", "Décisions avec action", "Decisions with an action"),
    ("actions", "Actions", "Actions"),
    ("review_quality", "Examen humain", "Human review"),
    (
        "overturn_share",
        "Décisions annulées à l'examen : {share} ({overturned} sur {reviewed}), estimation des "
        "faux positifs.",
        "Decisions overturned on review: {share} ({overturned} of {reviewed}), an estimate of the "
        "false positives.",
    ),
    ("reviewed", "Examinés", "Reviewed"),
    ("overturned", "Annulés", "Overturned"),
    (
        "first_action",
        "Délai avant la première action d'un modérateur : médiane {median}, 90 % sous {p90} "
        "({opened} cas ouverts, {waiting} sans action).",
        "Time to a moderator's first action: median {median}, 90% under {p90} "
        "({opened} cases opened, {waiting} without action).",
    ),
    ("appeals", "Recours et leur issue", "Appeals and their outcomes"),
    ("no_appeals", "Aucun recours cette semaine.", "No appeal this week."),
    ("no_incident", "Aucun incident enregistré.", "No incident recorded."),
    ("after_action_report", "Retour d'expérience", "After-action report"),
    ("standalone_html", "Page HTML autonome", "Standalone HTML page"),
    ("charts", "Graphiques", "Charts"),
    # what-if
    ("whatif_title", "Simulation de charte", "Charter what-if"),
    (
        "whatif_intro",
        "Rejouez les messages enregistrés avec une autre charte (ou une copie modifiée) et voyez, "
        "message par message, les décisions qui changeraient avant de l'adopter.",
        "Replay the recorded messages through another charter (or an edited copy) and see, message "
        "by message, which decisions would change before adopting it.",
    ),
    ("candidate_charter", "Charte à essayer", "Charter to try"),
    ("charter_to_compare", "Charte", "Charter"),
    ("edited_copy", "Copie modifiée (ci-dessous)", "Edited copy (below)"),
    (
        "edited_yaml",
        "Copie modifiable de la charte en vigueur (YAML)",
        "Editable copy of the charter in force (YAML)",
    ),
    ("days_to_replay", "Nombre de jours à rejouer", "Days to replay"),
    ("run_whatif", "Lancer la simulation", "Run the what-if"),
    ("working", "Simulation en cours…", "Working…"),
    ("charter_invalid", "La charte n'est pas valide :", "The charter is not valid:"),
    ("whatif_result", "Décisions qui changeraient", "Decisions that would change"),
    (
        "whatif_summary",
        "{replayed} messages rejoués du {start} au {end} : {changes} changeraient.",
        "{replayed} messages replayed from {start} to {end}: {changes} would change.",
    ),
    (
        "whatif_progress",
        "{replayed} messages rejoués sur {total}",
        "{replayed} of {total} messages replayed",
    ),
    ("whatif_cancel", "Annuler la simulation", "Cancel the what-if"),
    ("whatif_refresh", "Voir où en est la simulation", "See how far the what-if is"),
    (
        "whatif_cancelled",
        "Simulation annulée après {n} messages.",
        "What-if cancelled after {n} messages.",
    ),
    ("whatif_failed", "La simulation a échoué :", "The what-if failed:"),
    (
        "whatif_skipped",
        "{n} messages sans texte (effacé par la rétention) n'ont pas été rejoués.",
        "{n} messages without text (erased by retention) were not replayed.",
    ),
    (
        "whatif_truncated",
        "Seuls les messages les plus anciens de la période, jusqu'à la limite, ont été rejoués.",
        "Only the oldest messages of the period, up to the limit, were replayed.",
    ),
    (
        "whatif_limits",
        "Les rôles et dates d'arrivée des membres ne sont pas enregistrés : les règles qui en "
        "dépendent sont comparées comme pour un membre ordinaire.",
        "Members' roles and join dates are not stored: rules that depend on them are compared as "
        "for an ordinary member.",
    ),
    ("author", "Auteur", "Author"),
    ("message", "Message", "Message"),
    ("change", "Changement", "Change"),
    ("now_decides", "Charte en vigueur", "Charter in force"),
    ("would_decide", "Charte essayée", "Charter tried"),
    ("change_new", "nouvelle action", "new action"),
    ("change_dropped", "plus d'action", "no action any more"),
    ("change_changed", "autre décision", "different decision"),
    ("no_change", "Aucune décision ne changerait.", "No decision would change."),
    # drills and audit
    ("drills_title", "Exercices de crise", "Crisis drills"),
    (
        "drills_intro",
        "Les scénarios d'exercice de la communauté ; lancez-les avec la commande d'exercice.",
        "The community's drill scenarios; run them with the drill command.",
    ),
    ("no_drills", "Aucun scénario dans {folder}.", "No scenario in {folder}."),
    ("audit_title", "Comptes et journal d'audit", "Accounts and audit log"),
    ("accounts", "Comptes", "Accounts"),
    (
        "accounts_hint",
        "Créez un compte avec « vigie user add NOM --role ROLE ».",
        "Create an account with “vigie user add NAME --role ROLE”.",
    ),
    ("language", "Langue", "Language"),
    ("last_login", "Dernière connexion", "Last login"),
    ("audit_log", "Journal d'audit", "Audit log"),
    ("actor", "Qui", "Who"),
    ("action", "Action", "Action"),
    ("target", "Objet", "Target"),
    # communities (the deployment file)
    ("nav_communities", "Communautés", "Communities"),
    ("communities_title", "Communautés", "Communities"),
    ("communities_filter", "Filtrer", "Filter"),
    ("communities_platform", "Plateforme", "Platform"),
    ("communities_all", "Toutes", "All"),
    ("communities_apply", "Appliquer", "Apply"),
    ("communities_name", "Nom", "Name"),
    ("communities_brand", "Marque", "Brand"),
    ("communities_charter", "Charte", "Charter"),
    ("communities_language", "Langue", "Language"),
    ("communities_timezone", "Fuseau horaire", "Timezone"),
    ("communities_level", "Niveau de crise", "Crisis level"),
    ("communities_waiting", "Escalades en attente", "Escalations waiting"),
    ("communities_none_match", "Aucune communauté ne correspond.", "No community matches."),
    (
        "communities_no_file",
        "Pas de fichier de déploiement : lancez la console avec --deployment.",
        "No deployment file: start the console with --deployment.",
    ),
    ("communities_reload", "Relire le fichier de déploiement", "Reload the deployment file"),
    (
        "communities_reload_refused",
        "Le nouveau fichier est invalide : la version précédente reste en service.",
        "The new file is invalid: the previous version stays in force.",
    ),
)

STRINGS: dict[str, dict[str, str]] = {
    "fr": {key: fr for key, fr, _ in _ROWS},
    "en": {key: en for key, _, en in _ROWS},
}


def supported(lang: str | None) -> str:
    """`lang` if the console speaks it, else French."""
    code = (lang or "").lower()[:2]
    return code if code in LANGUAGES else DEFAULT


def translate(lang: str, key: str, **values: object) -> str:
    """The text of `key` in `lang`, with `{name}` placeholders filled from `values`."""
    text = STRINGS[supported(lang)].get(key, key)
    return text.format(**values) if values else text


def translator(lang: str) -> Callable[..., str]:
    """`translate` bound to one language (the templates' `t`)."""

    def t(key: str, **values: object) -> str:
        return translate(lang, key, **values)

    return t
