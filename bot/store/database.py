"""Opening the database: the URL from the environment, the engine tuned per backend, the schema
brought to the latest migration, and transactions/sessions for the repositories."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///var/vigie.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000  # a writer waits this long for another process's transaction
# A PostgreSQL server that stops answering must not hang the bot or a replay: connecting and each
# statement give up after these (override with VIGIE_DB_CONNECT_TIMEOUT_S / _STATEMENT_TIMEOUT_S).
CONNECT_TIMEOUT_S = 10
STATEMENT_TIMEOUT_S = 60
_READ_ONLY = "vigie_read_only"  # execution option set by Database.read()
# Any fixed number works: it only has to be the same in every process that migrates this database.
_MIGRATION_LOCK = 0x76696769


class DatabaseError(RuntimeError):
    """The database could not be opened or migrated; the message never contains a password.
    `reason` is the driver's own words alone, for a front end that words the rest itself."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class SchemaBehind(DatabaseError):
    """The database holds data under an older schema: an operator backs it up and runs
    `vigie db upgrade` (a service never migrates a production database on its own). `url` (the
    password masked), `current` and `heads` let a front end word it in its reader's language."""

    def __init__(self, url: str, current: tuple[str, ...], heads: tuple[str, ...]) -> None:
        super().__init__(
            f"the database {url} is at schema {', '.join(current) or 'none'}, this version needs "
            f"{', '.join(heads)}: back it up (vigie db backup), then run vigie db upgrade"
        )
        self.url, self.current, self.heads = url, current, heads


def database_url(env: Mapping[str, str] = os.environ) -> str:
    """`VIGIE_DATABASE_URL`, or the SQLite file `var/vigie.db` under `VIGIE_HOME` (default: the
    current directory); its folder is created."""
    url = env.get("VIGIE_DATABASE_URL", "").strip()
    if url:
        return url
    home = env.get("VIGIE_HOME", "").strip()
    if not home:
        Path("var").mkdir(parents=True, exist_ok=True)
        return DEFAULT_URL
    folder = Path(home).expanduser().resolve() / "var"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'vigie.db'}"


def mask_url(url: str) -> str:
    """The URL with its password replaced by ***, fit for logs and error messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"


@dataclass
class Database:
    """An open, migrated database: Core transactions for bulk work, ORM sessions for the rest."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        """The backend's name: "sqlite" or "postgresql"."""
        return self.engine.dialect.name

    @property
    def is_postgres(self) -> bool:
        """Whether row locks (FOR UPDATE SKIP LOCKED) are real: several processes may share it."""
        return self.dialect == "postgresql"

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection inside one transaction, committed on success, rolled back on error."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection inside a read-only transaction: on SQLite it does not take the write lock
        (a plain deferred BEGIN), so reading never waits for, nor delays, a writer."""
        with self.engine.connect() as connection:
            connection.execution_options(**{_READ_ONLY: True})
            with connection.begin():
                yield connection

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session inside one transaction, committed on success, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    def forget_erased(self) -> None:
        """After an erasure: on SQLite, fold the write-ahead log into the file and empty it, so
        that no copy of the erased rows stays on disk (deleted cells are zeroed: secure_delete).
        PostgreSQL reuses the space of dead rows itself (VACUUM)."""
        if self.dialect == "sqlite":
            raw = self.engine.raw_connection()  # outside any transaction, as a checkpoint must be
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
            finally:
                raw.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_database(
    url: str, *, schema: str | None = None, echo: bool = False, migrate: bool = True
) -> Database:
    """Create the engine for `url`, run `alembic upgrade head` and return the Database.

    `schema` (PostgreSQL only) puts every table in that schema (it must exist), e.g. one schema per
    test or per tenant. With `migrate=False` (the long-running services) an empty database still
    gets its tables, but one with data under an older schema raises SchemaBehind instead of being
    upgraded. Raises DatabaseError, with the password masked, if anything fails.
    """
    try:
        engine = _create_engine(url, schema, echo)
        if migrate:
            upgrade(engine)
        else:
            _create_or_check(engine, url)
    except (SQLAlchemyError, CommandError, ImportError, OSError) as exc:
        reason = describe_error(exc, url)
        raise DatabaseError(f"cannot open database {mask_url(url)}: {reason}", reason) from None
    return Database(engine, sessionmaker(engine, expire_on_commit=False))


def _create_or_check(engine: Engine, url: str) -> None:
    """Create the schema of an empty database; refuse one that is behind (see SchemaBehind)."""
    from bot.store.operations import schema_status

    status = schema_status(engine)
    if status.fresh:
        upgrade(engine)
    elif not status.up_to_date:
        engine.dispose()
        raise SchemaBehind(mask_url(url), tuple(status.current), tuple(status.heads))


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; migrations are the only way tables are created."""
    config = Config()
    # ConfigParser would read a "%" in the path as interpolation.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Two bot processes starting together must not both create the tables.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _dump_json(value: Any) -> str:
    # Compact and UTF-8 as is: smaller rows, readable French in SQLite, faster than the defaults.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _seconds(env: Mapping[str, str], name: str, default: int) -> int:
    try:
        value = int(env.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


def postgres_connect_args(
    schema: str | None, env: Mapping[str, str] = os.environ
) -> dict[str, Any]:
    """The driver arguments: connect and statement timeouts, and the schema if any."""
    statement_ms = 1000 * _seconds(env, "VIGIE_DB_STATEMENT_TIMEOUT_S", STATEMENT_TIMEOUT_S)
    options = f"-c statement_timeout={statement_ms}"
    if schema:
        options += f" -csearch_path={schema}"
    return {
        "connect_timeout": _seconds(env, "VIGIE_DB_CONNECT_TIMEOUT_S", CONNECT_TIMEOUT_S),
        "options": options,
    }


def _create_engine(url: str, schema: str | None, echo: bool) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo)
    # hide_parameters: an error message never carries the values of a statement (message texts,
    # names) into a log or a terminal.
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")  # the driver we ship
        connect_args = postgres_connect_args(schema)
        if "options" in parsed.query:  # the URL's own (e.g. a search_path) are kept, not replaced
            connect_args["options"] += f" {parsed.query['options']}"
            parsed = parsed.difference_update_query(["options"])
        return create_engine(
            parsed,
            echo=echo,
            pool_pre_ping=True,
            connect_args=connect_args,
            json_serializer=_dump_json,
            hide_parameters=True,
        )
    return create_engine(parsed, echo=echo, json_serializer=_dump_json, hide_parameters=True)


def _sqlite_engine(url: str, echo: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        _private_file(Path(database))
    engine = create_engine(url, echo=echo, json_serializer=_dump_json, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _tune(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers (review console) never block the bot
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster than FULL
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # erased text must not linger in free pages
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front: a read-then-write transaction can then wait for
        # another process (busy timeout) instead of failing at once with "database is locked".
        # Database.read() transactions only read: a deferred BEGIN lets them share.
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (SQLite gives its -wal and -shm files the
    same mode): it holds members' messages and names."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)


def is_unreachable(exc: BaseException) -> bool:
    """Whether `exc` says the database cannot be reached now (worth retrying later), rather than
    that it refused this data (a row to quarantine)."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | InterfaceError | DisconnectionError | PoolTimeout)


def store_error(exc: BaseException) -> str:
    """One line saying what the database refused, without the statement nor its values."""
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    return f"{type(original).__name__}: {lines[0]}" if lines else type(original).__name__


def describe_error(exc: BaseException, url: str) -> str:
    """The first line of an error about `url`, with the URL's password masked (drivers may echo
    the connection string back in their errors)."""
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    try:
        password = make_url(url).password
    except ArgumentError:
        return type(exc).__name__
    if password:
        message = message.replace(str(password), "***")
    return message
