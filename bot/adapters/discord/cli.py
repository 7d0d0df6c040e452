"""`vigie run discord`: the live Discord bot. Registered by `bot.cli` (plugin list).

The token comes from `DISCORD_TOKEN` (environment or `.env`, never an option: it would end up in
shell histories and process lists). Start-up errors a person can fix — no token, a token Discord
refuses, the privileged intents not enabled in the Developer Portal — are one clear message and
exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Mapping
from typing import Any

from bot.deploy.options import add_operation_options

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
TOKEN_ENV = "DISCORD_TOKEN"
PORTAL = "https://discord.com/developers/applications"


def wording(key: str, environ: Mapping[str, str], /, **values: Any) -> str:
    """A start-up message in the reader's language: the locale's (`LANG`…), else French. The
    process serves every community of a deployment, so no one charter names its language."""
    from bot.i18n.catalog import messages
    from bot.i18n.reader import reader_language

    lang = reader_language(None, (), environ)
    return messages().text(lang, f"adapters.discord.{key}", env=TOKEN_ENV, portal=PORTAL, **values)


def register(subparsers: Any) -> None:
    """Add `run discord` (sharing the `run` group with the other platforms)."""
    parser = _run_group(subparsers).add_parser(
        "discord", help="moderate Discord servers live (token: $DISCORD_TOKEN)"
    )
    parser.add_argument("--charter", help="one charter for every guild (or --deployment)")
    parser.add_argument("--playbook", help="contingency plan (crisis levels, escalations)")
    parser.add_argument("--db", help="database URL (default: $VIGIE_DATABASE_URL or var/vigie.db)")
    parser.add_argument("--models", help="model directory (default: $VIGIE_MODELS_DIR or models/)")
    parser.add_argument("--no-models", action="store_true", help="run without the classifiers")
    parser.add_argument(
        "--mod-channel",
        help="the moderators' channel, by id or name "
        "(default: $VIGIE_DISCORD_MOD_CHANNEL, else 'moderation')",
    )
    parser.add_argument(
        "--modlog-channel", help="the mod-log channel, by id or name (default: no mod-log)"
    )
    parser.add_argument("--main-channel", help="where statements go (default: system channel)")
    parser.add_argument("--guild", type=int, help="register the slash commands in this guild only")
    parser.add_argument(
        "--shards", help="'auto' (Discord's recommendation) or the total number of shards"
    )
    parser.add_argument("--shard-ids", help="the shards this process runs, e.g. 0,1")
    add_operation_options(parser, "discord")
    parser.set_defaults(handler=cmd_run_discord)


def _run_group(subparsers: Any) -> Any:
    """The subcommands of `run`, created by whichever platform registers first."""
    run = subparsers.choices.get("run")
    if run is None:
        run = subparsers.add_parser("run", help="run Vigie live on a chat platform")
        return run.add_subparsers(dest="platform", required=True, metavar="PLATFORM")
    return next(a for a in run._actions if isinstance(a, argparse._SubParsersAction))


def settings_from(
    args: argparse.Namespace,
    env: Mapping[str, str],
    mod_channels: Mapping[str, str] | None = None,
    modlog_channels: Mapping[str, str] | None = None,
) -> Any:
    """The adapter settings from the command line, the environment and the deployment file's
    moderators' channel of each guild."""
    from bot.adapters.discord.settings import DiscordSettings, mod_channel_from

    shards = (args.shards or "").strip().lower()
    ids = tuple(int(part) for part in args.shard_ids.split(",")) if args.shard_ids else None
    return DiscordSettings(
        mod_channel=mod_channel_from(args.mod_channel, env),
        modlog_channel=args.modlog_channel,
        main_channel=args.main_channel,
        command_guild=args.guild,
        shard_count=int(shards) if shards.isdecimal() else None,
        shard_ids=ids,
        sharded=bool(shards) or ids is not None,
        mod_channels=mod_channels if mod_channels is not None else {},
        modlog_channels=modlog_channels if modlog_channels is not None else {},
    )


def cmd_run_discord(args: argparse.Namespace) -> int:
    """Run the bot until interrupted; exit 2 with a clear message for what a person must fix
    (no token, a broken charter or deployment file, a database behind the migrations)."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        print(wording("no_token", os.environ), file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.shard_ids and not (args.shards or "").isdecimal():
        print(wording("shard_ids", os.environ), file=sys.stderr)
        return EXIT_BAD_INPUT
    from bot.core.clock import edge_clock
    from bot.deploy import runtime
    from bot.store.database import DatabaseError

    setup = runtime.setup_from(args)
    if setup.deployment is None:
        runtime.check_files(args.charter, args.playbook)  # before touching the database
    _configure_logging(setup, args)
    try:
        db = runtime.open_live_database(setup.database)
    except DatabaseError as exc:
        print(runtime.database_problem(exc, os.environ), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        communities, degraded = runtime.build_communities(
            setup, "discord", db, edge_clock(), args.charter, args.playbook
        )
        if degraded:
            print(wording("degraded", os.environ, detail=degraded), file=sys.stderr)
        return _run(args, setup, communities, token)
    finally:
        db.dispose()


async def _active_or_standby(bot: Any, token: str) -> int:
    """Connect once this process holds the bot's lease (per token and shard set): a second
    process started the same way waits as a standby and takes over when the first one dies."""
    from bot.adapters.standby import Standby, lease_of, run_active, this_process
    from bot.core.clock import SystemClock

    shards = ",".join(str(i) for i in bot.settings.shard_ids or ())
    name = lease_of("discord", f"{token}#{shards}")
    standby = Standby(bot.service.leases(), name, this_process("discord"), SystemClock())

    async def serving(stop: asyncio.Event) -> int:
        running = asyncio.create_task(serve(bot, token))
        stopping = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if running not in done:
            await bot.client.close()
        return await running

    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    return await run_active(standby, serving, stop)


def _run(args: argparse.Namespace, setup: Any, communities: Any, token: str) -> int:
    from bot.adapters.discord.client import VigieDiscord
    from bot.deploy import runtime
    from bot.deploy.communities import LiveModChannels

    settings = settings_from(
        args,
        os.environ,
        LiveModChannels(communities),
        LiveModChannels(communities, "modlog"),
    )
    bot = VigieDiscord(communities.default, settings, communities=communities)
    where = runtime.listener_of(setup, "discord", args.metrics_port, args.metrics_host)
    connected = lambda: bot.client.is_ready() and not bot.client.is_closed()  # noqa: E731

    def around(main: Any) -> Any:
        return runtime.run_with_operations(main, communities, connected, where, setup.path)

    return run_bot(bot, token, around)


def run_bot(bot: Any, token: str, around: Any = None) -> int:
    """Run `bot` (a `VigieDiscord`) in a fresh event loop once it is the active process of its
    token and shards (else as a standby); map start-up refusals to exit 2. `around` wraps the
    run (the health listener, the reload on SIGHUP), so a standby answers its health checks too."""
    main = _active_or_standby(bot, token)
    return asyncio.run(around(main) if around is not None else main)


async def serve(bot: Any, token: str) -> int:
    """Run `bot` in the current loop; the exit code (start-up refusals → 2 with a message,
    Discord unreachable → 1)."""
    import aiohttp
    import discord

    try:
        await bot.run(token)
    except discord.LoginFailure:
        print(wording("bad_token", os.environ), file=sys.stderr)
        return EXIT_BAD_INPUT
    except discord.PrivilegedIntentsRequired:
        print(wording("no_intents", os.environ), file=sys.stderr)
        return EXIT_BAD_INPUT
    except (aiohttp.ClientError, OSError, discord.GatewayNotFound) as exc:
        # Before the first connection only: once connected, discord.py reconnects on its own.
        print(wording("unreachable", os.environ, detail=exc), file=sys.stderr)
        return EXIT_FAILED
    except discord.HTTPException as exc:
        print(wording("refused", os.environ, detail=exc), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _configure_logging(setup: Any, args: argparse.Namespace) -> None:
    from bot.deploy.config import Logs
    from bot.deploy.runtime import configure_logging

    logs = setup.deployment.logs if setup.deployment else Logs()
    configure_logging(logs, args.log_level, args.log_format)
    # Vigie never joins voice channels: discord.py's warnings about voice libraries are noise.
    logging.getLogger("discord.client").addFilter(
        lambda record: "voice will NOT be supported" not in record.getMessage()
    )
