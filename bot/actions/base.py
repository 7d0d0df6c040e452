"""What every action module provides (`NAME`, `Config`, `plan`) and what `plan` receives."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from bot.core.decision import ActionRequest
from bot.core.message import Message


@dataclass(frozen=True, slots=True)
class ActionContext:
    """The situation an action is planned for: a message's decision or a crisis level change."""

    community: str
    platform: str
    at: datetime
    key: str  # unique per decision or crisis event; the action kind is appended
    channel: str | None = None
    message: Message | None = None
    rule: str | None = None
    severity: int = 0
    reason: str = ""
    notice: str | None = None

    @classmethod
    def for_message(cls, message: Message, at: datetime, **fields: Any) -> ActionContext:
        """The context of a decision on `message` (edits get a new key: they are decided again)."""
        key = bounded_key(f"{message.key}@{int(message.ts.timestamp() * 1000)}")
        return cls(message.community, message.platform, at, key, message.channel, message, **fields)

    def with_rule(self, rule: str, severity: int, reason: str) -> ActionContext:
        """The same context, attributed to one rule."""
        return replace(self, rule=rule, severity=severity, reason=reason)


# The outbox key column holds 255 characters, and the action kind (and a platform) are appended.
_MAX_KEY = 200


def bounded_key(key: str) -> str:
    """`key`, or its SHA-256 when it is too long for the outbox (long ids are still distinct)."""
    if len(key) <= _MAX_KEY:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class NoConfig(BaseModel):
    """An action that takes no settings."""

    model_config = ConfigDict(extra="forbid")


class ActionModule(Protocol):
    """The shape of an action module."""

    NAME: str
    Config: type[BaseModel]
    TARGETS_AUTHOR: bool  # whether the author must be told (statement of reasons)

    def plan(self, config: Any, context: ActionContext) -> ActionRequest: ...


def request(kind: str, context: ActionContext, **fields: Any) -> ActionRequest:
    """An ActionRequest of `kind` filled from the context; `fields` override or add."""
    message = context.message
    base: dict[str, Any] = {
        "kind": kind,
        "key": f"{context.key}:{kind}",
        "community": context.community,
        "platform": context.platform,
        "channel": context.channel,
        "message_id": message.id if message else None,
        "user_id": message.author.id if message else None,
        "rule": context.rule,
        "reason": context.reason,
    }
    base.update(fields)
    return ActionRequest(**base)


def seconds(delta: timedelta) -> int:
    """Whole seconds of a duration, as platforms take them."""
    return int(delta.total_seconds())
