"""The log channel of each community: every sanction Vigie executed is written there in one line
(what, on whom, which rule), so the team reads the bot's work where it works, per community.

It wraps the platform's gateway and posts through the same gateway's `post_statement`: no new
platform code, and a log line that cannot be posted never fails the action it describes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.core.decision import ActionRequest
from bot.core.ports import ActionResult, Gateway, Outcome
from bot.i18n.catalog import messages

log = logging.getLogger("vigie.actionlog")
LOGGED = frozenset({"delete", "hold", "warn", "timeout", "kick", "ban", "slow_mode", "lock"})


@dataclass(frozen=True, slots=True)
class LogTarget:
    """Where one community's actions are logged, and in which language."""

    platform: str
    channel: str
    language: str = "fr"


def log_line(request: ActionRequest, detail: str, lang: str) -> str:
    """The line written for an executed action (no message text: the log outlives retention)."""
    return messages().text(
        lang,
        "actionlog.line",
        kind=messages().text(lang, f"desk.action_{request.kind}"),
        user=request.user_id or "-",
        rule=request.rule or "-",
        detail=detail,
    )


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
        line = log_line(request, result.detail or "ok", target.language)
        try:
            posted = await self._inner.execute(log_request(request, target, line))
        except Exception:  # the action is done: its log line must not turn it into a retry
            log.exception("could not write the action log of %s", request.community)
            return result
        if posted.outcome is not Outcome.DONE:
            log.warning("action log of %s not written: %s", request.community, posted.detail)
        return result
