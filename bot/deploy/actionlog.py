"""The log channel of each community: every sanction Vigie executed is written there in one line
(what, on whom, which rule, for how long), so the team reads the bot's work where it works, per
community, in the community's language.

The line is worded from the request, not from the gateway's answer: that answer is the platform
adapter's English note for the operators' log ("sent privately", "muted until … UTC"), which a
French team must not read in its channel; the request carries what the team needs to know.

It wraps the platform's gateway and posts through the same gateway's `post_statement`: no new
platform code, and a log line that cannot be posted never fails the action it describes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from bot.core.decision import ActionRequest
from bot.core.ports import ActionResult, Gateway, Outcome
from bot.i18n import formats
from bot.i18n.catalog import messages

log = logging.getLogger("vigie.actionlog")
LOGGED = frozenset({"delete", "hold", "warn", "timeout", "kick", "ban", "slow_mode", "lock"})


@dataclass(frozen=True, slots=True)
class LogTarget:
    """Where one community's actions are logged, and in which language."""

    platform: str
    channel: str
    language: str = "fr"


def log_line(request: ActionRequest, lang: str) -> str:
    """The line written for an executed action (no message text: the log outlives retention)."""
    line = messages().text(
        lang,
        "actionlog.line",
        kind=messages().text(lang, f"desk.action_{request.kind}"),
        user=request.user_id or "-",
        rule=request.rule or "-",
    )
    detail = _detail(request, lang)
    return f"{line} · {detail}" if detail else line


def _detail(request: ActionRequest, lang: str) -> str | None:
    """How long, or what state, when the action has one (a timeout's length, a lock's state)."""
    if request.duration is not None:
        return messages().text(
            lang, "actionlog.for", duration=formats.duration(request.duration, lang)
        )
    if request.kind == "slow_mode" and request.params.get("seconds"):
        delay = formats.duration(timedelta(seconds=int(request.params["seconds"])), lang)
        return messages().text(lang, "actionlog.slow_mode", delay=delay)
    if request.kind == "lock":
        return messages().text(
            lang, "actionlog.locked" if request.params.get("locked", True) else "actionlog.unlocked"
        )
    return None


def log_request(request: ActionRequest, target: LogTarget, text: str) -> ActionRequest:
    """A `post_statement` of `text` in the log channel (Discord: a channel of the guild;
    Telegram: a chat of its own)."""
    key = f"log:{request.key}"
    if target.platform == "telegram":
        return ActionRequest(
            "post_statement", key, target.channel, "telegram", params={"texts": {"log": text}}
        )
    return ActionRequest(
        "post_statement",
        key,
        request.community,
        request.platform,
        params={"texts": {target.language: text}, "channels": [target.channel]},
    )


class LoggedGateway:
    """Executes through `inner`, then logs each executed sanction in its community's channel."""

    def __init__(self, inner: Gateway, targets: Callable[[], Mapping[str, LogTarget]]) -> None:
        self._inner = inner
        self._targets = targets  # asked at each action: a reload may change them

    async def execute(self, request: ActionRequest) -> ActionResult:
        """Run the action; on success write its line in the log channel (best effort)."""
        result = await self._inner.execute(request)
        target = self._targets().get(request.community)
        if target is None or result.outcome is not Outcome.DONE or request.kind not in LOGGED:
            return result
        line = log_line(request, target.language)
        try:
            posted = await self._inner.execute(log_request(request, target, line))
        except Exception:  # the action is done: its log line must not turn it into a retry
            log.exception("could not write the action log of %s", request.community)
            return result
        if posted.outcome is not Outcome.DONE:
            log.warning("action log of %s not written: %s", request.community, posted.detail)
        return result
