"""Alembic environment: runs the migrations on the connection that `bot.store.database` hands over.

There is no alembic.ini: `upgrade()` builds the configuration in code and passes an open connection
(already inside a transaction, with the migration lock held) in `config.attributes["connection"]`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from bot.store.schema import metadata


def run_migrations(connection: Connection) -> None:
    """Apply the pending migrations on `connection`."""
    context.configure(
        connection=connection,
        target_metadata=metadata(),
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Entry point called by Alembic."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through bot.store.database.upgrade(engine)")
    if context.is_offline_mode():
        raise RuntimeError("offline (SQL script) migrations are not supported")
    run_migrations(connection)


main()
