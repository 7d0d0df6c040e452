"""The crisis commands of `vigie`: `report incident`, `ack`, and `crisis status | declare |
approve | evidence`. Registered by `bot.cli` (plugin list); each handler returns an exit code."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.core.clock import edge_clock
from bot.core.timeparse import parse_timestamp
from bot.i18n.formats import timezone_name

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _store(args: argparse.Namespace) -> Any:
    from bot.crisis.wiring import open_store
    from bot.store.database import database_url

    return open_store(args.db or database_url())


def _at(args: argparse.Namespace) -> datetime:
    # The console is the one place where "now" is the wall clock: the monitor gets it injected.
    return parse_timestamp(args.at) if getattr(args, "at", None) else edge_clock().now()


def _monitor(args: argparse.Namespace) -> Any:
    from bot.crisis.loader import load_playbook
    from bot.crisis.monitor import CrisisMonitor

    return CrisisMonitor(load_playbook(args.playbook), _store(args), edge_clock())


def cmd_report(args: argparse.Namespace) -> int:
    """Write the after-action report of one incident."""
    from bot.crisis.loader import load_playbook
    from bot.crisis.report import build_report, write_report

    playbook = load_playbook(args.playbook) if args.playbook else None
    try:
        report = build_report(_store(args), args.incident, playbook, args.lang, args.tz)
    except KeyError as exc:
        print(f"{exc.args[0]}", file=sys.stderr)
        return EXIT_FAILED
    for path in write_report(report, Path(args.out), args.format):
        print(path)
    return EXIT_OK


def cmd_ack(args: argparse.Namespace) -> int:
    """Acknowledge an escalation case."""
    from bot.crisis.commands import ack_stored

    try:
        event = ack_stored(_store(args), args.case, args.by, _at(args))
    except (KeyError, ValueError) as exc:
        print(str(exc.args[0]), file=sys.stderr)
        return EXIT_FAILED
    print(json.dumps(event.to_dict(), ensure_ascii=False))
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    """Print each community's level, indicators, open cases and statements."""
    monitor = _monitor(args)
    names = [args.community] if args.community else sorted(monitor.communities)
    for name in names:
        if name not in monitor.communities:
            print(f"no state for community {name!r}", file=sys.stderr)
            return EXIT_FAILED
        print(json.dumps(monitor.status(name), ensure_ascii=False, indent=2, default=str))
    return EXIT_OK


def cmd_declare(args: argparse.Namespace) -> int:
    """Declare a level by hand."""
    monitor = _monitor(args)
    try:
        events = monitor.declare(args.community, args.level, args.by, _at(args), args.reason)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    monitor.checkpoint()
    for event in events:
        print(json.dumps(event.to_dict(), ensure_ascii=False))
    return EXIT_OK


def cmd_approve(args: argparse.Namespace) -> int:
    """Approve a proposed statement (it is then posted)."""
    monitor = _monitor(args)
    try:
        events = monitor.approve_statement(args.statement, args.by, _at(args))
    except (KeyError, ValueError) as exc:
        print(str(exc.args[0]), file=sys.stderr)
        return EXIT_FAILED
    for event in events:
        print(json.dumps(event.to_dict(), ensure_ascii=False))
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
    if when:
        parser.add_argument("--at", help="event time (ISO 8601); default: now")


def register(commands: Any) -> None:
    """Add the crisis commands to the `vigie` parser."""
    report = commands.add_parser("report", help="reports").add_subparsers(dest="sub", required=True)
    incident = report.add_parser("incident", help="the after-action report of an incident")
    incident.add_argument("incident")
    incident.add_argument("--format", choices=("md", "html"), default="md")
    incident.add_argument("--out", default="out/reports")
    incident.add_argument("--playbook", help="for the RETEX sections of the plan")
    incident.add_argument(
        "--lang", choices=("fr", "en"), help="default: the plan's first language, else French"
    )
    incident.add_argument(
        "--tz", type=timezone_name, help="timezone of the times shown; default: the plan's"
    )
    _common(incident)
    incident.set_defaults(handler=cmd_report)

    ack = commands.add_parser("ack", help="acknowledge a crisis escalation case")
    ack.add_argument("case")
    ack.add_argument("--by", required=True, help="who acknowledges")
    _common(ack, when=True)
    ack.set_defaults(handler=cmd_ack)

    crisis = commands.add_parser("crisis", help="crisis monitor").add_subparsers(
        dest="sub", required=True
    )
    status = crisis.add_parser("status", help="levels, indicators, open cases")
    status.add_argument("--community")
    _common(status, playbook=True)
    status.set_defaults(handler=cmd_status)
    declare = crisis.add_parser("declare", help="declare a crisis level by hand")
    declare.add_argument("community")
    declare.add_argument("level", type=int)
    declare.add_argument("--by", required=True)
    declare.add_argument("--reason", default="declared from the console")
    _common(declare, playbook=True, when=True)
    declare.set_defaults(handler=cmd_declare)
    approve = crisis.add_parser("approve", help="approve a proposed statement")
    approve.add_argument("statement")
    approve.add_argument("--by", required=True)
    _common(approve, playbook=True, when=True)
    approve.set_defaults(handler=cmd_approve)
    evidence = crisis.add_parser("evidence", help="recompute docs/crisis-evidence.md")
    evidence.add_argument("--data", help="data folder (default: $VIGIE_DATA_DIR or ../shared/data)")
    evidence.add_argument("--out", default=os.path.join("docs", "crisis-evidence.md"))
    evidence.set_defaults(handler=cmd_evidence)
