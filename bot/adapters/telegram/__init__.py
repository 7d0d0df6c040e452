"""The Telegram front end of Vigie (python-telegram-bot 22): updates become platform-neutral
messages for the live service, queued actions are executed through the Bot API, moderators review
cases from a moderators' chat, and members use /regles, /signaler, /recours, /crise and /ack.

Modules: `translate` (pure update → Message), `roster` (who holds a Vigie role), `gateway`
(ActionRequest → Bot API), `review` (case cards and their buttons), `commands` (slash commands),
`setup` (start-up checks of rights and privacy mode), `lookup` (store queries the adapter needs),
`texts` (bilingual wording), `app` (the Application, its handlers and the outbox pump) and `cli`
(`vigie run telegram`).
"""
