"""The console's commands of `vigie`: `serve` (the web console, on 127.0.0.1:8080 by default) and
`user add | list | disable | enable | role | password | reset-link | logout` (local accounts; a
password comes from a prompt or from the environment variable VIGIE_NEW_PASSWORD, never from the
command line, where other users could read it). `reset-link` prints a one-time link with which the
account's owner chooses a new password themself; `password` stays for the operator of the server
(the first administrator's recovery, provisioning scripts).

What these commands print is in the operator's language (`bot.i18n.reader`: the environment's
locale, else French), with times in the environment's `TZ` (else Paris); `user list` keeps its
tab-separated columns for scripts."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from bot.core.clock import edge_clock
from bot.i18n import formats
from bot.i18n.catalog import messages
from bot.i18n.reader import reader_language, reader_timezone
from bot.review.web.settings import MIN_PASSWORD

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
PASSWORD_ENV = "VIGIE_NEW_PASSWORD"
# The sample charter and plan shipped beside the package: found whatever the current directory.
SAMPLES = Path(__file__).resolve().parents[3]


def _lang() -> str:
    return reader_language(None, (), os.environ)


def _say(key: str, **values: Any) -> str:
    """A text of the console's commands in the operator's language."""
    return messages().text(_lang(), f"cli.user.{key}", **values)


def _say_count(key: str, count: int, **values: Any) -> str:
    return messages().plural(_lang(), f"cli.user.{key}", count, **values)


def _role(role: str) -> str:
    return messages().text(_lang(), f"console.role_{role}")


def _db(args: argparse.Namespace) -> Any:
    from bot.store.database import database_url, open_database

    return open_database(args.db or database_url())


def _settings(args: argparse.Namespace, setup: Any) -> Any:
    """The console's settings: the charter and plan from the options, the environment, the
    deployment file's first community, else the samples shipped with Vigie."""
    from bot.review.web.settings import ConsoleSettings, default_path, load_secret_key

    env = os.environ
    first = setup.deployment.communities[0] if setup.deployment else None
    charter = args.charter or (first.charter if first else None)
    playbook = args.playbook or (first.playbook if first else None)
    return ConsoleSettings(
        secret_key=load_secret_key(env),
        charter_path=Path(charter)
        if charter
        else default_path(env, "VIGIE_CHARTER", str(SAMPLES / "charters/fr/opalia.yaml")),
        playbook_path=Path(playbook)
        if playbook
        else default_path(env, "VIGIE_PLAYBOOK", str(SAMPLES / "playbooks/fr/opalia.yaml")),
        models_dir=setup.models,
        secure_cookies=args.secure_cookies,
        deployment_path=setup.path,
    )


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the console until interrupted; a broken charter, plan or deployment file, or a
    database behind the migrations, stops it at start (exit 2) instead of failing every page."""
    import uvicorn

    from bot.deploy.runtime import check_files, open_live_database, setup_from
    from bot.review.web.app import create_app
    from bot.store.database import DatabaseError, mask_url

    setup = setup_from(args)
    try:
        settings = _settings(args, setup)
    except ValueError as exc:  # a session secret too short
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    playbook = settings.playbook_path
    check_files(
        str(settings.charter_path) if settings.charter_path else None,
        str(playbook) if playbook else None,
    )
    try:
        db = open_live_database(setup.database)
    except DatabaseError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    app = create_app(db, edge_clock(), settings)
    address, database = f"http://{args.host}:{args.port}", mask_url(str(db.engine.url))
    print(_say("serving", address=address, database=database), file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", proxy_headers=False)
    return EXIT_OK


def _read_password() -> str | None:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass(_say("prompt_password") + " ")
    if first != getpass.getpass(_say("prompt_again") + " "):
        print(_say("passwords_differ"), file=sys.stderr)
        return None
    return first


def cmd_user_add(args: argparse.Namespace) -> int:
    """Create a console account."""
    from bot.review.web.auth import Passwords
    from bot.store.web_repo import AccountExists, ConsoleAccounts

    password = _read_password()
    if password is None:
        print(_say("no_password", variable=PASSWORD_ENV), file=sys.stderr)
        return EXIT_BAD_INPUT
    if len(password) < MIN_PASSWORD:
        print(_say_count("password_too_short", MIN_PASSWORD), file=sys.stderr)
        return EXIT_BAD_INPUT
    accounts = ConsoleAccounts(_db(args))
    by = os.environ.get("USER", "cli")
    try:
        accounts.add(
            args.name,
            Passwords().hash(password),
            args.role,
            args.lang,
            edge_clock().now(),
            f"cli:{by}",
        )
    except AccountExists:
        print(_say("exists", name=args.name), file=sys.stderr)
        return EXIT_FAILED
    language = messages().text(_lang(), f"cli.user.lang_{args.lang}")
    print(_say("created", name=args.name, role=_role(args.role), language=language))
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace) -> int:
    """List the console accounts."""
    from bot.store.web_repo import ConsoleAccounts

    for account in ConsoleAccounts(_db(args)).all():
        state = "" if account.active else f" ({_say('disabled_mark')})"
        print(f"{account.name}\t{account.role.value}\t{account.lang}{state}")
    return EXIT_OK


def cmd_user_unlock(args: argparse.Namespace) -> int:
    """Lift a login lockout (the administrator's override; audited)."""
    from bot.store.web_repo import ConsoleAccounts

    by = f"cli:{os.environ.get('USER', 'cli')}"
    cleared = ConsoleAccounts(_db(args)).clear_lockout(
        args.name, by, edge_clock().now(), args.address
    )
    print(_say_count("unlocked", cleared, name=args.name))
    return EXIT_OK


def _by() -> str:
    return f"cli:{os.environ.get('USER', 'cli')}"


def _missing(name: str) -> int:
    print(_say("missing", name=name), file=sys.stderr)
    return EXIT_FAILED


def cmd_user_state(args: argparse.Namespace) -> int:
    """Disable an account (it can no longer log in, its sessions end) or re-enable it."""
    from bot.store.web_repo import ConsoleAccounts

    disabled = args.user_command == "disable"
    if not ConsoleAccounts(_db(args)).set_disabled(args.name, disabled, edge_clock().now(), _by()):
        return _missing(args.name)
    print(_say("disabled" if disabled else "enabled", name=args.name))
    return EXIT_OK


def cmd_user_role(args: argparse.Namespace) -> int:
    """Change an account's role."""
    from bot.store.web_repo import ConsoleAccounts

    if not ConsoleAccounts(_db(args)).set_role(args.name, args.role, edge_clock().now(), _by()):
        return _missing(args.name)
    print(_say("role_changed", name=args.name, role=_role(args.role)))
    return EXIT_OK


def cmd_user_password(args: argparse.Namespace) -> int:
    """Reset an account's password (prompt or $VIGIE_NEW_PASSWORD); its sessions end."""
    from bot.review.web.auth import Passwords
    from bot.store.web_repo import ConsoleAccounts

    password = _read_password()
    if password is None or len(password) < MIN_PASSWORD:
        print(_say_count("password_too_short", MIN_PASSWORD), file=sys.stderr)
        return EXIT_BAD_INPUT
    accounts = ConsoleAccounts(_db(args))
    if accounts.get(args.name) is None:
        return _missing(args.name)
    now = edge_clock().now()
    accounts.set_password_hash(args.name, Passwords().hash(password), now, _by())
    accounts.end_sessions(args.name, now, _by())
    print(_say("password_reset", name=args.name))
    return EXIT_OK


def cmd_user_reset_link(args: argparse.Namespace) -> int:
    """Print a one-time password reset link for an account (older links die)."""
    from datetime import timedelta

    from bot.review.web.reset import issue_link

    if args.hours <= 0:
        print(_say("hours_positive"), file=sys.stderr)
        return EXIT_BAD_INPUT
    ttl = timedelta(hours=args.hours)
    link = issue_link(_db(args), args.name, edge_clock().now(), ttl, _by(), args.url)
    if link is None:
        return _missing(args.name)
    zone = reader_timezone(args.tz, None, os.environ)
    until = formats.moment(link.expires_at, _lang(), zone, "short")
    print(_say("reset_link", name=args.name, until=until, timezone=zone))
    print(link.url)
    return EXIT_OK


def cmd_user_logout(args: argparse.Namespace) -> int:
    """End every session of an account."""
    from bot.store.web_repo import ConsoleAccounts

    accounts = ConsoleAccounts(_db(args))
    if accounts.get(args.name) is None:
        return _missing(args.name)
    ended = accounts.end_sessions(args.name, edge_clock().now(), _by())
    print(_say_count("logged_out", ended, name=args.name))
    return EXIT_OK


def register(commands: Any) -> None:
    """Add `serve` and `user` to the `vigie` parser."""
    from bot.store.web_tables import Role

    serve = commands.add_parser("serve", help="the moderators' web console")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--db", help="database URL (default: $VIGIE_DATABASE_URL or var/vigie.db)")
    serve.add_argument("--charter", help="charter in force (default: $VIGIE_CHARTER or the sample)")
    serve.add_argument(
        "--playbook", help="contingency plan (default: $VIGIE_PLAYBOOK or the sample)"
    )
    serve.add_argument("--deployment", help="the deployment file (default: $VIGIE_DEPLOYMENT)")
    serve.add_argument(
        "--secure-cookies",
        action="store_true",
        help="send cookies over HTTPS only (behind a TLS proxy)",
    )
    serve.set_defaults(handler=cmd_serve)

    user = commands.add_parser("user", help="console accounts").add_subparsers(
        dest="sub", required=True
    )
    add = user.add_parser("add", help=f"create an account (password: prompt or ${PASSWORD_ENV})")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--lang", default="fr", choices=["fr", "en"])
    add.add_argument("--db", help="database URL (default: $VIGIE_DATABASE_URL or var/vigie.db)")
    add.set_defaults(handler=cmd_user_add)
    listing = user.add_parser("list", help="list the accounts")
    listing.add_argument("--db", help="database URL (default: $VIGIE_DATABASE_URL or var/vigie.db)")
    listing.set_defaults(handler=cmd_user_list)
    unlock = user.add_parser("unlock", help="lift a login lockout (after too many failures)")
    unlock.add_argument("name")
    unlock.add_argument("--address", help="only the failures from this address")
    unlock.add_argument("--db", help="database URL (default: $VIGIE_DATABASE_URL or var/vigie.db)")
    unlock.set_defaults(handler=cmd_user_unlock)
    db_help = "database URL (default: $VIGIE_DATABASE_URL or var/vigie.db)"
    for name, text in (
        ("disable", "disable an account: no login, sessions ended"),
        ("enable", "re-enable a disabled account"),
    ):
        state = user.add_parser(name, help=text)
        state.add_argument("name")
        state.add_argument("--db", help=db_help)
        state.set_defaults(handler=cmd_user_state, user_command=name)
    role = user.add_parser("role", help="change an account's role")
    role.add_argument("name")
    role.add_argument("role", choices=[r.value for r in Role])
    role.add_argument("--db", help=db_help)
    role.set_defaults(handler=cmd_user_role)
    password = user.add_parser(
        "password", help=f"reset a password (prompt or ${PASSWORD_ENV}); sessions end"
    )
    password.add_argument("name")
    password.add_argument("--db", help=db_help)
    password.set_defaults(handler=cmd_user_password)
    reset_link = user.add_parser(
        "reset-link", help="print a one-time link to choose a new password; sessions end on use"
    )
    reset_link.add_argument("name")
    reset_link.add_argument(
        "--url", default="http://127.0.0.1:8080", help="the console's address, as users reach it"
    )
    reset_link.add_argument("--hours", type=float, default=24.0, help="how long the link works")
    reset_link.add_argument(
        "--tz", type=formats.timezone_name, help="timezone of the time shown (default: $TZ, Paris)"
    )
    reset_link.add_argument("--db", help=db_help)
    reset_link.set_defaults(handler=cmd_user_reset_link)
    logout = user.add_parser("logout", help="end every session of an account")
    logout.add_argument("name")
    logout.add_argument("--db", help=db_help)
    logout.set_defaults(handler=cmd_user_logout)
