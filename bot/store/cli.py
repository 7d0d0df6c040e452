"""The storage commands of `vigie`: per-user data export and deletion."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.core.clock import edge_clock
from bot.core.timeparse import parse_timestamp
from bot.i18n.catalog import messages
from bot.i18n.reader import reader_language
from bot.store.database import database_url, open_database
from bot.store.output_erasure import erase_from_folder, member_words
from bot.store.userdata import UserData


def _db(args: argparse.Namespace) -> Any:
    return open_database(args.db or database_url())


def _now(args: argparse.Namespace) -> Any:
    return parse_timestamp(args.now) if getattr(args, "now", None) else edge_clock().now()


def cmd_export(args: argparse.Namespace) -> int:
    """Write everything stored about one member as JSON (GDPR art. 15)."""
    db = _db(args)
    try:
        data = UserData(db).export_user(args.community, args.user)
    finally:
        db.dispose()
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    """Erase one member's personal data (GDPR art. 17); the audit log keeps that it happened."""
    lang = reader_language(args.lang, (), os.environ)
    if not args.yes:
        print(messages().text(lang, "cli.userdata.confirm_delete"), file=sys.stderr)
        return 2
    db = _db(args)
    try:
        data = UserData(db)
        words = member_words(data.export_user(None, args.user)) if args.out else set()
        result = asdict(data.delete_user(args.user, _now(args), args.actor))
    finally:
        db.dispose()
    for folder in args.out or ():
        result["files_erased"] = result.get("files_erased", 0) + erase_from_folder(
            Path(folder), args.user, words
        )
    print(json.dumps(result))  # the report, as data; the person reads the line below
    erased = sum(value for value in result.values() if isinstance(value, int))
    said = messages().plural(lang, "cli.userdata.deleted", erased, user=args.user)
    print(said, file=sys.stderr)
    return 0


def register(commands: Any) -> None:
    """Add `user-data export|delete` to the `vigie` command (`purge` is in `bot.deploy.cli`)."""
    user = commands.add_parser("user-data", help="per-user export and deletion")
    sub = user.add_subparsers(dest="sub", required=True)
    export = sub.add_parser("export", help="everything stored about a member, as JSON")
    export.add_argument("user")
    export.add_argument("--community")
    export.add_argument("--out")
    export.add_argument("--db")
    export.set_defaults(handler=cmd_export)
    delete = sub.add_parser("delete", help="erase a member's personal data")
    delete.add_argument("user")
    delete.add_argument("--yes", action="store_true", help="confirm")
    delete.add_argument("--actor", default="cli", help="who asked (for the audit log)")
    delete.add_argument("--db")
    delete.add_argument("--now")
    delete.add_argument("--lang", help="language of the messages (default: the locale's)")
    delete.add_argument(
        "--out", action="append", help="an output folder of replays to erase the member from too"
    )
    delete.set_defaults(handler=cmd_delete)
