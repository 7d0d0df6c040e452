"""Replay of a recorded message stream through the pipeline: decisions.jsonl out, a summary back.

The same engine as the live bot runs on event time, so a replay is deterministic: the same file and
charter always give the same decisions.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.adapters.jsonl import LineError
from bot.app import ModerationPipeline
from bot.core.decision import Decision, decision_to_dict
from bot.core.message import Message
from bot.moderation.batch import BATCH_SIZE, Prepared, prepared_batches

log = logging.getLogger("vigie")


@dataclass
class ReplaySummary:
    """What a replay saw and decided."""

    messages: int = 0
    acted: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    by_action: Counter[str] = field(default_factory=Counter)
    errors: list[LineError] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)  # messages the engine failed on
    unrecorded: int = 0  # decisions still waiting for an unreachable database at the end
    degraded: set[str] = field(default_factory=set)

    def add(self, decision: Decision) -> None:
        """Count one decision."""
        self.messages += 1
        self.acted += bool(decision.actions)
        self.by_rule.update(decision.matched)
        self.by_action.update(action.kind for action in decision.actions)
        self.degraded.update(decision.degraded)


def replay(
    messages: Iterable[Message],
    pipeline: ModerationPipeline,
    out: TextIO | None,
    summary: ReplaySummary,
    on_decision: Callable[[Decision], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ReplaySummary:
    """Run `messages` through `pipeline`, writing one decisions.jsonl line per message to `out`.

    Messages are normalised and scored `batch_size` at a time (the same decisions, faster: see
    `bot.moderation.batch`); 1 decides each message on its own, as the live bot does. A message
    the engine cannot decide is reported and skipped: the stream goes on."""
    for _, decision in decided(messages, pipeline, summary, batch_size):
        if decision is None:
            continue
        if out is not None:
            out.write(decision_line(decision))
        if on_decision is not None:
            on_decision(decision)
    return summary


def decided(
    messages: Iterable[Message],
    pipeline: ModerationPipeline,
    summary: ReplaySummary,
    batch_size: int = BATCH_SIZE,
) -> Iterator[tuple[Message, Decision | None]]:
    """Each message with its decision (None: the engine failed on it, reported in `summary`),
    in order, counted in `summary`; the decisions left are written once the stream ends."""
    stream: Iterable[tuple[Message, Prepared | None]] = (
        prepared_batches(messages, pipeline.engine.scorer, batch_size, pipeline.expect)
        if batch_size > 1
        else ((message, None) for message in messages)
    )
    for message, prepared in stream:
        try:
            decision = pipeline.handle(message, prepared)
        except Exception as exc:  # one message must not cost the rest of the stream
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            summary.undecided.append(f"{message.key}: {type(exc).__name__}: {first}")
            log.error("message %s not decided: %s", message.key, summary.undecided[-1])
            yield message, None
            continue
        summary.add(decision)
        yield message, decision
    pipeline.flush(force=True)
    summary.unrecorded = pipeline.queued


def decision_line(decision: Decision) -> str:
    """The decisions.jsonl line of a decision (with its newline)."""
    return json.dumps(decision_to_dict(decision), ensure_ascii=False) + "\n"


def decisions_path(out_dir: Path) -> Path:
    """Where a replay writes its decisions."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir / "decisions.jsonl"
