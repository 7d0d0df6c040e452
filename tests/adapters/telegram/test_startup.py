"""Start-up: the checks of rights and privacy mode, and `vigie run telegram` itself (a missing or
refused token, a clean start and stop against the fake Bot API)."""

from __future__ import annotations

import argparse
import asyncio

import pytest
from telegram.ext import ApplicationBuilder

from bot.adapters.telegram.app import TelegramSettings, build_bot
from bot.adapters.telegram.cli import _builder, _run_commands, register, serve
from bot.adapters.telegram.setup import check_all
from bot.service import CommunityService
from tests.adapters.telegram.conftest import CHARTER
from tests.fakes.telegram_server import (
    GROUP_CHAT_ID,
    MODERATORS_CHAT_ID,
    OWNER_ID,
    BotRights,
    FakeTelegramServer,
    TgChat,
    application_builder,
    sample_chats,
    sample_users,
)


@pytest.fixture(autouse=True)
def english_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The start-up messages below are read in English (the locale's language)."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def chats(**group: object) -> list[TgChat]:
    """The sample chats, the moderated group changed by `group`."""
    moderated, moderators = sample_chats()
    for name, value in group.items():
        setattr(moderated, name, value)
    return [moderated, moderators]


@pytest.mark.parametrize(
    ("reads_all", "world", "groups", "mod_chat", "expected"),
    [
        (True, chats(), (GROUP_CHAT_ID,), MODERATORS_CHAT_ID, []),
        (False, chats(), (GROUP_CHAT_ID,), MODERATORS_CHAT_ID, ["mode confidentialité"]),
        (
            True,
            chats(bot_rights=None),
            (GROUP_CHAT_ID,),
            MODERATORS_CHAT_ID,
            ["pas administrateur"],
        ),
        (
            True,
            chats(bot_rights=BotRights(can_restrict_members=False)),
            (GROUP_CHAT_ID,),
            MODERATORS_CHAT_ID,
            ["« Bannir des utilisateurs »"],
        ),
        (True, chats(type="group"), (GROUP_CHAT_ID,), MODERATORS_CHAT_ID, ["groupe simple"]),
        (True, chats(), (-1009,), MODERATORS_CHAT_ID, ["injoignable"]),
        (True, chats(), (), -1009, ["salon des modérateurs -1009"]),
        (True, chats(), (), None, ["aucun salon des modérateurs"]),
    ],
    ids=[
        "all-good",
        "privacy-mode",
        "not-admin",
        "cannot-restrict",
        "basic-group",
        "group-unknown",
        "mod-chat-unknown",
        "no-mod-chat",
    ],
)
async def test_start_up_checks(
    reads_all: bool,
    world: list[TgChat],
    groups: tuple[int, ...],
    mod_chat: int | None,
    expected: list[str],
) -> None:
    async with FakeTelegramServer(chats=world, can_read_all_group_messages=reads_all) as server:
        application = application_builder(server).build()
        async with application:
            problems = await check_all(application.bot, groups, mod_chat, "fr")
    assert len(problems) == len(expected)
    for problem, fragment in zip(problems, expected, strict=True):
        assert fragment in problem


async def test_problems_are_posted_to_the_moderators_chat(service: CommunityService) -> None:
    async with FakeTelegramServer(chats=chats(bot_rights=None)) as server:
        settings = TelegramSettings(mod_chat=MODERATORS_CHAT_ID, groups=(GROUP_CHAT_ID,))
        bot = build_bot(service, settings, application_builder(server))
        async with bot.application:
            problems = await bot.startup_problems()
        posted = await server.wait_for_call("sendMessage")
    assert posted.params["chat_id"] == MODERATORS_CHAT_ID
    assert all(problem in posted.params["text"] for problem in problems) and len(problems) == 2
    menus = {
        call.params.get("language_code"): call.params for call in server.calls_to("setMyCommands")
    }
    assert set(menus) == {None, "fr", "en"}
    assert [c["command"] for c in menus["en"]["commands"]][:3] == ["rules", "report", "appeal"]


def run_telegram_parser() -> argparse.ArgumentParser:
    """`vigie run telegram` alone (the full `vigie` parser imports every floor: slower)."""
    parser = argparse.ArgumentParser(prog="vigie")
    register(parser.add_subparsers(dest="command", required=True))
    return parser


def test_missing_token_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    args = run_telegram_parser().parse_args(["run", "telegram", "--charter", str(CHARTER)])
    assert args.handler(args) == 2
    assert "TELEGRAM_TOKEN is not set" in capsys.readouterr().err


async def test_a_refused_token_is_a_clear_error(
    service: CommunityService, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FakeTelegramServer() as server:
        builder = ApplicationBuilder().token("1:wrong").base_url(server.base_url)
        bot = build_bot(service, TelegramSettings(), builder.base_file_url(server.base_file_url))
        assert await serve(bot, asyncio.Event()) == 2
    assert "Telegram refused TELEGRAM_TOKEN" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("failures", "code", "calls"), [(1, 0, 2), (3, 1, 3)], ids=["back-at-once", "gives-up"]
)
async def test_an_unreachable_api_is_retried_then_a_clear_error(
    service: CommunityService,
    capsys: pytest.CaptureFixture[str],
    failures: int,
    code: int,
    calls: int,
) -> None:
    stop = asyncio.Event()
    stop.set()  # stop as soon as started
    async with FakeTelegramServer() as server:
        server.fail("getMe", "Bad Gateway", error_code=502, times=failures)
        bot = build_bot(service, TelegramSettings(), application_builder(server))
        assert await serve(bot, stop, retry_delays=(0, 0)) == code
        assert len(server.calls_to("getMe")) >= calls
    err = capsys.readouterr().err
    assert err.count("retrying in 0s") == min(failures, 2)
    assert ("Vigie is running" in err) is (code == 0)


async def test_serve_starts_reports_and_stops_cleanly(
    service: CommunityService, capsys: pytest.CaptureFixture[str]
) -> None:
    stop = asyncio.Event()
    async with FakeTelegramServer(users=sample_users()) as server:
        settings = TelegramSettings(mod_chat=MODERATORS_CHAT_ID, groups=(GROUP_CHAT_ID,))
        bot = build_bot(service, settings, application_builder(server))
        running = asyncio.create_task(serve(bot, stop))
        await server.wait_for_call("getUpdates")
        await server.push_command(GROUP_CHAT_ID, OWNER_ID, "regles")
        await server.wait_for_call(
            "sendMessage", where=lambda c: c.params["chat_id"] == GROUP_CHAT_ID
        )
        stop.set()
        assert await asyncio.wait_for(running, 2) == 0
    err = capsys.readouterr().err
    assert "setup: le mode confidentialité" in err and "@vigie_test_bot" in err


@pytest.mark.parametrize("existing", [False, True], ids=["first", "after-another-platform"])
def test_run_telegram_shares_the_run_command(existing: bool) -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command")
    if existing:
        other = commands.add_parser("run").add_subparsers(dest="platform")
        other.add_parser("discord")
    _run_commands(commands).add_parser("telegram")
    assert parser.parse_args(["run", "telegram"]).platform == "telegram"


@pytest.mark.parametrize(
    ("api_url", "base"),
    [
        (None, "https://api.telegram.org/bot"),
        ("http://localhost:8081/", "http://localhost:8081/bot"),
    ],
    ids=["telegram", "self-hosted"],
)
def test_bot_api_server(api_url: str | None, base: str) -> None:
    application = _builder("1:token", api_url).build()
    assert application.bot.base_url == f"{base}1:token"
