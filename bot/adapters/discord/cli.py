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
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
TOKEN_ENV = "DISCORD_TOKEN"
PORTAL = "https://discord.com/developers/applications"

NO_TOKEN = (
    f"no Discord token: set {TOKEN_ENV} in the environment or in a .env file "
    f"({PORTAL} → your application → Bot → Reset Token)"
)
BAD_TOKEN = f"Discord refused the token in {TOKEN_ENV}: copy it again from {PORTAL} → Bot"
NO_INTENTS = (
    "Discord refused the privileged intents Vigie needs. Enable them for the bot: "
    f"{PORTAL} → your application → Bot → Privileged Gateway Intents → "
    "MESSAGE CONTENT INTENT and SERVER MEMBERS INTENT, then start again. "
    "(Without the message content intent every message would look empty.)"
)


def register(subparsers: Any) -> None:
    """Add `run discord` (sharing the `run` group with the other platforms)."""
    parser = _run_group(subparsers).add_parser(
        "discord", help="moderate Discord servers live (token: $DISCORD_TOKEN)"
    )
    parser.add_argument("--charter", required=True)
    parser.add_argument("--playbook", help="contingency plan (crisis levels, escalations)")
    parser.add_argument("--db", help="database URL (default: $VIGIE_DATABASE_URL or var/vigie.db)")
    parser.add_argument("--models", help="model directory (default: $VIGIE_MODELS_DIR or models/)")
    parser.add_argument("--no-models", action="store_true", help="run without the classifiers")
    parser.add_argument(
        "--mod-channel",
        help="the moderators' channel, by id or name "
        "(default: $VIGIE_DISCORD_MOD_CHANNEL, else 'moderation')",
    )
    parser.add_argument("--main-channel", help="where statements go (default: system channel)")
    parser.add_argument("--guild", type=int, help="register the slash commands in this guild only")
    parser.add_argument(
        "--shards", help="'auto' (Discord's recommendation) or the total number of shards"
    )
    parser.add_argument("--shard-ids", help="the shards this process runs, e.g. 0,1")
    parser.add_argument("--log-level", default="INFO")
    parser.set_defaults(handler=cmd_run_discord)


def _run_group(subparsers: Any) -> Any:
    """The subcommands of `run`, created by whichever platform registers first."""
    run = subparsers.choices.get("run")
    if run is None:
        run = subparsers.add_parser("run", help="run Vigie live on a chat platform")
        return run.add_subparsers(dest="platform", required=True, metavar="PLATFORM")
    return next(a for a in run._actions if isinstance(a, argparse._SubParsersAction))


def settings_from(args: argparse.Namespace, env: Mapping[str, str]) -> Any:
    """The adapter settings from the command line and the environment."""
    from bot.adapters.discord.settings import DiscordSettings, mod_channel_from

    shards = (args.shards or "").strip().lower()
    ids = tuple(int(part) for part in args.shard_ids.split(",")) if args.shard_ids else None
    return DiscordSettings(
        mod_channel=mod_channel_from(args.mod_channel, env),
        main_channel=args.main_channel,
        command_guild=args.guild,
        shard_count=int(shards) if shards.isdecimal() else None,
        shard_ids=ids,
        sharded=bool(shards) or ids is not None,
    )


def cmd_run_discord(args: argparse.Namespace) -> int:
    """Run the bot until interrupted; exit 2 with a clear message for what a person must fix."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_BAD_INPUT
    _configure_logging(args.log_level)
    if args.shard_ids and not (args.shards or "").isdecimal():
        print("--shard-ids needs --shards N (the total number of shards)", file=sys.stderr)
        return EXIT_BAD_INPUT
    from bot.adapters.discord.client import VigieDiscord
    from bot.core.clock import edge_clock
    from bot.service import build_service
    from bot.store.database import database_url, open_database

    db = open_database(args.db or database_url())
    try:
        service, degraded = build_service(
            args.charter, db, edge_clock(), "discord", args.playbook, _models_dir(args)
        )
        if degraded:
            print(f"degraded: classifier rules are off ({degraded})", file=sys.stderr)
        return run_bot(VigieDiscord(service, settings_from(args, os.environ)), token)
    finally:
        db.dispose()


async def _active_or_standby(bot: Any, token: str) -> int:
    """Connect once this process holds the bot's lease (per token and shard set): a second
    process started the same way waits as a standby and takes over when the first one dies."""
    from bot.adapters.standby import Standby, lease_of, run_active, this_process
    from bot.core.clock import SystemClock
    from bot.store.crisis_inbox import SqlLeases

    shards = ",".join(str(i) for i in bot.settings.shard_ids or ())
    name = lease_of("discord", f"{token}#{shards}")
    standby = Standby(SqlLeases(bot.service.db), name, this_process("discord"), SystemClock())

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


def run_bot(bot: Any, token: str) -> int:
    """Run `bot` (a `VigieDiscord`) in a fresh event loop once it is the active process of its
    token and shards (else as a standby); map start-up refusals to exit 2."""
    return asyncio.run(_active_or_standby(bot, token))


async def serve(bot: Any, token: str) -> int:
    """Run `bot` in the current loop; the exit code (start-up refusals → 2 with a message,
    Discord unreachable → 1)."""
    import aiohttp
    import discord

    try:
        await bot.run(token)
    except discord.LoginFailure:
        print(BAD_TOKEN, file=sys.stderr)
        return EXIT_BAD_INPUT
    except discord.PrivilegedIntentsRequired:
        print(NO_INTENTS, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (aiohttp.ClientError, OSError, discord.GatewayNotFound) as exc:
        # Before the first connection only: once connected, discord.py reconnects on its own.
        print(f"cannot reach Discord: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except discord.HTTPException as exc:
        print(f"Discord refused to start the bot: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)  # migrations are not news
    # Vigie never joins voice channels: discord.py's warnings about voice libraries are noise.
    logging.getLogger("discord.client").addFilter(
        lambda record: "voice will NOT be supported" not in record.getMessage()
    )


def _models_dir(args: argparse.Namespace) -> Path | None:
    if args.no_models:
        return None
    return Path(args.models or os.environ.get("VIGIE_MODELS_DIR", "models"))
