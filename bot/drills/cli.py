"""The drill commands of `vigie`: `drill run` (a responses file, for tests and CI), `drill play`
(the interactive terminal session), `drill sandbox discord|telegram` (the same session in a
platform's sandbox channel, `bot.drills.sinks`), `drill results` (each trainee's progress), `drill validate`,
`drill list` and `drill grade` (a trainer adds manual scores). Registered by `bot.cli` (plugin list);
each handler returns an exit code. The wall clock is read here only, and injected below."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import select
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.core.clock import edge_clock
from bot.drills.debrief import write_debrief
from bot.drills.feed import FanOut, FeedSink, MemorySink
from bot.drills.loader import Drill, drill_from_source, find_scenarios, load_drill
from bot.drills.pacing import NoPacing, Pacer, ReplayPacing, StoryClock
from bot.drills.record import DrillRecord
from bot.drills.responses import dump_responses, load_responses, responses_beside
from bot.drills.runner import run_responses
from bot.drills.scoring import ManualScores, ScoreCard, score
from bot.drills.terminal import TerminalSession, TerminalSink
from bot.i18n.catalog import messages
from bot.i18n.formats import number, timezone_name
from bot.yamlsrc import ConfigError, load_yaml

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
DEFAULT_ROOT = Path("playbooks/drills")


def register(commands: Any) -> None:
    """Add `vigie drill …` to the command line."""
    drill = commands.add_parser("drill", help="bad-buzz drills: play, score, debrief, cohorts")
    sub = drill.add_subparsers(dest="drill_command", required=True)

    run = sub.add_parser("run", help="play a scenario with a responses file and score it")
    run.add_argument("scenario")
    run.add_argument("--responses", required=True, help="the trainee's actions with their times")
    _common(run)
    run.add_argument("--manual", help="YAML of the trainer's manual scores: {id: {points, reason}}")
    run.set_defaults(handler=cmd_run)

    play = sub.add_parser("play", help="play a scenario interactively in the terminal")
    play.add_argument("scenario")
    _common(play)
    play.add_argument("--turns", action="store_true", help="story time moves only with 'wait'")
    play.set_defaults(handler=cmd_play)

    _register_sandbox(sub)

    results = sub.add_parser("results", help="each trainee's results across drills")
    results.add_argument("--trainee")
    results.add_argument("--db", help="database URL (default: $VIGIE_DATABASE_URL or var/vigie.db)")
    results.add_argument("--lang", choices=("fr", "en"), default="fr")
    results.add_argument(
        "--tz", type=timezone_name, default="Europe/Paris", help="timezone of the dates shown"
    )
    results.add_argument("--json", action="store_true")
    results.set_defaults(handler=cmd_results)

    check = sub.add_parser("validate", help="validate scenarios and responses files")
    check.add_argument("paths", nargs="+")
    check.set_defaults(handler=cmd_validate)

    listing = sub.add_parser("list", help="list the scenarios")
    listing.add_argument("root", nargs="?", default=str(DEFAULT_ROOT))
    listing.set_defaults(handler=cmd_list)

    grade = sub.add_parser("grade", help="add a trainer's manual score to a debrief")
    grade.add_argument("out")
    grade.add_argument("--score", action="append", required=True, help="CRITERION=POINTS")
    grade.add_argument("--reason", default="")
    grade.add_argument("--by", default="")
    grade.set_defaults(handler=cmd_grade)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--speed", type=float, default=0.0, help="× the scenario's pace (0: none)")
    parser.add_argument("--out", help="where the debrief goes (default: out/drills/ID-TRAINEE)")
    parser.add_argument("--trainee", help="the trainee's name (results are stored under it)")
    parser.add_argument("--db", help="database URL for the results (default: $VIGIE_DATABASE_URL)")


# --- run ---------------------------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    """Play a responses file through the scenario, write the debrief, store the result."""
    drill = load_drill(args.scenario)
    responses = load_responses(args.responses, drill)
    trainee = args.trainee or responses.trainee or "trainee"
    sink: FeedSink = MemorySink()
    pacer: Pacer = NoPacing()
    if args.speed > 0:  # watch it at the drill's pace: the result is the same
        sink = FanOut(sink, TerminalSink(sys.stdout, drill.timezone))
        pacer = ReplayPacing(drill.scenario.meta.time_scale, args.speed, time.sleep, time.monotonic)
    record = run_responses(drill, responses.actions, sink, trainee, pacer)
    manual = _manual_file(args.manual) if args.manual else {}
    return _conclude(args, drill, record, manual)


def _conclude(
    args: argparse.Namespace, drill: Drill, record: DrillRecord, manual: ManualScores
) -> int:
    card = score(drill, record, manual)
    out_dir = Path(args.out) if args.out else _default_out(drill, record.trainee)
    write_debrief(drill, record, card, out_dir)
    _write_run(out_dir, drill, record, manual)
    url = _results_url(args)
    if url is not None:
        _store(url, card, edge_clock().now(), out_dir)
    _print_card(card, out_dir)
    return EXIT_OK


def _results_url(args: argparse.Namespace) -> str | None:
    """Where results go: --db, $VIGIE_DATABASE_URL, the default database when a trainee is named
    (""), or nowhere (None: a CI run of a reference file)."""
    if args.db:
        return str(args.db)
    if os.environ.get("VIGIE_DATABASE_URL"):
        return os.environ["VIGIE_DATABASE_URL"]
    return "" if args.trainee else None


def _default_out(drill: Drill, trainee: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", trainee.lower()).strip("-") or "trainee"
    return Path("out/drills") / f"{drill.scenario.meta.id}-{slug}"


def _write_run(out_dir: Path, drill: Drill, record: DrillRecord, manual: ManualScores) -> None:
    """What `drill grade` needs to score the same drill again: the scenario, the actions, the
    manual scores so far."""
    actions = [done.action for done in record.done]
    (out_dir / "responses.yaml").write_text(
        dump_responses(drill.scenario.meta.id, record.trainee, actions), encoding="utf-8"
    )
    run = {
        "scenario": str(drill.path.resolve()),
        "trainee": record.trainee,
        "manual": {k: {"points": p, "reason": r, "by": b} for k, (p, r, b) in manual.items()},
    }
    (out_dir / "run.json").write_text(json.dumps(run, ensure_ascii=False, indent=2) + "\n", "utf-8")


def _store(url: str, card: ScoreCard, played_at: datetime, out_dir: Path) -> None:
    from bot.drills.cohort import record_result
    from bot.store.database import database_url, open_database

    db = open_database(url or database_url())
    try:
        record_result(db, card, played_at, out_dir)
    finally:
        db.dispose()


def _print_card(card: ScoreCard, out_dir: Path) -> None:
    verdict = messages().text(card.lang, "drills.db_passed" if card.passed else "drills.db_failed")
    score = number(card.score, card.lang)
    print(
        messages().text(
            card.lang,
            "drills.card_summary",
            scenario=card.scenario,
            score=score,
            verdict=verdict,
            trainee=card.trainee,
        )
    )
    width = max((len(c.title) for c in card.criteria), default=0)
    for c in card.criteria:  # the title in the drill's language, not the grid's id
        points = "—" if c.points is None else number(c.points, card.lang)
        print(f"  {c.title:<{width}} {points:>6} / {number(c.max, card.lang)}")
    for failure in card.failures:
        print(f"  ✘ {failure.reason}")
    print(messages().text(card.lang, "drills.card_debrief", path=out_dir / "debrief.md"))


def _manual_file(path: str) -> ManualScores:
    data = load_yaml(path).data or {}
    if not isinstance(data, dict):
        raise ConfigError([])
    return {
        str(key): (float(value["points"]), str(value.get("reason", "")), value.get("by"))
        for key, value in data.items()
    }


# --- play ----------------------------------------------------------------------------------------


def cmd_play(args: argparse.Namespace) -> int:
    """The interactive session on this terminal, then the debrief."""
    drill = load_drill(args.scenario)
    trainee = args.trainee or os.environ.get("USER") or "trainee"
    clock = None
    if not args.turns:
        speed = args.speed or 1.0
        clock = StoryClock(
            drill.scenario.meta.start, drill.scenario.meta.time_scale, speed, time.monotonic
        )
    poll = _stdin_ready if clock is not None and sys.stdin.isatty() else None
    record = TerminalSession(drill, sys.stdin, sys.stdout, trainee, clock, poll).run()
    return _conclude(args, drill, record, {})


def _stdin_ready(timeout: float) -> bool:
    ready, _, _ = select.select([sys.stdin], [], [], timeout)
    return bool(ready)


# --- sandbox ----------------------------------------------------------------------------------------


def _register_sandbox(sub: Any) -> None:
    sandbox = sub.add_parser("sandbox", help="play a scenario in a Discord or Telegram channel")
    platforms = sandbox.add_subparsers(dest="platform", required=True)
    discord = platforms.add_parser("discord", help="personas post through a channel webhook")
    discord.add_argument("scenario")
    discord.add_argument("--channel", type=int, required=True, help="the sandbox channel's id")
    _common(discord)
    discord.set_defaults(handler=cmd_sandbox_discord)
    telegram = platforms.add_parser("telegram", help="the bot posts each persona's messages")
    telegram.add_argument("scenario")
    telegram.add_argument("--chat", type=int, required=True, help="the sandbox chat's id")
    _common(telegram)
    telegram.set_defaults(handler=cmd_sandbox_telegram)


def _token(name: str) -> str | None:
    """The bot's token from the environment; without it, say so in the locale's language (the
    sandbox serves no community yet, so no charter names one)."""
    from bot.i18n.catalog import messages
    from bot.i18n.reader import reader_language

    token = os.environ.get(name, "").strip()
    if not token:
        lang = reader_language(None, (), os.environ)
        print(messages().text(lang, "drills.sandbox_no_token", env=name), file=sys.stderr)
    return token or None


def _sandbox_clock(drill: Drill, speed: float) -> StoryClock:
    """Story time at the scenario's pace (× --speed), from the wall clock."""
    meta = drill.scenario.meta
    return StoryClock(meta.start, meta.time_scale, speed or 1.0, time.monotonic)


def cmd_sandbox_discord(args: argparse.Namespace) -> int:
    """Play the scenario in a Discord channel, then write the debrief."""
    token = _token("DISCORD_TOKEN")
    if token is None:
        return EXIT_BAD_INPUT
    drill = load_drill(args.scenario)
    trainee = args.trainee or "trainee"
    record = asyncio.run(_discord_sandbox(drill, token, args.channel, trainee, args.speed))
    return _conclude(args, drill, record, {})


async def _discord_sandbox(
    drill: Drill, token: str, channel: int, trainee: str, speed: float
) -> DrillRecord:
    import discord

    from bot.drills.sinks import DiscordSink, SandboxDrill, attach_discord

    intents = discord.Intents.none()
    intents.guilds = intents.guild_messages = intents.message_content = True
    client = discord.Client(intents=intents)
    sink = DiscordSink(client, channel, drill.timezone)
    sandbox = SandboxDrill(drill, sink, trainee, _sandbox_clock(drill, speed))
    attach_discord(client, sandbox, channel)
    async with client:
        await client.login(token)
        connection = asyncio.create_task(client.connect())
        try:
            await client.wait_until_ready()
            return await sandbox.run(asyncio.sleep)
        finally:
            await client.close()
            with contextlib.suppress(Exception):  # closing ends the connection task
                await connection


def cmd_sandbox_telegram(args: argparse.Namespace) -> int:
    """Play the scenario in a Telegram chat, then write the debrief."""
    token = _token("TELEGRAM_TOKEN")
    if token is None:
        return EXIT_BAD_INPUT
    drill = load_drill(args.scenario)
    trainee = args.trainee or "trainee"
    record = asyncio.run(_telegram_sandbox(drill, token, args.chat, trainee, args.speed))
    return _conclude(args, drill, record, {})


async def _telegram_sandbox(
    drill: Drill, token: str, chat: int, trainee: str, speed: float
) -> DrillRecord:
    from telegram.ext import ApplicationBuilder

    from bot.drills.sinks import SandboxDrill, TelegramSink, attach_telegram

    application = ApplicationBuilder().token(token).build()
    sink = TelegramSink(application.bot, chat, drill.timezone)
    sandbox = SandboxDrill(drill, sink, trainee, _sandbox_clock(drill, speed), prefix="/")
    attach_telegram(application, sandbox, chat)
    async with application:
        assert application.updater is not None
        await application.updater.start_polling()
        await application.start()
        try:
            return await sandbox.run(asyncio.sleep)
        finally:
            await application.updater.stop()
            await application.stop()


# --- results, validate, list, grade --------------------------------------------------------------


def cmd_results(args: argparse.Namespace) -> int:
    """Print each trainee's drills, mean and progress."""
    from bot.drills.cohort import progress, results_text
    from bot.store.database import database_url, open_database
    from bot.store.drill_repo import DrillResults

    db = open_database(args.db or database_url())
    try:
        rows = DrillResults(db).list(args.trainee)
    finally:
        db.dispose()
    if args.json:
        data = [
            {**entry, "drills": [_row_dict(r) for r in entry["drills"]]} for entry in progress(rows)
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(results_text(rows, args.lang, args.tz))
    return EXIT_OK


def _row_dict(row: Any) -> dict[str, Any]:
    return {
        "scenario": row.scenario,
        "played_at": row.played_at.isoformat(),
        "score": row.score,
        "passed": row.passed,
        "failures": [f["code"] for f in row.failures],
    }


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate scenarios (and responses files, against the scenario beside them)."""
    failed = False
    for path in args.paths:
        try:
            _validate_one(Path(path))
            print(f"{path}: ok")
        except ConfigError as exc:
            failed = True
            for issue in exc.issues:
                print(issue, file=sys.stderr)
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _validate_one(path: Path) -> None:
    source = load_yaml(path)
    if isinstance(source.data, dict) and "actions" in source.data:
        responses_beside(source, path)
    else:
        drill_from_source(source, path)


def cmd_list(args: argparse.Namespace) -> int:
    """One line per scenario: id, language, story length, title."""
    for path in find_scenarios(args.root):
        try:
            meta = load_drill(path).scenario.meta
        except ConfigError:
            print(f"{path}: invalid (vigie drill validate {path})")
            continue
        print(f"{meta.id:<22} {meta.language}  {meta.duration}  {meta.title}  ({path})")
    return EXIT_OK


def cmd_grade(args: argparse.Namespace) -> int:
    """Add manual scores to a finished drill: it is played again from its responses (the result is
    the same) and the debrief and score.json are rewritten with the trainer's points."""
    out_dir = Path(args.out)
    run = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    manual: ManualScores = {
        k: (v["points"], v["reason"], v["by"]) for k, v in run["manual"].items()
    }
    for item in args.score:
        name, _, points = item.partition("=")
        manual[name.strip()] = (float(points), args.reason, args.by or None)
    drill = load_drill(run["scenario"])
    known = {m.id for m in drill.scenario.grid.manual}
    unknown = sorted(set(manual) - known)
    if unknown:
        print(
            f"no manual criterion {', '.join(unknown)}; known: {', '.join(sorted(known)) or '—'}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    responses = load_responses(out_dir / "responses.yaml", drill)
    record = run_responses(drill, responses.actions, MemorySink(), run["trainee"])
    card = score(drill, record, manual)
    write_debrief(drill, record, card, out_dir)
    _write_run(out_dir, drill, record, manual)
    _print_card(card, out_dir)
    return EXIT_OK
