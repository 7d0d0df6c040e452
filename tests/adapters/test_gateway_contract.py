"""The contract between the action registry and the platform gateways: every action a charter or
a playbook can plan is carried out by each gateway, or refused there with a clear reason. A new
action added to the registry without gateway support fails this test."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from telegram import Bot

from bot.actions.registry import ACTIONS
from bot.adapters.discord import gateway as discord_gateway
from bot.adapters.discord.channels import ChannelDirectory
from bot.adapters.discord.gateway import DiscordGateway
from bot.adapters.discord.settings import DiscordSettings
from bot.adapters.telegram import gateway as telegram_gateway
from bot.adapters.telegram.gateway import TelegramGateway
from bot.core.decision import ActionRequest
from bot.core.ports import Outcome
from bot.desk.plans import DESK_KINDS
from tests.clocks import pinned_clock


class NoDesk:
    """Cards are the review desk's job; the contract only needs the gateway's routing."""

    async def post_escalation(self, request: ActionRequest) -> str:
        return "posted"

    post_case = post_crisis = post_modlog = post_escalation


def discord_side() -> tuple[Any, dict[str, str]]:
    client = discord.Client(intents=discord.Intents.none())
    directory = ChannelDirectory(client, DiscordSettings(), "fr")
    return DiscordGateway(client, directory, NoDesk(), pinned_clock()), discord_gateway.REFUSED


def telegram_side() -> tuple[Any, dict[str, str]]:
    bot = Bot("123:contract")  # never started: the contract makes no call
    return TelegramGateway(bot, None, pinned_clock()), telegram_gateway.REFUSED  # type: ignore[arg-type]


SIDES = {"discord": discord_side, "telegram": telegram_side}


@pytest.mark.parametrize("platform", sorted(SIDES))
@pytest.mark.parametrize("kind", sorted(ACTIONS))
def test_every_registered_action_is_handled_or_refused_with_a_reason(
    platform: str, kind: str
) -> None:
    gateway, refused = SIDES[platform]()
    if gateway.supports(kind):
        assert kind not in refused, f"{kind} is both handled and refused on {platform}"
        return
    assert len(refused.get(kind, "").split()) >= 3, (
        f"the action {kind!r} of the registry is neither handled by the {platform} gateway nor "
        f"refused there with a reason: add it to the gateway, or to its REFUSED table"
    )


@pytest.mark.parametrize("platform", sorted(SIDES))
@pytest.mark.parametrize("kind", DESK_KINDS)
def test_every_action_the_desk_plans_is_handled(platform: str, kind: str) -> None:
    gateway, _ = SIDES[platform]()
    assert gateway.supports(kind), f"the desk plans {kind!r} but the {platform} gateway lacks it"


@pytest.mark.parametrize("platform", sorted(SIDES))
async def test_an_action_no_gateway_knows_fails_with_its_name_and_platform(platform: str) -> None:
    gateway, _ = SIDES[platform]()
    request = ActionRequest("frobnicate", "contract:1", "123", platform)
    result = await gateway.execute(request)
    assert result.outcome is Outcome.FAILED
    assert "'frobnicate'" in result.detail and platform.capitalize() in result.detail
