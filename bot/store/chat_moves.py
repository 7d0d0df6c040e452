"""A chat that changed its id (a Telegram basic group upgraded to a supergroup: Telegram refuses
the old id from then on). Every stored row of the community moves to the new id in one
transaction — decisions, messages, cases, strikes, sanctions, quarantine, the outbox's waiting
actions, the crisis state, incidents, escalations and statements — and the move is written to the
audit log, where a restart finds it again (`moves`): the moderators' chat or a group that the
settings still name by its old id is followed too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    String,
    Table,
    case,
    delete,
    insert,
    literal,
    select,
    update,
)

from bot.store.audit import AuditLog, write_audit
from bot.store.database import Database
from bot.store.schema import metadata

MOVED = "chat.moved"
_ID_FIELDS = ("community", "channel")  # the ids a JSON record (an action's request) carries


def move_community(db: Database, platform: str, old: str, new: str, at: datetime) -> dict[str, int]:
    """Move every stored row of community `old` (of `platform`, where the table says) to `new`;
    the number of rows moved per table. The old community's rows win over any row a table keeps
    once per community (the crisis state) that the new id already had."""
    moved: dict[str, int] = {}
    tables = [table for table in metadata().sorted_tables if "community" in table.c]
    referred = _referred_by_community(tables)
    with db.begin() as connection:
        # A row other rows point to by community (a message, by its decisions) is copied under
        # the new id first and deleted last, so that no reference is ever left dangling.
        for table in referred:
            _copy_table(connection, table, _where(table, platform, old), old, new)
        for table in tables:
            if table not in referred:
                count = _move_table(connection, table, platform, old, new)
                if count:
                    moved[table.name] = count
        for table in referred:
            count = connection.execute(delete(table).where(*_where(table, platform, old))).rowcount
            if count:
                moved[table.name] = count
        detail = {"platform": platform, "to": new, "rows": moved}
        write_audit(connection, "vigie", MOVED, old, detail, at)
    return moved


def moves(db: Database, platform: str) -> dict[str, str]:
    """Every id of `platform` that moved, to the id it has now (a chain of moves followed to its
    end)."""
    found = {
        entry.target: str(entry.detail["to"])
        for entry in reversed(AuditLog(db).entries(action=MOVED, limit=10_000))
        if entry.detail.get("platform") == platform
    }
    return {old: _last(found, new) for old, new in found.items()}


def _last(found: dict[str, str], new: str) -> str:
    seen = {new}
    while new in found and found[new] not in seen:
        new = found[new]
        seen.add(new)
    return new


def _referred_by_community(tables: list[Table]) -> list[Table]:
    """The tables that others reference through a key including the community."""
    referred = [
        fk.referred_table
        for table in tables
        for fk in table.foreign_key_constraints
        if "community" in {column.name for column in fk.columns}
    ]
    return list(dict.fromkeys(referred))


def _where(table: Table, platform: str, old: str) -> list[Any]:
    where = [table.c.community == old]
    if "platform" in table.c:
        where.append(table.c.platform == platform)
    return where


def _copy_table(connection: Connection, table: Table, where: list[Any], old: str, new: str) -> None:
    """Copy the rows under the new id (new surrogate keys: nothing refers to those)."""
    columns = [column for column in table.c if not column.primary_key]
    values = [_moved_value(column, old, new) for column in columns]
    names = [column.name for column in columns]
    connection.execute(insert(table).from_select(names, select(*values).where(*where)))


def _moved_value(column: Any, old: str, new: str) -> Any:
    if column.name == "community":
        return literal(new, String).label(column.name)
    if column.name == "channel":
        return case((column == old, literal(new, String)), else_=column).label(column.name)
    return column


def _move_table(connection: Connection, table: Table, platform: str, old: str, new: str) -> int:
    where = _where(table, platform, old)
    keys = [column.name for column in table.primary_key.columns]
    # One row per community (the crisis state): the old one's history is kept.
    if keys == ["community"] and connection.execute(select(table).where(*where)).first():
        connection.execute(delete(table).where(table.c.community == new))
    documents = [c for c in table.c if isinstance(c.type, JSON)]
    if documents:
        _move_documents(connection, table, where, keys, documents, old, new)
    if "channel" in table.c:  # outside forum topics, the channel is the chat itself
        connection.execute(update(table).where(*where, table.c.channel == old).values(channel=new))
    return connection.execute(update(table).where(*where).values(community=new)).rowcount or 0


def _move_documents(
    connection: Connection,
    table: Table,
    where: list[Any],
    keys: list[str],
    documents: list[Any],
    old: str,
    new: str,
) -> None:
    """Rewrite the ids inside the rows' JSON records (an outbox row's request is rebuilt from
    its payload, a crisis record from its data)."""
    names = [column.name for column in documents]
    for row in connection.execute(select(*table.primary_key.columns, *documents).where(*where)):
        values = {name: _renamed(getattr(row, name), old, new) for name in names}
        changed = {name: value for name, value in values.items() if value is not None}
        if changed:
            key = [table.c[name] == getattr(row, name) for name in keys]
            connection.execute(update(table).where(*key).values(**changed))


def _renamed(document: Any, old: str, new: str) -> dict[str, Any] | None:
    """`document` with its top-level ids moved, or None when it names none of them."""
    if not isinstance(document, dict):
        return None
    moved = {name: new for name in _ID_FIELDS if str(document.get(name)) == old}
    return {**document, **moved} if moved else None
