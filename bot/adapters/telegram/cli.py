"""`vigie run telegram`: the live bot on Telegram. Registered by `bot.cli` (plugin list).

The token comes from `TELEGRAM_TOKEN` (environment or `.env`, which `bot.cli` loads), never from
an option: options end up in shell histories and process lists. A missing or refused token exits
with code 2 and says what to do; rights and privacy-mode problems are printed at start-up and
posted to the moderators' chat, and the bot runs anyway (it moderates what it can, and a group
fixed later is rechecked when the bot's membership changes).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from bot.deploy.options import add_operation_options

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
ALERTS_FLUSH_SECONDS = 30.0  # at a stop, the longest wait for alerts held by a flood limit
START_RETRIES = (1.0, 2.0, 4.0, 8.0, 16.0, 32.0)  # seconds between attempts to reach Telegram
TOKEN_VARIABLE = "TELEGRAM_TOKEN"


def wording(key: str, environ: Mapping[str, str], /, **values: Any) -> str:
    """A start-up message in the reader's language: the locale's (`LANG`…), else French. The
    process serves every community of a deployment, so no one charter names its language."""
    from bot.i18n.catalog import messages
    from bot.i18n.reader import reader_language

    lang = reader_language(None, (), environ)
    return messages().text(lang, f"adapters.telegram.{key}", env=TOKEN_VARIABLE, **values)


def _run_commands(subparsers: Any) -> Any:
    """The subcommands of `vigie run`, created by the first platform that registers."""
    run = subparsers.choices.get("run")
    if run is None:
        run = subparsers.add_parser("run", help="run the live bot on a platform")
        return run.add_subparsers(dest="platform", required=True)
    for action in run._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return run.add_subparsers(dest="platform", required=True)


def register(subparsers: Any) -> None:
    """Add `run telegram` to the command line."""
    parser = _run_commands(subparsers).add_parser("telegram", help="run the Telegram bot")
    parser.add_argument("--charter", help="one charter for every group (or --deployment)")
    parser.add_argument("--playbook", help="contingency plan (crisis levels and contacts)")
    parser.add_argument("--db", help="database URL (default: $VIGIE_DATABASE_URL or var/vigie.db)")
    parser.add_argument("--models", help="model directory (default: $VIGIE_MODELS_DIR or models/)")
    parser.add_argument("--no-models", action="store_true", help="run without the classifiers")
    parser.add_argument(
        "--mod-chat", type=int, help="the moderators' chat id, e.g. -100… ($TELEGRAM_MOD_CHAT)"
    )
    parser.add_argument("--modlog-chat", type=int, help="the mod-log chat id (default: no mod-log)")
    parser.add_argument(
        "--group", type=int, action="append", default=[], help="a group to check at start-up"
    )
    parser.add_argument(
        "--moderator", type=int, action="append", default=[], help="a moderator's user id"
    )
    parser.add_argument(
        "--manager", type=int, action="append", default=[], help="a community manager's user id"
    )
    parser.add_argument("--api-url", help="a self-hosted Bot API server ($TELEGRAM_API_URL)")
    add_operation_options(parser, "telegram")
    parser.set_defaults(handler=cmd_run_telegram)


def _settings(args: argparse.Namespace, entries: Any = None, communities: Any = None) -> Any:
    """The adapter's settings: the options, the environment, then the deployment file (its
    chats are checked at start-up; each group's moderators' and mod-log chats are its own, the
    first moderators' chat it names is the bot's for the rest)."""
    from bot.adapters.telegram.app import TelegramSettings
    from bot.deploy.communities import LiveModChannels

    mod_chat = args.mod_chat
    if mod_chat is None and os.environ.get("TELEGRAM_MOD_CHAT", "").strip():
        mod_chat = int(os.environ["TELEGRAM_MOD_CHAT"])
    chats = list((entries or {}).values())
    named = [int(c.moderators) for c in chats if (c.moderators or "").lstrip("-").isdigit()]
    if mod_chat is None and named:
        mod_chat = named[0]
    return TelegramSettings(
        mod_chat=mod_chat,
        modlog_chat=args.modlog_chat,
        groups=tuple(dict.fromkeys([*args.group, *(int(c.key) for c in chats)])),
        moderator_ids=frozenset(args.moderator),
        manager_ids=frozenset(args.manager),
        mod_chats=LiveModChannels(communities, chats=True) if communities else {},
        modlog_chats=LiveModChannels(communities, "modlog", chats=True) if communities else {},
    )


def _builder(token: str, api_url: str | None) -> Any:
    from telegram.ext import ApplicationBuilder

    builder = ApplicationBuilder().token(token)
    if api_url:
        root = api_url.rstrip("/")
        builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
    return builder


def cmd_run_telegram(args: argparse.Namespace) -> int:
    """Run the Telegram bot until interrupted; exit 2 with a clear message for what a person
    must fix (no token, a broken charter or deployment file, a database behind the migrations)."""
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        print(wording("no_token", os.environ), file=sys.stderr)
        return EXIT_BAD_INPUT
    # PTB 22 durations as timedeltas (RetryAfter.retry_after), without deprecation warnings.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    from bot.core.clock import edge_clock
    from bot.deploy import runtime
    from bot.deploy.config import Logs
    from bot.store.database import DatabaseError

    setup = runtime.setup_from(args)
    if setup.deployment is None:
        runtime.check_files(args.charter, args.playbook)  # before touching the database
    logs = setup.deployment.logs if setup.deployment else Logs()
    runtime.configure_logging(logs, args.log_level, args.log_format)
    try:
        db = runtime.open_live_database(setup.database)
    except DatabaseError as exc:
        print(runtime.database_problem(exc, os.environ), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        communities, degraded = runtime.build_communities(
            setup, "telegram", db, edge_clock(), args.charter, args.playbook
        )
        if degraded:
            print(wording("degraded", os.environ, detail=degraded), file=sys.stderr)
        return _run(args, setup, communities, token)
    finally:
        db.dispose()


def _run(args: argparse.Namespace, setup: Any, communities: Any, token: str) -> int:
    from bot.adapters.telegram.app import build_bot
    from bot.deploy import runtime

    api_url = args.api_url or os.environ.get("TELEGRAM_API_URL")
    settings = _settings(args, communities.entries, communities)
    bot = build_bot(
        communities.default, settings, _builder(token, api_url), communities=communities
    )
    where = runtime.listener_of(setup, "telegram", args.metrics_port, args.metrics_host)
    polling = _active_or_standby(bot, communities.db, token)
    return asyncio.run(
        runtime.run_with_operations(
            polling, communities, lambda: bool(bot.application.running), where, setup.path
        )
    )


async def _active_or_standby(bot: Any, db: Any, token: str) -> int:
    """Serve once this process holds the bot's lease: a second process on the same token and
    database waits as a standby and takes over when the first one dies."""
    from bot.adapters.standby import Standby, lease_of, run_active, this_process
    from bot.core.clock import SystemClock
    from bot.store.crisis_inbox import SqlLeases

    name = lease_of("telegram", token)
    standby = Standby(SqlLeases(db), name, this_process("telegram"), SystemClock())
    return await run_active(standby, lambda stop: serve(bot, stop), _stop_on_signals())


async def serve(
    bot: Any, stop: asyncio.Event | None = None, retry_delays: Sequence[float] = START_RETRIES
) -> int:
    """Start the bot, report start-up problems, run until `stop` is set (or SIGINT/SIGTERM)."""
    application = bot.application
    stop = stop or _stop_on_signals()
    from bot.adapters.telegram.app import ALLOWED_UPDATES

    failed = await _initialize(application, retry_delays)
    if failed is not None:
        return failed
    conflict: list[Exception] = []
    try:
        for problem in await bot.startup_problems():
            print(wording("setup_problem", os.environ, problem=problem), file=sys.stderr)

        def on_poll_error(error: Exception) -> None:
            from telegram.error import Conflict

            if isinstance(error, Conflict) and not conflict:  # polling would retry forever
                conflict.append(error)
                stop.set()
            elif not isinstance(error, Conflict):
                logging.getLogger("vigie.telegram").warning("polling: %s", error)

        # Updates that arrived while the bot was down are still moderated: no drop_pending.
        # The update types are named: Telegram otherwise keeps the last list any client gave.
        await application.updater.start_polling(
            allowed_updates=list(ALLOWED_UPDATES), error_callback=on_poll_error
        )
        await application.start()
        bot.pump.start()
        running = wording("running", os.environ, username=application.bot.username)
        print(running, file=sys.stderr)
        await stop.wait()
    finally:
        await _shut_down(bot)
    if conflict:
        print(wording("conflict", os.environ), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


async def _initialize(application: Any, retry_delays: Sequence[float]) -> int | None:
    """`getMe`, retried with backoff while Telegram cannot be reached; the exit code if it
    fails for good."""
    from telegram.error import InvalidToken, NetworkError

    for delay in [*retry_delays, None]:
        try:
            await application.initialize()  # getMe: a bad token fails here
            return None
        except InvalidToken:
            print(wording("bad_token", os.environ), file=sys.stderr)
            return EXIT_BAD_INPUT
        except NetworkError as exc:
            if delay is None:
                print(wording("unreachable", os.environ, detail=exc.message), file=sys.stderr)
                return EXIT_FAILED
            retrying = wording("retrying", os.environ, detail=exc.message, seconds=f"{delay:g}")
            print(retrying, file=sys.stderr)
            await asyncio.sleep(delay)
    return EXIT_FAILED  # not reached: the last delay is None


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C still interrupts
            loop.add_signal_handler(sig, stop.set)
    return stop


async def _shut_down(bot: Any) -> None:
    application = bot.application
    await bot.pump.stop()
    # Alerts waiting out a flood limit still reach the moderators, within a bounded wait.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(bot.gateway.flush(), ALERTS_FLUSH_SECONDS)
    if application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()
    bot.moderation.lane.close()
    bot.service.checkpoint()  # the crisis state survives the restart (or the standby's take-over)
