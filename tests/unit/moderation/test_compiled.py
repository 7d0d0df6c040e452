"""The fast path of one decision (issue 18: the compiled rule loop, the scorer's few-words path)
decides exactly as the previous path: the rule-by-rule evaluation and the array computation of
new words' vectors. Decision by decision, on every sample stream and every suite case, with the
explanations (the classifiers' top features and every rule's worded reason)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.app import build_engine, load_scorer
from bot.charter.loader import load_charter
from bot.core.decision import Decision, decision_to_dict
from bot.core.message import Author, Message
from bot.i18n.catalog import messages
from bot.ml.fast_scorer import FastScorer
from bot.ml.suite_cases import HOLDOUT, THREATS_BLIND
from bot.ml.suites import BLIND_SETS, SUITES
from bot.moderation.engine import ModerationEngine, SharedWork
from bot.moderation.trace import describe_outcome
from tests.unit.moderation.test_batch import CHARTERS, ROOT, STREAMS, _messages

_AT = datetime(2026, 4, 2, 15, 0, tzinfo=UTC)


class _ArrayPathScorer(FastScorer):
    """The scorer as it was before the few-words path: new words' vectors always from the
    sorted arrays of their gram occurrences."""

    def _few_vectors(self, words: list[str]) -> np.ndarray:
        owners, rows = self._occurrences(words)
        return self._new_vectors(owners, rows, len(words))


class _RuleByRule:
    """The engine's previous path: each rule applied on its own (what the what-if's shared
    evaluation still does), with a fresh `SharedWork` per message so nothing is shared."""

    def __init__(self, engine: ModerationEngine) -> None:
        self.engine = engine

    def process(self, message: Message) -> Decision:
        return self.engine.process(message, shared=SharedWork())


@pytest.fixture(scope="module")
def scorers() -> tuple[Any, Any]:
    loaded, reason = load_scorer(ROOT / "models")
    assert loaded is not None, reason
    return loaded, _ArrayPathScorer(loaded.models)


def _differences(
    messages: Iterable[Message], fast: ModerationEngine, previous: _RuleByRule
) -> list[str]:
    found = []
    for message in messages:
        new, old = fast.process(message), previous.process(message)
        if new != old:
            found.append(f"{message.id}: decisions differ")
        if decision_to_dict(new, trace=True, full=True) != decision_to_dict(
            old, trace=True, full=True
        ):
            found.append(f"{message.id}: records differ")
        for lang in ("fr", "en"):
            worded = [describe_outcome(o, lang) for o in new.outcomes]
            if worded != [describe_outcome(o, lang) for o in old.outcomes]:
                found.append(f"{message.id}: reasons differ in {lang}")
    return found


def _engines(charter_path: Path, scorers: tuple[Any, Any] | None) -> tuple[Any, _RuleByRule]:
    charter = load_charter(charter_path)
    fast_scorer, old_scorer = scorers if scorers else (None, None)
    return build_engine(charter, fast_scorer), _RuleByRule(build_engine(charter, old_scorer))


@pytest.mark.parametrize("with_models", [True, False], ids=["classifiers", "rules-only"])
@pytest.mark.parametrize("charter_path", CHARTERS, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("stream", STREAMS, ids=lambda p: p.stem)
def test_every_sample_stream_is_decided_as_before(
    stream: Path, charter_path: Path, with_models: bool, scorers: tuple[Any, Any]
) -> None:
    messages = _messages(stream)
    fast, previous = _engines(charter_path, scorers if with_models else None)
    assert _differences(messages, fast, previous) == []


def _suite_texts() -> list[str]:
    texts = [t for _, cases in SUITES.values() for t in cases]
    texts += [t for cases in THREATS_BLIND.values() for t in cases]
    texts += [t for _, cases in HOLDOUT.values() for t in cases]
    texts += [t for blind in BLIND_SETS.values() for _, cases in blind.values() for t in cases]
    return texts


@pytest.mark.parametrize("charter_path", CHARTERS, ids=lambda p: p.parent.name)
def test_every_suite_case_is_decided_as_before(
    charter_path: Path, scorers: tuple[Any, Any]
) -> None:
    author = Author(id="suite", joined=_AT - timedelta(days=400), created=_AT - timedelta(days=900))
    texts = _suite_texts()
    messages = [
        Message(id=f"case-{n}", ts=_AT + timedelta(minutes=n), author=author, text=text)
        for n, text in enumerate(texts)
    ]
    fast, previous = _engines(charter_path, scorers)
    assert len(texts) > 500
    assert _differences(messages, fast, previous) == []
    assert any(fast.process(m).matched for m in messages[:50])  # the cases exercise the rules


def test_an_exempt_role_is_exempt_on_both_paths() -> None:
    charter_path = ROOT / "charters" / "fr" / "opalia.yaml"
    fast, previous = _engines(charter_path, None)
    moderator = Author(id="mod", roles=("moderateur",))
    message = Message(id="m1", ts=_AT, author=moderator, text="espèce de connard")
    assert _differences([message], fast, previous) == []
    outcome = next(o for o in fast.process(message).outcomes if o.rule == "insultes")
    assert outcome.exempt == messages().text("fr", "moderation.exempt_role", roles="moderateur")
