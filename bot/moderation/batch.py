"""The batch path: many messages decided with exactly the decisions of the one-by-one path, faster.

What does not depend on the order of the messages is done for a whole batch first: the
normalisation (each distinct text once: a raid repeats its text) and the classifiers' scores (one
vectorisation and one sparse product for the batch, `FastScorer.score_batch`). The rules then run
message by message, in order, through `ModerationEngine.process`, because the sliding-window
history, the strikes and a crisis profile switched by the previous message do depend on the order.
Replay and the console's what-if use it; the live bot decides each message as it comes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

from bot.core.message import Message
from bot.core.ports import Scorer
from bot.text.normalize import NormalizedText, normalize

BATCH_SIZE = 1000  # messages prepared together: big enough for the sparse products to pay


@dataclass(frozen=True, slots=True)
class Prepared:
    """What the engine needs of a message besides the message: its normalised text and, when a
    scorer is loaded, its scores (None: the engine scores it itself, or runs degraded)."""

    text: NormalizedText
    scores: Mapping[str, float] | None = None


def normalize_many(texts: Sequence[str]) -> list[NormalizedText]:
    """`normalize` of every text, each distinct text once (a `NormalizedText` is immutable)."""
    done: dict[str, NormalizedText] = {}
    for text in texts:
        if text not in done:
            done[text] = normalize(text)
    return [done[text] for text in texts]


def score_many(scorer: Scorer | None, texts: Sequence[NormalizedText]) -> list[dict[str, float]]:
    """The scores of every folded text: one batch product when the scorer has `score_batch`
    (the fast scorer), else one call per text. Empty dicts without a scorer."""
    if scorer is None:
        return [{} for _ in texts]
    folded = [text.folded for text in texts]
    score_batch = getattr(scorer, "score_batch", None)
    if score_batch is None:
        return [dict(scorer.score(text)) for text in folded]
    labels = scorer.labels
    return [dict(zip(labels, row, strict=True)) for row in score_batch(folded).tolist()]


def prepare(messages: Sequence[Message], scorer: Scorer | None) -> list[Prepared]:
    """The normalised texts and scores of a batch of messages, in the same order."""
    texts = normalize_many([message.text for message in messages])
    if scorer is None:
        return [Prepared(text) for text in texts]
    return [Prepared(t, s) for t, s in zip(texts, score_many(scorer, texts), strict=True)]


def prepared_batches(
    messages: Iterable[Message],
    scorer: Scorer | None,
    size: int = BATCH_SIZE,
    on_batch: Callable[[list[Message]], None] | None = None,
) -> Iterator[tuple[Message, Prepared]]:
    """Each message with what was prepared for it, `size` messages at a time, in order.
    `on_batch` sees each batch before its messages are yielded (the pipeline looks up in one
    query which of them were recorded before).

    If reading the messages fails (a malformed line under --strict), the messages read before the
    failure are still yielded, then the error is raised: as the one-by-one path would have done.
    """
    iterator = iter(messages)
    while True:
        chunk: list[Message] = []
        failure: Exception | None = None
        try:
            for message in islice(iterator, size):
                chunk.append(message)
        except Exception as exc:  # re-raised below, once the messages before it are decided
            failure = exc
        if on_batch is not None and chunk:
            on_batch(chunk)
        yield from zip(chunk, prepare(chunk, scorer), strict=True)
        if failure is not None:
            raise failure
        if len(chunk) < size:
            return
