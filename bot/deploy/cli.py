"""The operators' commands of `vigie`: `purge` (each community's retention, `--dry-run` to see what
would go), `db status | upgrade | backup` (migrations are explicit: back up, then upgrade) and
`deployment check` (the deployment file and every charter and plan it names)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.deploy.options import DEPLOYMENT_ENV
from bot.i18n import formats
from bot.i18n.catalog import messages
from bot.i18n.reader import reader_language

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
BACKUPS = Path("var") / "backups"


def _setup(args: argparse.Namespace) -> Any:
    from bot.deploy.runtime import setup_from

    return setup_from(args)


def _lang(args: argparse.Namespace, charter: Any = None) -> str:
    """The reader's language (`bot.i18n.reader`): --lang, else the charter's, else the locale's,
    else French. A deployment serves communities of several languages: it names none."""
    written_in = charter.meta.languages if charter is not None else ()
    return reader_language(getattr(args, "lang", None), written_in, os.environ)


def _say(lang: str, key: str, /, **values: Any) -> str:
    return messages().text(lang, f"cli.ops.{key}", **values)


def _now(args: argparse.Namespace) -> Any:
    from bot.core.clock import edge_clock
    from bot.core.timeparse import parse_timestamp

    return parse_timestamp(args.now) if getattr(args, "now", None) else edge_clock().now()


# --- purge -------------------------------------------------------------------------------------


def cmd_purge(args: argparse.Namespace) -> int:
    """Apply the retention periods: the charter's to every community, or each community's own
    (deployment file); `--dry-run` counts what would go and changes nothing."""
    from bot.charter.loader import load_charter
    from bot.deploy.purge import Scoped, purge_all
    from bot.store.database import open_database

    setup = _setup(args)
    if setup.deployment is not None:
        scoped = [Scoped(c.key, load_charter(c.charter)) for c in setup.deployment.communities]
        lang = _lang(args)
    elif args.charter:
        charter = load_charter(args.charter)
        scoped, lang = [Scoped(None, charter)], _lang(args, charter)
    else:
        print(_say(_lang(args), "no_configuration", env=DEPLOYMENT_ENV), file=sys.stderr)
        return EXIT_BAD_INPUT
    db = open_database(setup.database, migrate=False)
    try:
        reports = purge_all(db, scoped, _now(args), dry_run=args.dry_run, actor="cli")
    finally:
        db.dispose()
    if args.dry_run:
        print(_say(lang, "dry_run"), file=sys.stderr)
    data = {key: asdict(report) for key, report in reports.items()}
    print(json.dumps(data["*"] if list(data) == ["*"] else data))
    return EXIT_OK


# --- db ----------------------------------------------------------------------------------------


def cmd_db_status(args: argparse.Namespace) -> int:
    """Say which migration the database is at and whether it is behind (exit 1 if so)."""
    from sqlalchemy import create_engine

    from bot.store.database import mask_url
    from bot.store.operations import schema_status

    url = _setup(args).database
    engine = create_engine(url)
    try:
        status = schema_status(engine)
    finally:
        engine.dispose()
    lang = _lang(args)
    current = formats.listing(status.current, lang) or _say(lang, "db_empty")
    heads = formats.listing(status.heads, lang)
    print(_say(lang, "db_status", url=mask_url(url), current=current, heads=heads))
    if status.up_to_date or status.fresh:
        return EXIT_OK
    print(_say(lang, "db_behind"), file=sys.stderr)
    return EXIT_FAILED


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    """Apply the pending migrations (the only command that migrates a database with data)."""
    from bot.store.database import DatabaseError, mask_url, open_database
    from bot.store.operations import migration_heads

    url = _setup(args).database
    lang = _lang(args)
    try:
        open_database(url).dispose()
    except DatabaseError as exc:
        print(_say(lang, "db_cannot_open", url=mask_url(url), reason=exc.reason), file=sys.stderr)
        return EXIT_FAILED
    heads = formats.listing(migration_heads(), lang)
    print(_say(lang, "db_upgraded", url=mask_url(url), heads=heads))
    return EXIT_OK


def cmd_db_backup(args: argparse.Namespace) -> int:
    """SQLite: an online copy (safe while the bots run). PostgreSQL: pg_dump when it is
    installed, else the command to run."""
    from sqlalchemy.engine import make_url

    url = _setup(args).database
    parsed = make_url(url)
    stamp = _now(args).strftime("%Y%m%dT%H%M%SZ")
    if parsed.get_backend_name() == "sqlite":
        from bot.store.operations import backup_sqlite

        target = Path(args.out) if args.out else BACKUPS / f"vigie-{stamp}.db"
        size = backup_sqlite(Path(parsed.database or ""), target)
        lang = _lang(args)
        print(_say(lang, "backup_written_size", path=target, size=formats.data_size(size, lang)))
        return EXIT_OK
    target = Path(args.out) if args.out else BACKUPS / f"vigie-{stamp}.dump"
    return _pg_dump(parsed, target, _lang(args))


def pg_dump_command(url: Any, target: Path) -> list[str]:
    """The pg_dump line for a PostgreSQL URL (the password goes in PGPASSWORD, not argv)."""
    from sqlalchemy.engine import URL

    plain = URL.create(
        "postgresql", url.username, None, url.host, url.port, url.database, url.query
    )
    return [
        "pg_dump",
        "--format=custom",
        f"--file={target}",
        plain.render_as_string(hide_password=False),
    ]


def _pg_dump(url: Any, target: Path, lang: str) -> int:
    command = pg_dump_command(url, target)
    if shutil.which("pg_dump") is None:
        print(_say(lang, "no_pg_dump"))
        print(" ".join(command))
        return EXIT_FAILED
    target.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **({"PGPASSWORD": str(url.password)} if url.password else {})}
    done = subprocess.run(command, env=env, check=False)
    if done.returncode != 0:
        return EXIT_FAILED
    print(_say(lang, "backup_written", path=target))
    return EXIT_OK


# --- deployment --------------------------------------------------------------------------------


def cmd_deployment_check(args: argparse.Namespace) -> int:
    """Validate the deployment file and every charter and plan it names (all errors at once)."""
    from bot.deploy.runtime import check_files
    from bot.yamlsrc import ConfigError

    setup = _setup(args)
    lang = _lang(args)
    if setup.deployment is None:
        print(_say(lang, "no_deployment", env=DEPLOYMENT_ENV), file=sys.stderr)
        return EXIT_BAD_INPUT
    issues = []
    for community in setup.deployment.communities:
        playbook = str(community.playbook) if community.playbook else None
        try:
            check_files(str(community.charter), playbook)
        except ConfigError as exc:
            issues.extend(exc.issues)
    if issues:
        raise ConfigError(issues)
    for community in setup.deployment.communities:
        said = _say(
            lang,
            "community",
            platform=community.platform,
            key=community.key,
            name=community.name,
            charter=community.charter.name,
        )
        print(said)
    print(messages().text(lang, "cli.validate.ok", path=setup.path))
    return EXIT_OK


def _database_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="database URL (default: $VIGIE_DATABASE_URL, the file's)")
    parser.add_argument("--deployment", help=f"the deployment file (default: ${DEPLOYMENT_ENV})")
    _lang_option(parser)


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", help="language of the messages (default: the locale's)")


def register(commands: Any) -> None:
    """Add `purge`, `db` and `deployment` to the `vigie` command."""
    purge = commands.add_parser("purge", help="apply the retention periods")
    purge.add_argument("--charter", help="one charter's periods for every community")
    _database_options(purge)
    purge.add_argument("--now", help="purge as of this time (ISO 8601; default: now)")
    purge.add_argument("--dry-run", action="store_true", help="show what would go, change nothing")
    purge.set_defaults(handler=cmd_purge)

    db = commands.add_parser("db", help="the database: status, upgrade, backup").add_subparsers(
        dest="sub", required=True
    )
    for name, handler, text in (
        ("status", cmd_db_status, "the schema's migration, and whether it is behind"),
        ("upgrade", cmd_db_upgrade, "apply the pending migrations (back up first)"),
        ("backup", cmd_db_backup, "SQLite: an online copy; PostgreSQL: pg_dump"),
    ):
        sub = db.add_parser(name, help=text)
        _database_options(sub)
        sub.set_defaults(handler=handler)
        if name == "backup":
            sub.add_argument("--out", help="the copy's path (default: var/backups/vigie-TIME.db)")

    check = commands.add_parser("deployment", help="the deployment file").add_subparsers(
        dest="sub", required=True
    )
    validate = check.add_parser("check", help="validate it and every charter and plan it names")
    validate.add_argument("--deployment", help=f"default: ${DEPLOYMENT_ENV}")
    _lang_option(validate)
    validate.set_defaults(handler=cmd_deployment_check)
