"""The deploy tests reuse the Discord adapter's database fixtures."""

from tests.adapters.discord.conftest import db, migrated_db  # noqa: F401
