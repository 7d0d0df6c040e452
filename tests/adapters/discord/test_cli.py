"""`vigie run discord`: what a person must fix at start-up (no token, a refused token, the
privileged intents not enabled) is one clear message and exit code 2; the options become the
adapter's settings."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import bot.cli
from bot.adapters.discord import cli
from bot.adapters.discord.client import VigieDiscord
from bot.adapters.discord.settings import DiscordSettings, mod_channel_from
from bot.cli import main
from bot.service import CommunityService
from tests.adapters.discord.conftest import CHARTER, test_settings
from tests.fakes.discord_server import FakeDiscordServer, patched_discord_endpoints


@pytest.fixture(autouse=True)
def only_this_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    """`vigie` with only `run discord` registered: the other floors' commands import what this
    test does not need (the ML floor imports scikit-learn)."""
    monkeypatch.setattr(bot.cli, "_plugins", lambda: [cli.register])


@pytest.fixture(autouse=True)
def english_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages below are read in English (the locale's language)."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


WORDED = [
    ("no_token", {}, "fr", "aucun jeton Discord : définissez DISCORD_TOKEN"),
    ("no_token", {}, "en", "no Discord token: set DISCORD_TOKEN"),
    ("bad_token", {}, "fr", "Discord a refusé le jeton de DISCORD_TOKEN"),
    ("bad_token", {}, "en", "Discord refused the token in DISCORD_TOKEN"),
    ("no_intents", {}, "fr", "Sans l’intent du contenu des messages"),
    ("no_intents", {}, "en", "MESSAGE CONTENT INTENT and SERVER MEMBERS INTENT"),
    ("shard_ids", {}, "fr", "--shard-ids demande --shards N (le nombre total de shards)"),
    ("shard_ids", {}, "en", "--shard-ids needs --shards N (the total number of shards)"),
    (
        "degraded",
        {"detail": "x"},
        "fr",
        "mode dégradé : les règles du classifieur sont désactivées (x)",
    ),
    ("degraded", {"detail": "x"}, "en", "degraded: classifier rules are off (x)"),
    ("unreachable", {"detail": "x"}, "fr", "impossible de joindre Discord : x"),
    ("unreachable", {"detail": "x"}, "en", "cannot reach Discord: x"),
    ("refused", {"detail": "x"}, "fr", "Discord a refusé de démarrer le bot : x"),
    ("refused", {"detail": "x"}, "en", "Discord refused to start the bot: x"),
]


@pytest.mark.parametrize(("key", "values", "lang", "expected"), WORDED)
def test_start_up_messages_read_in_the_locales_language(
    key: str, values: dict[str, str], lang: str, expected: str
) -> None:
    environ = {"LANG": {"fr": "fr_FR.UTF-8", "en": "en_GB.UTF-8"}[lang]}
    assert expected in cli.wording(key, environ, **values)


def test_start_up_messages_are_french_without_a_known_locale() -> None:
    assert cli.wording("shard_ids", {"LANG": "C"}).startswith("--shard-ids demande")


def test_no_token_is_a_clear_error_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main(["run", "discord", "--charter", str(CHARTER), "--no-models"]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN" in err and ".env" in err and "Traceback" not in err


def test_the_token_can_come_from_a_dotenv_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    (tmp_path / ".env").write_text("DISCORD_TOKEN=from-the-file\n", encoding="utf-8")
    seen: list[str] = []
    monkeypatch.setattr(cli, "run_bot", lambda bot, token, *around: seen.append(token) or 0)
    db = f"sqlite:///{tmp_path / 'vigie.db'}"
    assert main(["run", "discord", "--charter", str(CHARTER), "--no-models", "--db", db]) == 0
    assert seen == ["from-the-file"]


async def run_against(server: FakeDiscordServer, service: CommunityService, token: str) -> int:
    bot = VigieDiscord(service, test_settings(), guild_ready_timeout=0.01)
    with patched_discord_endpoints(server):
        return await cli.serve(bot, token)


async def test_a_refused_token_is_a_clear_error(
    service: CommunityService, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FakeDiscordServer(token="the-real-one") as server:
        assert await run_against(server, service, "a-wrong-one") == 2
    assert "Discord refused the token in DISCORD_TOKEN" in capsys.readouterr().err


async def test_missing_privileged_intents_name_the_developer_portal_setting(
    service: CommunityService, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FakeDiscordServer(
        message_content_intent=False, enforce_privileged_intents=True
    ) as server:
        assert await run_against(server, service, "token") == 2
    err = capsys.readouterr().err
    assert "MESSAGE CONTENT INTENT" in err and "Privileged Gateway Intents" in err


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        ([], {}, DiscordSettings(mod_channel="moderation")),
        ([], {"VIGIE_DISCORD_MOD_CHANNEL": "#modos"}, DiscordSettings(mod_channel="modos")),
        (
            ["--mod-channel", "123456789012345678"],
            {"VIGIE_DISCORD_MOD_CHANNEL": "modos"},
            DiscordSettings(mod_channel="123456789012345678"),
        ),
        (["--shards", "auto"], {}, DiscordSettings(sharded=True)),
        (
            ["--shards", "4", "--shard-ids", "0,1"],
            {},
            DiscordSettings(shard_count=4, shard_ids=(0, 1), sharded=True),
        ),
        (
            ["--guild", "42", "--main-channel", "annonces"],
            {},
            DiscordSettings(command_guild=42, main_channel="annonces"),
        ),
    ],
    ids=["defaults", "env-channel", "option-wins", "auto-shards", "shard-ids", "guild-main"],
)
def test_options_become_settings(
    argv: list[str], env: dict[str, str], expected: DiscordSettings
) -> None:
    args = bot.cli.build_parser().parse_args(["run", "discord", "--charter", "c.yaml", *argv])
    assert args.handler is cli.cmd_run_discord
    assert cli.settings_from(args, env) == expected


def test_the_run_group_is_shared_with_other_platforms() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command")
    other = commands.add_parser("run").add_subparsers(dest="platform")
    other.add_parser("elsewhere")  # another platform registered `run` first
    cli.register(commands)
    assert parser.parse_args(["run", "elsewhere"]).platform == "elsewhere"
    args = parser.parse_args(["run", "discord", "--charter", "c.yaml"])
    assert args.handler is cli.cmd_run_discord
    assert mod_channel_from(None, {}) == "moderation"
