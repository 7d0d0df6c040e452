"""The deploy tests reuse the Discord adapter's database fixtures and the Telegram adapter's
local-HTTP settings."""

from tests.adapters.discord.conftest import db, migrated_db  # noqa: F401
from tests.adapters.telegram.conftest import _local_http  # noqa: F401
