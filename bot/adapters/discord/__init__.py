"""The Discord adapter: discord.py events become core `Message`s for the live `CommunityService`,
the actions it queues are executed through Discord's REST API, moderators review cases with buttons
in their channel, and members use slash commands.

Modules: `translate` (discord.py objects → core values, pure), `texts` (fr/en wording),
`settings` (the adapter's options and intents), `channels` (which channel is which in a guild),
`operations` (one Discord call per action kind), `gateway` (the `Gateway` port: routing and error
mapping), `review` (cards, buttons and clicks), `commands` (slash commands), `client` (wiring
and the background dispatcher), `cli` (`vigie run discord`).
"""
