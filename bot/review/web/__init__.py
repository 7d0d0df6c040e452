"""The moderators' web console: review queue, case files, crisis room, reports and charter
what-if, served by `vigie serve` on the bot's own database (see docs/console.md)."""
