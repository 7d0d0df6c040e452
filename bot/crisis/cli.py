"""The crisis commands of `vigie`: `report incident`, `ack`, and `crisis status | incidents |
declare | approve | check | evidence`. Registered by `bot.cli` (plugin list); each handler returns
an exit code. Commands go through `CrisisCell` like the console's and the chat's: applied here
when no bot owns the community, else queued for the bot that does."""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.core.clock import edge_clock
from bot.core.timeparse import parse_timestamp
from bot.i18n.catalog import messages
from bot.i18n.formats import timezone_name
from bot.i18n.reader import reader_language, reader_timezone

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _lang(args: argparse.Namespace, playbook: Any = None) -> str:
    """The reader's language (`bot.i18n.reader`): --lang, the plan's, the environment's."""
    written_in = playbook.meta.languages if playbook is not None else ()
    return reader_language(getattr(args, "lang", None), written_in, os.environ)


def _say(args: argparse.Namespace, key: str, playbook: Any = None, **values: Any) -> str:
    return messages().text(_lang(args, playbook), f"cli.crisis.{key}", **values)


def _db(args: argparse.Namespace) -> Any:
    from bot.store.database import database_url, open_database

    return open_database(args.db or database_url())


def _store(args: argparse.Namespace) -> Any:
    from bot.store.crisis_repo import SqlCrisisStore

    return SqlCrisisStore(_db(args))


def _at(args: argparse.Namespace) -> datetime:
    # The command line is the one place where "now" is the wall clock: the cell gets it injected.
    return parse_timestamp(args.at) if getattr(args, "at", None) else edge_clock().now()


def _playbook(args: argparse.Namespace) -> Any:
    from bot.crisis.loader import load_playbook

    return load_playbook(args.playbook)


def _cell(args: argparse.Namespace, playbook: Any) -> Any:
    from bot.crisis.cell import CrisisCell
    from bot.store.crisis_inbox import SqlCommandInbox, SqlLeases
    from bot.store.crisis_repo import SqlCrisisStore

    db = _db(args)
    holder = f"cli:{socket.gethostname()}:{os.getpid()}"
    return CrisisCell(playbook, SqlCrisisStore(db), SqlCommandInbox(db), SqlLeases(db), holder)


def _submit(args: argparse.Namespace, playbook: Any, command: Any) -> int:
    """Give a command and say what became of it (JSON lines: the events, or the queue entry)."""
    from bot.crisis.cell import APPLIED, CONFIRM
    from bot.crisis.commands import Refused

    try:
        outcome = _cell(args, playbook).submit(command)
    except (Refused, KeyError, ValueError) as exc:
        print(_refusal(args, playbook, command, exc), file=sys.stderr)
        return EXIT_FAILED
    if outcome.status == CONFIRM:
        return _confirm(args, playbook, command, outcome.texts)
    if outcome.status == APPLIED:
        for event in outcome.events:
            print(json.dumps(event, ensure_ascii=False))
    else:
        queued = {"queued": outcome.command, "owner": outcome.owner}
        print(json.dumps(queued, ensure_ascii=False))
        print(_say(args, "queued", playbook, owner=outcome.owner), file=sys.stderr)
    return EXIT_OK


def _refusal(args: argparse.Namespace, playbook: Any, command: Any, exc: Exception) -> str:
    """Why the cell refused, in the reader's language: the refusals the chat and the console say
    (the cell's own message is for the logs, in English)."""
    from bot.crisis.commands import APPROVE, DECLARE, NotApprover

    lang, data = _lang(args, playbook), command.args
    subject = str(data.get("case") or data.get("statement") or data.get("incident") or "")
    if isinstance(exc, NotApprover):
        return messages().text(lang, "desk.crisis_not_approver", id=subject)
    if isinstance(exc, KeyError) or (command.kind not in (APPROVE, DECLARE) and "index" in data):
        return messages().text(
            lang, "desk.crisis_unknown", id=f"{subject} {data.get('index', '')}".strip()
        )
    if command.kind == DECLARE:
        return messages().text(lang, "desk.crisis_level_refused", level=data.get("level"))
    return messages().text(lang, "desk.crisis_not_waiting", id=subject)


def _confirm(args: argparse.Namespace, playbook: Any, command: Any, texts: dict[str, str]) -> int:
    """Show what will be published; publish only once the person said yes."""
    from dataclasses import replace

    for lang, text in texts.items():
        print(f"[{lang}] {text}", file=sys.stderr)
    if not sys.stdin.isatty():
        print(_say(args, "confirm_with_yes", playbook), file=sys.stderr)
        return EXIT_FAILED
    answer = input(_say(args, "confirm_prompt", playbook) + " ").strip().lower()
    if answer not in _say(args, "confirm_answers", playbook).split():
        print(_say(args, "not_published", playbook), file=sys.stderr)
        return EXIT_FAILED
    return _submit(args, playbook, replace(command, confirmed=True))


def _person(playbook: Any, by: str) -> tuple[str, ...]:
    """The plan roles of the person named by --by (their console account name in the plan)."""
    from bot.crisis.commands import roles_of

    return roles_of(playbook, "console", [by])


def cmd_report(args: argparse.Namespace) -> int:
    """Write the after-action report of one incident."""
    from bot.crisis.report import build_report, write_report

    playbook = _playbook(args) if args.playbook else None
    lang = _lang(args, playbook)
    try:
        report = build_report(_store(args), args.incident, playbook, lang, args.tz)
    except KeyError as exc:
        print(f"{exc.args[0]}", file=sys.stderr)
        return EXIT_FAILED
    for path in write_report(report, Path(args.out), args.format):
        print(path)
    return EXIT_OK


def cmd_ack(args: argparse.Namespace) -> int:
    """Acknowledge an escalation case."""
    from bot.crisis.commands import ACK, Command

    case = _store(args).case(args.case)
    if case is None:
        print(_say(args, "no_case", case=args.case), file=sys.stderr)
        return EXIT_FAILED
    playbook = _playbook(args)
    command = Command(ACK, case.community, args.by, _at(args), {"case": args.case})
    return _submit(args, playbook, command)


def cmd_declare(args: argparse.Namespace) -> int:
    """Declare a level by hand (refused for a community the database does not know)."""
    from bot.crisis.commands import DECLARE, Command

    playbook = _playbook(args)
    if not _store(args).knows(args.community):
        print(_say(args, "unknown_community", playbook, community=args.community), file=sys.stderr)
        return EXIT_BAD_INPUT
    # Stored with the incident: worded for the plan's readers, like the monitor's own reasons.
    reason = args.reason or messages().text(playbook.meta.languages[0], "cli.crisis.declared")
    data = {"level": args.level, "reason": reason}
    command = Command(DECLARE, args.community, args.by, _at(args), data, _person(playbook, args.by))
    return _submit(args, playbook, command)


def cmd_approve(args: argparse.Namespace) -> int:
    """Approve a proposed statement (it is then posted), as the plan's approver."""
    from bot.crisis.commands import APPROVE, Command

    statement = _store(args).statement(args.statement)
    if statement is None:
        print(_say(args, "no_statement", statement=args.statement), file=sys.stderr)
        return EXIT_FAILED
    playbook = _playbook(args)
    command = Command(
        APPROVE,
        statement.community,
        args.by,
        _at(args),
        {"statement": args.statement},
        _person(playbook, args.by),
        confirmed=args.yes,
    )
    return _submit(args, playbook, command)


def cmd_check(args: argparse.Namespace) -> int:
    """Tick an item of an incident's checklist."""
    from bot.crisis.commands import CHECK, Command

    incident = _store(args).incident(args.incident)
    if incident is None:
        print(_say(args, "no_incident_named", incident=args.incident), file=sys.stderr)
        return EXIT_FAILED
    data = {"incident": args.incident, "index": args.index}
    command = Command(CHECK, incident.community, args.by, _at(args), data)
    return _submit(args, _playbook(args), command)


def cmd_status(args: argparse.Namespace) -> int:
    """Each community's level, indicators, open cases and statements (a table, or --json)."""
    from bot.crisis.status import read_status
    from bot.crisis.status_text import status_table

    store, playbook = _store(args), _playbook(args)
    names = [args.community] if args.community else [n for n, _ in store.communities()]
    try:
        found = [read_status(playbook, store, name) for name in names]
    except KeyError as exc:
        print(str(exc.args[0]), file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        for status in found:
            print(json.dumps(status.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(status_table(found, _lang(args, playbook), args.tz))
    return EXIT_OK


def cmd_incidents(args: argparse.Namespace) -> int:
    """The incidents, newest first (a table, or --json)."""
    from bot.crisis.status_text import incidents_table

    incidents = list(reversed(_store(args).incidents(args.community)))
    if args.open:
        incidents = [i for i in incidents if i.open]
    if args.json:
        for incident in incidents:
            print(json.dumps(incident.to_dict(), ensure_ascii=False))
        return EXIT_OK
    playbook = _playbook(args) if args.playbook else None
    zone = reader_timezone(args.tz, playbook.meta.timezone if playbook is not None else None)
    print(incidents_table(incidents, _lang(args, playbook), zone))
    return EXIT_OK


def cmd_evidence(args: argparse.Namespace) -> int:
    """Recompute docs/crisis-evidence.md."""
    from bot.crisis.evidence import main

    argv = ["--out", args.out] + (["--data", args.data] if args.data else [])
    return main(argv)


def _common(parser: argparse.ArgumentParser, playbook: bool = False, when: bool = False) -> None:
    parser.add_argument("--db", help="database URL (default: $VIGIE_DATABASE_URL or var/vigie.db)")
    if playbook:
        parser.add_argument("--playbook", required=True, help="the plan de contingence (YAML)")
    if when:  # a command given to the cell: its answers are read by a person
        parser.add_argument("--at", help="event time (ISO 8601); default: now")
        parser.add_argument(
            "--lang", choices=messages().languages, help="default: the plan's first language"
        )


def _reader(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=messages().languages,
        help="default: the plan's first language, else the environment's (LANG), else French",
    )
    parser.add_argument(
        "--tz", type=timezone_name, help="timezone of the times shown; default: the plan's"
    )


def register(commands: Any) -> None:
    """Add the crisis commands to the `vigie` parser."""
    report = commands.add_parser("report", help="reports").add_subparsers(dest="sub", required=True)
    incident = report.add_parser("incident", help="the after-action report of an incident")
    incident.add_argument("incident")
    incident.add_argument("--format", choices=("md", "html"), default="md")
    incident.add_argument("--out", default="out/reports")
    incident.add_argument("--playbook", help="for the RETEX sections of the plan")
    _reader(incident)
    _common(incident)
    incident.set_defaults(handler=cmd_report)

    ack = commands.add_parser("ack", help="acknowledge a crisis escalation case")
    ack.add_argument("case")
    ack.add_argument("--by", required=True, help="who acknowledges")
    _common(ack, playbook=True, when=True)
    ack.set_defaults(handler=cmd_ack)

    crisis = commands.add_parser("crisis", help="crisis monitor").add_subparsers(
        dest="sub", required=True
    )
    status = crisis.add_parser("status", help="levels, indicators, open cases")
    status.add_argument("--community")
    status.add_argument("--json", action="store_true", help="JSON instead of a table")
    _reader(status)
    _common(status, playbook=True)
    status.set_defaults(handler=cmd_status)
    incidents = crisis.add_parser("incidents", help="list the incidents, newest first")
    incidents.add_argument("--community")
    incidents.add_argument("--open", action="store_true", help="only the running ones")
    incidents.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    incidents.add_argument("--playbook", help="the plan: its language and timezone")
    _reader(incidents)
    _common(incidents)
    incidents.set_defaults(handler=cmd_incidents)
    declare = crisis.add_parser("declare", help="declare a crisis level by hand")
    declare.add_argument("community")
    declare.add_argument("level", type=int)
    declare.add_argument("--by", required=True)
    declare.add_argument(
        "--reason", help="why (stored; default: a sentence in the plan's language)"
    )
    _common(declare, playbook=True, when=True)
    declare.set_defaults(handler=cmd_declare)
    approve = crisis.add_parser("approve", help="approve a proposed statement (it is posted)")
    approve.add_argument("statement")
    approve.add_argument("--by", required=True, help="your console account name, as in the plan")
    approve.add_argument("--yes", action="store_true", help="publish without asking again")
    _common(approve, playbook=True, when=True)
    approve.set_defaults(handler=cmd_approve)
    check = crisis.add_parser("check", help="tick an item of an incident's checklist")
    check.add_argument("incident")
    check.add_argument("index", type=int)
    check.add_argument("--by", required=True)
    _common(check, playbook=True, when=True)
    check.set_defaults(handler=cmd_check)
    evidence = crisis.add_parser("evidence", help="recompute docs/crisis-evidence.md")
    evidence.add_argument("--data", help="data folder (default: $VIGIE_DATA_DIR or ../shared/data)")
    evidence.add_argument("--out", default=os.path.join("docs", "crisis-evidence.md"))
    evidence.set_defaults(handler=cmd_evidence)
