"""The `vigie model train|eval` and `vigie score` commands (argument parsing and printing only).

Exit codes: 0 done, 1 refused or models unusable (the message says why), 2 bad input (missing
data folder, unreadable or invalid JSONL).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from bot.core.message import MessageFormatError, message_from_dict
from bot.ml.datasets import DataError, data_dir
from bot.ml.loader import DEFAULT_MODELS_DIR, MODEL_NAMES

OK, REFUSED, BAD_INPUT = 0, 1, 2


def register(subparsers: Any) -> None:
    """Add the `model` command group and the `score` command to a `vigie` argument parser."""
    model = subparsers.add_parser("model", help="train and evaluate the classifiers")
    group = model.add_subparsers(dest="model_command", required=True)
    train = group.add_parser("train", help="train the models from the labelled data")
    _data_option(train)
    train.add_argument("--out", default=DEFAULT_MODELS_DIR, help="models folder (default models/)")
    train.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    train.add_argument("--only", nargs="+", choices=MODEL_NAMES, help="train only these models")
    train.add_argument(
        "--with-feedback",
        action="store_true",
        help="add the moderators' verdicts on reviewed cases from the database",
    )
    train.add_argument("--db", help="database URL (default: $VIGIE_DATABASE_URL or var/vigie.db)")
    train.set_defaults(handler=train_command)
    evaluate = group.add_parser("eval", help="evaluate the models, write metrics and model cards")
    _data_option(evaluate)
    evaluate.add_argument("--models", default=DEFAULT_MODELS_DIR, help="models folder")
    evaluate.add_argument("--only", nargs="+", choices=MODEL_NAMES, help="only these models")
    evaluate.set_defaults(handler=eval_command)
    suites = group.add_parser(
        "suites", help="Vigie's own suites (threats, hyperbole, counter-speech, complaints)"
    )
    suites.add_argument("--charter", required=True, help="the charter to run them through")
    suites.add_argument("--models", help="models folder (default: rules and detectors only)")
    suites.set_defaults(handler=suites_command)
    heads = group.add_parser(
        "heads", help="train the second stage's heads on the sentence encoder's vectors"
    )
    _data_option(heads)
    heads.add_argument("--models", default=DEFAULT_MODELS_DIR, help="models folder (read)")
    heads.add_argument("--out", help="output folder (default: <models>/encoder_heads)")
    heads.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    heads.add_argument(
        "--olid-weight", type=float, default=1.0, help="extra weight of OLID's rows (default 1)"
    )
    heads.add_argument("--cache", help="keep the encoded vectors in this .npz between runs")
    heads.set_defaults(handler=heads_command)
    score = subparsers.add_parser("score", help="score a JSONL file of messages")
    score.add_argument("input", metavar="INPUT.jsonl", help="messages, one JSON object a line")
    score.add_argument("--out", help="output file (default: standard output)")
    score.add_argument("--models", default=DEFAULT_MODELS_DIR, help="models folder")
    score.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        help=f"load only these model folders (default: {' '.join(MODEL_NAMES)})",
    )
    score.add_argument(
        "--explain",
        type=int,
        default=0,
        metavar="K",
        help="add the K words behind each label at or above its threshold",
    )
    score.set_defaults(handler=score_command)


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", help="labelled data folder (default: VIGIE_DATA_DIR or ../shared/data)"
    )


def _error(message: str) -> None:
    print(f"vigie: {message}", file=sys.stderr)


@contextmanager
def _progress_bar(total: int) -> Iterator[Any]:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description:<28}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as progress:
        task = progress.add_task("starting", total=total)

        def step(description: str) -> None:
            progress.update(task, description=description, advance=1)

        yield step
        progress.update(task, description="done", completed=total)


def _feedback_examples(db: str | None) -> list[Any]:
    # Imported here: the store is a floor above, and only this option needs it.
    from bot.ml.feedback import FeedbackPolicy, to_examples
    from bot.ml.specs import LABELS
    from bot.store.database import database_url, open_database
    from bot.store.feedback import feedback_examples

    database = open_database(db or database_url())
    try:
        return to_examples(feedback_examples(database), tuple(LABELS), FeedbackPolicy())
    finally:
        database.dispose()


def train_command(args: argparse.Namespace) -> int:
    """`vigie model train`: train, evaluate, then write models, metrics and cards."""
    from bot.ml.commands import steps_for, train_models, write_trained
    from bot.ml.feedback import FeedbackRefused
    from bot.ml.specs import SPECS

    root = data_dir(args.data)
    if not root.is_dir():
        _error(f"{root}: data folder not found (use --data or VIGIE_DATA_DIR)")
        return BAD_INPUT
    specs = [s for s in SPECS if not args.only or s.name in args.only]
    try:
        feedback = _feedback_examples(args.db) if args.with_feedback else None
        with _progress_bar(steps_for(specs, feedback is not None)) as step:
            trained = train_models(root, args.seed, specs, feedback, progress=step)
    except DataError as exc:
        _error(str(exc))
        return BAD_INPUT
    except ImportError as exc:
        _error(f"--with-feedback needs the store's feedback_examples ({exc})")
        return REFUSED
    except FeedbackRefused as exc:
        _error(f"refused, models left unchanged: {exc}")
        return REFUSED
    except RuntimeError as exc:  # the store's DatabaseError: unreachable or unmigrated database
        _error(f"cannot read the moderators' verdicts: {exc}")
        return REFUSED
    for folder, item in zip(write_trained(trained, Path(args.out)), trained, strict=True):
        print(f"{folder}: {_summary(item.metrics)}")
    return OK


def _summary(metrics: dict[str, Any]) -> str:
    parts = [
        f"{label} macro-F1 {r['pooled']['macro_f1']:.3f}" for label, r in metrics["labels"].items()
    ]
    if "olid" in metrics:
        parts.append(f"OLID macro-F1 {metrics['olid']['test_macro_f1']:.3f}")
    return ", ".join(parts)


def eval_command(args: argparse.Namespace) -> int:
    """`vigie model eval`: metrics.json and model cards from the shipped models."""
    from bot.ml.artifact import ModelUnavailable
    from bot.ml.commands import evaluate_models

    root = data_dir(args.data)
    if not root.is_dir():
        _error(f"{root}: data folder not found (use --data or VIGIE_DATA_DIR)")
        return BAD_INPUT
    names = args.only or MODEL_NAMES
    try:
        with _progress_bar(len(names)) as step:
            results = evaluate_models(root, Path(args.models), names, step)
    except DataError as exc:
        _error(str(exc))
        return BAD_INPUT
    except ModelUnavailable as exc:
        _error(str(exc))
        return REFUSED
    for name, metrics in results.items():
        stale = "" if metrics["data_matches_training"] else " (data changed since training)"
        print(f"{Path(args.models) / name}: {_summary(metrics)}{stale}")
    return OK


def heads_command(args: argparse.Namespace) -> int:
    """`vigie model heads`: train, evaluate and write the second stage's heads."""
    from bot.ml.artifact import ModelUnavailable
    from bot.ml.encoder import EncoderUnavailable, load_encoder
    from bot.ml.heads import NAME
    from bot.ml.heads_card import make_heads
    from bot.ml.heads_train import HeadsConfig

    root = data_dir(args.data)
    if not root.is_dir():
        _error(f"{root}: data folder not found (use --data or VIGIE_DATA_DIR)")
        return BAD_INPUT
    models = Path(args.models)
    out = Path(args.out) if args.out else models / NAME
    config = HeadsConfig(seed=args.seed, olid_weight=args.olid_weight)
    try:
        encoder = load_encoder(threads=1)
        cache = Path(args.cache) if args.cache else None
        metrics = make_heads(root, models, out, encoder, config, cache, _stderr)
    except DataError as exc:
        _error(str(exc))
        return BAD_INPUT
    except (ModelUnavailable, EncoderUnavailable) as exc:
        _error(str(exc))
        return REFUSED
    olid = metrics["olid"]
    print(
        f"{out}: OLID test macro-F1 fast {olid['fast']['macro_f1']:.3f}, "
        f"fused {olid['fused']['macro_f1']:.3f} (AUC {olid['fast']['roc_auc']:.3f} -> "
        f"{olid['fused']['roc_auc']:.3f})"
    )
    return OK


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def suites_command(args: argparse.Namespace) -> int:
    """`vigie model suites`: the share of each suite the charter handles as expected."""
    from bot.charter.loader import load_charter
    from bot.ml.artifact import ModelUnavailable
    from bot.ml.loader import load_scorer
    from bot.ml.suites import evaluate_suites
    from bot.moderation.engine import ModerationEngine
    from bot.yamlsrc import ConfigError

    try:
        charter = load_charter(Path(args.charter))
        scorer = load_scorer(args.models) if args.models else None
    except ModelUnavailable as exc:
        _error(str(exc))
        return REFUSED
    except ConfigError as exc:  # already "file:line:col: message"
        _error(str(exc))
        return BAD_INPUT
    for result in evaluate_suites(lambda m: ModerationEngine(charter, scorer=scorer).decide(m)):
        print(f"{result.name:32} {result.passed:3}/{result.cases:<3} {result.rate:.3f}")
        for text in result.failures:
            print(f"    missed: {text}")
    print()
    for line in hate_table(charter, scorer):
        print(line)
    return OK


def hate_table(charter: Any, scorer: Any) -> list[str]:
    """The blind hate sets' tables: hate AUC and accuracy (with a model) and decisions."""
    from bot.ml.hate_eval import format_rows
    from bot.ml.suites import HATE_SETS, evaluate_hate_set
    from bot.moderation.engine import ModerationEngine
    from bot.text.normalize import fold

    def hate_scores(texts: list[str]) -> list[float]:
        return [scorer.score(fold(text))["hate"] for text in texts]

    has_hate = scorer is not None and "hate" in scorer.labels
    lines = []
    for name in HATE_SETS:
        rows = evaluate_hate_set(
            lambda m: ModerationEngine(charter, scorer=scorer).decide(m),
            hate_scores if has_hate else None,
            scorer.thresholds.get("hate", 0.5) if has_hate else 0.5,
            name,
        )
        lines += [f"blind hate set {name.upper()}", *format_rows(rows)]
    return lines


def _read_messages(path: Path) -> tuple[list[tuple[str, str]], str | None]:
    """(id, text) of every message, or an error naming the line."""
    messages = []
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    message = message_from_dict(json.loads(line))
                except (json.JSONDecodeError, MessageFormatError) as exc:
                    return [], f"{path}:{number}: {exc}"
                messages.append((message.id, message.text))
    except (OSError, UnicodeDecodeError) as exc:
        return [], f"{path}: {exc}"
    return messages, None


def score_command(args: argparse.Namespace) -> int:
    """`vigie score INPUT.jsonl`: one `{"id", "scores"}` line per message."""
    from bot.ml.artifact import ModelUnavailable
    from bot.ml.loader import load_scorer
    from bot.text.normalize import fold

    messages, problem = _read_messages(Path(args.input))
    if problem:
        _error(problem)
        return BAD_INPUT
    try:
        scorer = load_scorer(args.models, args.only or MODEL_NAMES)
    except ModelUnavailable as exc:
        _error(f"models unavailable: {exc}")
        return REFUSED
    folded = [fold(text) for _, text in messages]
    probabilities = scorer.score_batch(folded) if folded else []
    with _output(args.out) as out:
        for (message_id, _), text, row in zip(messages, folded, probabilities, strict=True):
            record: dict[str, Any] = {
                "id": message_id,
                "scores": {
                    label: round(float(p), 4) for label, p in zip(scorer.labels, row, strict=True)
                },
            }
            if args.explain:
                record["explain"] = _explanations(scorer, text, record["scores"], args.explain)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return OK


def _explanations(scorer: Any, text: str, scores: dict[str, float], k: int) -> dict[str, Any]:
    return {
        label: [[term, round(value, 3)] for term, value in scorer.explain(text, label, k)]
        for label, score in scores.items()
        if score >= scorer.thresholds.get(label, 0.5)
    }


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as handle:
        yield handle
