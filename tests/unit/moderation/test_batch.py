"""The batch path gives the decisions of the one-by-one path, on every sample stream and charter."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.jsonl import iter_messages
from bot.app import build_engine, load_scorer
from bot.charter.loader import load_charter
from bot.core.decision import decision_to_dict
from bot.core.message import Author, Message
from bot.moderation.batch import normalize_many, prepare, prepared_batches, score_many
from bot.text.normalize import normalize
from tests.unit.moderation.conftest import START

ROOT = Path(__file__).resolve().parents[3]
STREAMS = sorted((ROOT / "charters" / "samples").glob("*.jsonl"))
CHARTERS = sorted((ROOT / "charters").glob("*/opalia.yaml"))


def _messages(path: Path) -> list[Message]:
    def refuse(error: object) -> None:
        raise AssertionError(f"malformed sample line: {error}")

    with path.open(encoding="utf-8") as stream:
        return list(iter_messages(stream, str(path), refuse))


def _same(one: Any, other: Any, where: str = "") -> Iterator[str]:
    """Where two decision dicts differ; scores may differ in their last bits (the batch sums
    the same terms in another order), nothing else may."""
    if isinstance(one, float) or isinstance(other, float):
        if not math.isclose(one, other, rel_tol=1e-9, abs_tol=1e-12):
            yield f"{where}: {one} != {other}"
    elif isinstance(one, dict) and isinstance(other, dict):
        if one.keys() != other.keys():
            yield f"{where}: keys {sorted(one.keys() ^ other.keys())}"
        for key in one.keys() & other.keys():
            yield from _same(one[key], other[key], f"{where}.{key}")
    elif isinstance(one, list | tuple) and isinstance(other, list | tuple):
        if len(one) != len(other):
            yield f"{where}: {len(one)} items != {len(other)}"
        for index, (a, b) in enumerate(zip(one, other, strict=False)):
            yield from _same(a, b, f"{where}[{index}]")
    elif one != other:
        yield f"{where}: {one!r} != {other!r}"


@pytest.fixture(scope="module")
def scorer() -> Any:
    loaded, reason = load_scorer(ROOT / "models")
    assert loaded is not None, reason
    return loaded


@pytest.mark.parametrize("with_models", [True, False], ids=["classifiers", "rules-only"])
@pytest.mark.parametrize("charter_path", CHARTERS, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("stream", STREAMS, ids=lambda p: p.stem)
def test_batch_and_one_by_one_decide_the_same(
    stream: Path, charter_path: Path, with_models: bool, scorer: Any
) -> None:
    messages = _messages(stream)
    charter = load_charter(charter_path)
    models = scorer if with_models else None
    one_by_one, batched = build_engine(charter, models), build_engine(charter, models)
    expected = [one_by_one.process(m) for m in messages]
    # A batch size that does not divide the stream: the last batch is a short one.
    got = [batched.process(m, p.text, p.scores) for m, p in prepared_batches(messages, models, 97)]
    assert len(got) == len(expected) == len(messages)
    differences = [
        f"{decision.message.id}{where}"
        for decision, other in zip(expected, got, strict=True)
        for where in _same(
            decision_to_dict(decision, trace=True, full=True),
            decision_to_dict(other, trace=True, full=True),
        )
    ]
    assert differences == []
    assert any(d.actions for d in got)  # the streams exercise the rules, not only silence


def test_a_batch_normalises_each_distinct_text_once() -> None:
    texts = normalize_many(["Spam spam", "autre", "Spam spam"])
    assert texts[0] is texts[2] and texts[0] == normalize("Spam spam")
    assert texts[1] == normalize("autre")


def test_batch_scores_are_the_scores_of_each_text(scorer: Any) -> None:
    texts = normalize_many(["espèce de connard", "merci pour votre aide", ""])
    for text, scores in zip(texts, score_many(scorer, texts), strict=True):
        single = scorer.score(text.folded)
        assert scores.keys() == single.keys()
        assert all(math.isclose(scores[k], single[k], abs_tol=1e-12) for k in single)


def test_without_a_scorer_nothing_is_scored() -> None:
    message = Message(id="m1", ts=START, author=Author(id="u1"), text="bonjour")
    assert [p.scores for p in prepare([message], None)] == [None]
    assert score_many(None, normalize_many(["a"])) == [{}]


def test_messages_read_before_a_failure_are_still_decided() -> None:
    def stream() -> Iterator[Message]:
        for n in range(3):
            yield Message(id=f"m{n}", ts=START, author=Author(id="u1"), text=f"message {n}")
        raise ValueError("line 4: malformed")

    seen = []
    with pytest.raises(ValueError, match="line 4"):
        for message, _ in prepared_batches(stream(), None, size=10):
            seen.append(message.id)
    assert seen == ["m0", "m1", "m2"]


def test_a_replay_asks_the_store_once_per_batch_which_messages_it_has(tmp_path: Path) -> None:
    from bot.adapters.replay import ReplaySummary, replay
    from bot.app import ModerationPipeline, attach_store
    from bot.store.database import open_database

    messages = _messages(STREAMS[0])
    db = open_database(f"sqlite:///{tmp_path / 'vigie.db'}")
    charter = load_charter(CHARTERS[0])
    asked: list[str] = []
    runs = []
    for _ in range(2):  # the second replay finds every message recorded by the first
        pipeline = ModerationPipeline(build_engine(charter, None), batch_size=100)
        attach_store(pipeline, db, charter)
        one_by_one = pipeline.recorded
        assert one_by_one is not None
        pipeline.recorded = lambda m, ask=one_by_one: asked.append(m.id) or ask(m)
        summary = replay(messages, pipeline, None, ReplaySummary(), batch_size=64)
        runs.append(summary)
    assert asked == []  # never one query per message
    first, second = runs
    assert first.messages == second.messages == len(messages)
    assert sum(first.by_rule.values()) > 0
    recorder_keys = pipeline.recorded_among(messages)  # type: ignore[misc]
    assert {(m.platform, m.community, m.id, m.version) for m in messages} <= recorder_keys
    db.dispose()


@pytest.mark.parametrize("charter_path", CHARTERS, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("stream", STREAMS, ids=lambda p: p.stem)
def test_the_what_if_shares_work_without_changing_an_outcome(
    stream: Path, charter_path: Path, scorer: Any
) -> None:
    """Shared clauses, rules and history, no explanations: the what-if still finds what two
    separate engines deciding one message at a time find."""
    from bot.charter.loader import parse_charter
    from bot.review.web.whatif_replay import Outcome, compare

    messages = _messages(stream)
    text = charter_path.read_text(encoding="utf-8")
    current = load_charter(charter_path)
    first_rule = current.rules[0].id
    candidate = parse_charter(
        text.replace(f"id: {first_rule}", f"id: {first_rule}\n    enabled: false", 1)
    )
    before, after = build_engine(current, scorer), build_engine(candidate, scorer)
    expected = [
        (m.id, old, new)
        for m in messages
        if (old := Outcome.of(before.process(m))) != (new := Outcome.of(after.process(m)))
    ]
    done = compare(messages, current, candidate, scorer)
    assert [(c.message.id, c.before, c.after) for c in done.changes] == expected
    assert done.replayed == len(messages)


def _stored_replay(
    messages: list[Message], charter_path: Path, scorer: Any, db_path: Path, batch: int
) -> list[dict[str, Any]]:
    """The decisions of a replay recorded in a fresh SQLite database, strikes read from it."""
    from bot.adapters.replay import ReplaySummary, replay
    from bot.app import ModerationPipeline, attach_store
    from bot.store.database import open_database

    db = open_database(f"sqlite:///{db_path}")
    charter = load_charter(charter_path)
    pipeline = ModerationPipeline(build_engine(charter, scorer), batch_size=50)
    attach_store(pipeline, db, charter)
    decisions: list[dict[str, Any]] = []
    keep = lambda d: decisions.append(decision_to_dict(d, trace=True, full=True))  # noqa: E731
    replay(messages, pipeline, None, ReplaySummary(), keep, batch_size=batch)
    db.dispose()
    return decisions


@pytest.mark.parametrize("charter_path", CHARTERS, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("stream", STREAMS, ids=lambda p: p.stem)
def test_a_stored_replay_in_batches_decides_as_one_by_one(
    stream: Path, charter_path: Path, scorer: Any, tmp_path: Path
) -> None:
    """The batch path reads the strikes of a batch's authors at once (and again after each write
    of 50 decisions, which batches of 64 straddle): the ladder climbs as when asked one by one."""
    messages = _messages(stream)
    expected = _stored_replay(messages, charter_path, scorer, tmp_path / "one.db", 1)
    got = _stored_replay(messages, charter_path, scorer, tmp_path / "batch.db", 64)
    assert len(got) == len(expected) == len(messages)
    differences = [
        f"{one['message']['id']}{where}"
        for one, other in zip(expected, got, strict=True)
        for where in _same(one, other)
    ]
    assert differences == []
    if stream.stem != "calm_day":  # the calm day has no repeat offender
        assert any(d["strikes"] > 1 for d in got)  # some author climbs the ladder
