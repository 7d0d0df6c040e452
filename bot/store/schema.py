"""The whole schema in one place: importing this module registers every table module on the shared
declarative Base, so that the migrations and the schema checks compare against all of it."""

from __future__ import annotations

from sqlalchemy import MetaData

import bot.store.crisis_tables as _crisis_tables  # noqa: F401  (registers the crisis tables)
import bot.store.drill_tables as _drill_tables  # noqa: F401  (registers the drill tables)
import bot.store.sanction_tables as _sanction_tables  # noqa: F401  (the moderators' sanctions)
import bot.store.tables as _tables
import bot.store.web_tables as _web_tables  # noqa: F401  (registers the console tables)


def metadata() -> MetaData:
    """The metadata of every table of the store."""
    return _tables.Base.metadata
