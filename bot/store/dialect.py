"""The few statements whose SQL differs between SQLite and PostgreSQL: inserts that upsert or
ignore a conflict on a unique key, and ids reserved ahead of a bulk insert."""

from __future__ import annotations

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.dialects import postgresql, sqlite


def insert_on_conflict(connection: Connection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT for `table` accepting `.on_conflict_do_nothing()` / `.on_conflict_do_update()`."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    if connection.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(
        f"the store supports SQLite and PostgreSQL, not {connection.dialect.name}"
    )


def allocate_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """Reserve `count` new ids for `table`'s `id` column, in increasing order.

    Rows inserted with ids known in advance go in one batched executemany, where RETURNING in
    parameter order would insert them one by one. PostgreSQL draws them from the column's sequence
    (safe with concurrent writers); SQLite continues from the largest id, which is safe because
    every transaction there holds the write lock from its start (BEGIN IMMEDIATE).
    """
    if count <= 0:
        return []
    if connection.dialect.name == "postgresql":
        query = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"
        )
        return sorted(connection.execute(query, {"table": table.name, "count": count}).scalars())
    last = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(last + 1, last + 1 + count))
