"""The desk: the application layer every front end calls (member and moderator commands, verdicts,
manual sanctions, lookups, crisis commands), with its permission checks and typed refusals."""

from bot.desk.commands import NativeAction, Purge, Sanction, Standing, Unban
from bot.desk.context import DeskContext, Result
from bot.desk.desk import Desk
from bot.desk.refusals import Refusal
from bot.desk.roles import Actor, Role, Staff

__all__ = [
    "Actor",
    "Desk",
    "DeskContext",
    "NativeAction",
    "Purge",
    "Refusal",
    "Result",
    "Role",
    "Sanction",
    "Staff",
    "Standing",
    "Unban",
]
