"""`vigie run discord --deployment vigie.yaml` as an operator starts it: one process, two guilds of
the fake Discord, each message judged by its guild's charter, and /healthz and /metrics on the
bot's own listener. The command is run for real up to its event loop, which is the test's (the
fake Discord must run in the same one)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.adapters.discord import cli
from bot.cli import main
from tests.deploy.test_two_guilds import (
    BRAND_WORD,
    SECOND_GENERAL,
    SECOND_GUILD,
    deployment_text,
    second_charter,
    two_guilds,
)
from tests.fakes.discord_server import ALICE_ID, FakeDiscordServer, patched_discord_endpoints

TIMEOUT = 10.0  # only reached by a failing test


async def serve_one_message(server: FakeDiscordServer, port: int) -> tuple[Any, str]:
    """Once the bot is up, a message in the second guild; then what /healthz and /metrics say."""
    await server.wait_for_request("PUT", "/applications/{}/commands", timeout=TIMEOUT)  # ready
    posted = await server.dispatch_message(SECOND_GENERAL, ALICE_ID, BRAND_WORD)
    path = f"/channels/{SECOND_GENERAL}/messages/{posted['id']}"
    await server.wait_for_request("DELETE", path, timeout=TIMEOUT)
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
            health = await response.json()
        async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
            return health, await response.text()


async def test_one_command_serves_two_guilds_with_health_and_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unused_tcp_port: int
) -> None:
    file = tmp_path / "vigie.yaml"
    file.write_text(deployment_text(second_charter(tmp_path)), encoding="utf-8")
    monkeypatch.setenv("DISCORD_TOKEN", "token")
    started: dict[str, Any] = {}

    def run_bot(bot: Any, token: str, around: Any) -> int:
        # The command's own event loop is this test's: the fake Discord runs in it too.
        started.update(bot=bot, main=around(cli.serve(bot, token)))
        return 0

    monkeypatch.setattr(cli, "run_bot", run_bot)
    argv = [
        "run", "discord", "--deployment", str(file), "--no-models",
        "--db", f"sqlite:///{tmp_path / 'vigie.db'}", "--metrics-port", str(unused_tcp_port),
    ]  # fmt: skip
    assert main(argv) == 0
    async with FakeDiscordServer(*two_guilds()) as server:
        with patched_discord_endpoints(server):
            command = asyncio.create_task(started["main"])
            try:
                health, metrics = await serve_one_message(server, unused_tcp_port)
            finally:
                await started["bot"].client.close()
                code = await asyncio.wait_for(command, TIMEOUT)

    assert code == 0
    assert health["gateway"] == "connected" and health["database"] == "ok"
    line = f'vigie_messages_total{{community="{SECOND_GUILD}",platform="discord"}} 1.0'
    assert line in metrics
