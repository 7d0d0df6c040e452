"""How a review card looks on Discord: the core's `CaseCard` (or a crisis notification) as an
embed, and its buttons. The buttons are `DynamicItem`s whose custom_id carries the case
(`vigie:case:<id>:<verdict>`, `vigie:ack:<crisis case>`): registered once with
`client.add_dynamic_items`, they answer clicks on cards posted before a restart.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import discord

from bot.adapters.discord.operations import clip
from bot.adapters.discord.translate import snowflake
from bot.core.timeparse import parse_timestamp
from bot.desk.cards import CaseCard
from bot.i18n.catalog import messages
from bot.store.casefile import Case, Verdict

CASE_BUTTON = r"vigie:case:(?P<case>\d+):(?P<verdict>confirm|overturn|escalate)"
ACK_BUTTON = r"vigie:ack:(?P<case>[A-Za-z0-9_.:\-]{1,80})"
_STYLES = {
    Verdict.CONFIRM: discord.ButtonStyle.success,
    Verdict.OVERTURN: discord.ButtonStyle.danger,
    Verdict.ESCALATE: discord.ButtonStyle.primary,
}
_COLORS = {"escalation": 0xE67E22, "report": 0x3498DB, "appeal": 0x9B59B6, "crisis": 0xE74C3C}

VerdictHandler = Callable[[discord.Interaction, int, Verdict], Awaitable[None]]
AckHandler = Callable[[discord.Interaction, str], Awaitable[None]]


def jump_url(guild: str, channel: str | None, message: str | None) -> str | None:
    """The link to a message, when its ids are Discord ids."""
    ids = [snowflake(guild), snowflake(channel), snowflake(message)]
    if any(part is None for part in ids):
        return None
    return "https://discord.com/channels/{}/{}/{}".format(*ids)


def _field_value(label: str, value: str, case: Case, card: CaseCard) -> str:
    """Discord renders ids as mentions and times in the reader's time zone."""
    if value == case.channel and snowflake(value) is not None:
        return f"<#{value}>"
    if card.deadline is not None and label == messages().text(card.lang, "card.deadline"):
        deadline = card.deadline
        return (
            f"{discord.utils.format_dt(deadline, 'f')} ({discord.utils.format_dt(deadline, 'R')})"
        )
    return value


def case_embed(card: CaseCard, case: Case, lang: str, outcome: str | None = None) -> discord.Embed:
    """The card of a case: the message quoted, its author and link, then the core's fields."""
    embed = discord.Embed(
        title=clip(f"#{card.case_id} · {card.title}", 256), color=_COLORS.get(card.kind, 0x95A5A6)
    )
    lines = [f">>> {card.message_text}"] if card.message_text else []
    context = []
    if snowflake(case.author_id) is not None:
        context.append(f"<@{case.author_id}>")
    link = jump_url(case.community, case.channel, case.message_id)
    if link:
        context.append(f"[{messages().text(lang, 'discord.card.jump')}]({link})")
    if context:
        lines.insert(0, " · ".join(context))
    embed.description = clip("\n".join(lines), 4096) or None
    for label, value in card.fields:
        embed.add_field(
            name=clip(label, 256), value=clip(_field_value(label, value, case, card), 1024)
        )
    if outcome:
        embed.add_field(
            name=messages().text(lang, "discord.card.status"),
            value=clip(outcome, 1024),
            inline=False,
        )
    embed.set_footer(text=messages().text(lang, "discord.card.footer", case=card.case_id))
    return embed


def crisis_embed(params: dict[str, Any], lang: str, outcome: str | None = None) -> discord.Embed:
    """The card of a crisis notification: the plan's text, the role called, the deadline."""
    embed = discord.Embed(
        title=clip(messages().text(lang, "discord.crisis.title", role=params.get("role", "")), 256),
        description=clip(str(params.get("text", "")), 4096),
        color=_COLORS["crisis"],
    )
    if params.get("person"):
        embed.add_field(
            name=messages().text(lang, "discord.crisis.person"),
            value=clip(str(params["person"]), 1024),
        )
    deadline = deadline_of(params)
    if deadline is not None:
        embed.add_field(
            name=messages().text(lang, "discord.crisis.deadline"),
            value=f"{discord.utils.format_dt(deadline, 't')} ({discord.utils.format_dt(deadline, 'R')})",
        )
    embed.add_field(
        name=messages().text(lang, "discord.crisis.case"), value=f"`{params.get('case', '?')}`"
    )
    if outcome:
        embed.add_field(
            name=messages().text(lang, "discord.card.status"),
            value=clip(outcome, 1024),
            inline=False,
        )
    return embed


def deadline_of(params: dict[str, Any]) -> datetime | None:
    """The acknowledgement deadline of a notification, if it has one."""
    raw = params.get("deadline")
    return parse_timestamp(raw) if raw else None


# The button classes are made per bot instance (see `button_classes`): typed loosely, as
# discord.py's stubs cannot describe a DynamicItem subclass built in a function.
ButtonType = type[Any]


def button_classes(on_verdict: VerdictHandler, on_ack: AckHandler) -> tuple[ButtonType, ButtonType]:
    """The two button types of the cards, bound to their handlers (one pair per bot instance:
    no global state)."""
    return _case_button(on_verdict), _ack_button(on_ack)


def _case_button(on_verdict: VerdictHandler) -> ButtonType:
    class CaseButton(discord.ui.DynamicItem[discord.ui.Button], template=CASE_BUTTON):  # type: ignore[type-arg]
        def __init__(self, case_id: int, verdict: Verdict, label: str = "") -> None:
            custom_id = f"vigie:case:{case_id}:{verdict.value}"
            button: discord.ui.Button[Any] = discord.ui.Button(
                label=label or verdict.value, style=_STYLES[verdict], custom_id=custom_id
            )
            super().__init__(button)
            self.case_id, self.verdict = case_id, verdict

        @classmethod
        async def from_custom_id(
            cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
        ) -> CaseButton:
            return cls(int(match["case"]), Verdict(match["verdict"]))

        async def callback(self, interaction: discord.Interaction) -> None:
            await on_verdict(interaction, self.case_id, self.verdict)

    return CaseButton


def _ack_button(on_ack: AckHandler) -> ButtonType:
    class AckButton(discord.ui.DynamicItem[discord.ui.Button], template=ACK_BUTTON):  # type: ignore[type-arg]
        def __init__(self, case_id: str, label: str = "ack") -> None:
            button: discord.ui.Button[Any] = discord.ui.Button(
                label=clip(label, 80),
                style=discord.ButtonStyle.danger,
                custom_id=f"vigie:ack:{case_id}",
            )
            super().__init__(button)
            self.case_id = case_id

        @classmethod
        async def from_custom_id(
            cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
        ) -> AckButton:
            return cls(match["case"])

        async def callback(self, interaction: discord.Interaction) -> None:
            await on_ack(interaction, self.case_id)

    return AckButton
