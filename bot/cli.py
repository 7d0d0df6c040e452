"""The `vigie` command: validate, render, check, replay, purge, user data, models, scoring.

Only this module exits the process: library code raises typed errors, which become a clear message
and exit code 2 here (never a traceback for bad input).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from bot.charter.loader import charter_from_source, charter_json_schema, load_charter
from bot.core.clock import ClockSettingError
from bot.cuttexts import cut_texts
from bot.i18n.catalog import messages
from bot.i18n.config_text import word_issue, word_line_error
from bot.i18n.reader import reader_language
from bot.yamlsrc import ConfigError, YamlSource, load_yaml

# The engine, the models and the store are imported by the commands that use them: `vigie
# validate` on a hostile file answers before they would have loaded.
if TYPE_CHECKING:
    from bot.adapters.jsonl import LineError
    from bot.adapters.replay import ReplaySummary

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
EXIT_FAULT = 3  # the database or the system failed, not the input
Handler = Callable[[argparse.Namespace], int]


def _console() -> Console:
    return Console(stderr=True, highlight=False)


def _models_dir(args: argparse.Namespace) -> Path | None:
    if getattr(args, "no_models", False):
        return None
    return Path(args.models or os.environ.get("VIGIE_MODELS_DIR", "models"))


def _engine_for(args: argparse.Namespace, err: Console) -> Any:
    from bot.app import build_engine, load_scorer

    charter = load_charter(args.charter)
    models = _models_dir(args)
    scorer, why = load_scorer(models)
    if scorer is None:
        _warn_degraded(err, charter, models, why)
    return build_engine(charter, scorer)


def _warn_degraded(err: Console, charter: Any, models: Path | None, why: str | None) -> None:
    """Say that the classifiers are off, in the charter's reader's language (the loader's reason
    is a technical detail, a path or an exception, and is quoted as it is)."""
    lang = _charter_lang(charter)
    said = _say(lang, "classifiers_off", why=why) if models else _say(lang, "no_classifiers")
    err.print(said, style="yellow", markup=False)


def _charter_lang(charter: Any) -> str:
    """The reader's language for a command about a charter (`bot.i18n.reader`)."""
    return reader_language(None, charter.meta.languages, os.environ)


def _say(lang: str, key: str, **values: Any) -> str:
    return messages().text(lang, f"cli.replay.{key}", **values)


def _say_count(lang: str, key: str, count: int, **values: Any) -> str:
    return messages().plural(lang, f"cli.replay.{key}", count, **values)


def _named(lang: str, key: str, code: str) -> str:
    """The catalog's name of a stored code (`key`); a code it does not name shows bare."""
    from bot.adapters.console import named

    return named(lang, key, code)


def _action_name(lang: str, kind: str) -> str:
    """An action kind as the console names it ("suppression")."""
    from bot.adapters.console import action_name

    return action_name(lang, kind)


# --- validate --------------------------------------------------------------------------------


def _validate_one(path: str) -> None:
    source = load_yaml(path)
    data = source.data if isinstance(source.data, dict) else {}
    for looks_like, check in _validators():
        if looks_like(data):
            check(source, Path(path))
            return
    charter_from_source(source)  # the charter's errors are the most useful default


Checker = Callable[[YamlSource, Path], object]


def _validators() -> list[tuple[Callable[[dict[str, Any]], bool], Checker]]:
    """Which loader validates which kind of file, recognised by its top-level keys: charters
    (`rules`), contingency plans (`levels`), drill scenarios (`timeline`) and their responses
    files (`scenario` and `actions`). Each checks the source already parsed."""
    from bot.crisis.loader import playbook_from_source
    from bot.drills.loader import drill_from_source
    from bot.drills.responses import responses_beside

    return [
        (lambda d: "rules" in d and "meta" in d, lambda source, _: charter_from_source(source)),
        (lambda d: "levels" in d, lambda source, _: playbook_from_source(source)),
        (lambda d: "timeline" in d, drill_from_source),
        (lambda d: "scenario" in d and "actions" in d, responses_beside),
    ]


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate charters (and playbooks): every error of every file, exit 2 if any."""
    failed = False
    for path in args.paths:
        lang = reader_language(args.lang, _written_in(path), os.environ)
        try:
            _validate_one(path)
        except ConfigError as exc:
            failed = True
            _print_issues(exc, lang)
            continue
        cut = cut_texts(path, Path(path).read_text(encoding="utf-8"))
        for warning in cut:
            where = f"{warning.path}:{warning.line}:{warning.column}"
            said = messages().text(
                lang, "cli.validate.cut", where=where, kept=warning.kept, comment=warning.comment
            )
            print(said, file=sys.stderr)
        if cut and args.strict:
            failed = True
        else:
            print(messages().text(lang, "cli.validate.ok", path=path))
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _written_in(path: str) -> list[str]:
    """The languages a charter or plan names (`meta.languages`), read even when the file does
    not validate; none when it does not parse."""
    try:
        data = load_yaml(path).data
    except ConfigError:
        return []
    meta = data.get("meta") if isinstance(data, dict) else None
    languages = meta.get("languages") if isinstance(meta, dict) else None
    return [str(lang) for lang in languages] if isinstance(languages, list) else []


def _print_issues(exc: ConfigError, lang: str) -> None:
    # Plain lines, never wrapped: editors and CI parse `file:line:col: message`.
    for issue in exc.issues:
        print(word_issue(issue, lang), file=sys.stderr)


# --- charter -----------------------------------------------------------------------------------


def cmd_charter_schema(args: argparse.Namespace) -> int:
    """Print (or write) the JSON Schema of the charter format."""
    text = json.dumps(charter_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_charter_render(args: argparse.Namespace) -> int:
    """Print the public charter as Markdown in one language."""
    from bot.charter.render import render_markdown

    charter = load_charter(args.charter)
    if args.lang not in charter.meta.languages:
        _console().print(f"the charter is not written in {args.lang!r}")
        return EXIT_BAD_INPUT
    sys.stdout.write(render_markdown(charter, args.lang))
    return EXIT_OK


# --- check -------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    """Decide on one text and print the whole trace."""
    from bot.core.decision import decision_to_dict
    from bot.core.message import Author, Message
    from bot.core.timeparse import parse_timestamp

    err = _console()
    engine = _engine_for(args, err)
    at = parse_timestamp(args.at) if args.at else parse_timestamp("2026-01-01T12:00:00Z")
    author = Author(id=args.author, name=args.author, roles=tuple(args.role or ()))
    message = Message(id="check", ts=at, author=author, text=args.text, channel=args.channel)
    decision = engine.decide(message)
    record = decision_to_dict(decision, trace=True, full=True)
    if args.json:
        print(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        from bot.adapters.console import print_trace

        lang = reader_language(args.lang, engine.charter.meta.languages, os.environ)
        print_trace(Console(highlight=False), decision, lang)
    return EXIT_OK


# --- replay ------------------------------------------------------------------------------------


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay a JSONL stream through a charter (and a contingency plan); write decisions.jsonl
    (and events.jsonl with the incident reports) and print a summary."""
    from bot.adapters.jsonl import InputError, count_lines, iter_messages
    from bot.adapters.replay import ReplaySummary, decisions_path
    from bot.adapters.replay_workers import WorkerFailed

    err = _console()
    if args.workers > 1 and args.playbook:
        err.print(
            "vigie: --workers and --playbook cannot go together: a contingency plan watches "
            "every community of the stream in one process",
            markup=False,
        )
        return EXIT_BAD_INPUT
    summary = ReplaySummary()
    path, out_dir = Path(args.input), Path(args.out)
    lang = _charter_lang(load_charter(args.charter))
    try:
        with (
            path.open("rb") as stream,  # lines end at \n only: a raw CR must not shift them
            decisions_path(out_dir).open("w", encoding="utf-8") as out,
        ):
            messages = iter_messages(
                stream, str(path), _reporter(err, summary, lang), args.strict, _warner(err, lang)
            )
            with _progress(err, count_lines(path), args.quiet) as advance:
                run = _replay_in_workers if args.workers > 1 else _replay_here
                reports = run(args, messages, out, summary, advance, err)
    except InputError as exc:
        said = _say(lang, "stopped_strict", error=word_line_error(exc.error, lang))
        err.print(said, markup=False, soft_wrap=True)
        return EXIT_BAD_INPUT
    except WorkerFailed as exc:
        err.print(f"vigie: a replay worker failed: {exc}", markup=False, soft_wrap=True)
        return EXIT_FAULT
    console = Console(highlight=False, soft_wrap=True)
    _print_summary(console, summary, out_dir, lang)
    if args.playbook:
        events = out_dir / "events.jsonl"
        console.print(_say_count(lang, "events", reports[0], path=events), markup=False)
        for report in reports[1:]:
            console.print(_say(lang, "report", path=report), markup=False)
    return _unrecorded(err, summary.unrecorded)


def _replay_setup(args: argparse.Namespace) -> Any:
    from bot.adapters.replay_workers import ReplaySetup

    models = _models_dir(args)
    return ReplaySetup(
        args.charter,
        str(models) if models else None,
        args.db or os.environ.get("VIGIE_DATABASE_URL") or None,
        args.batch_size,
    )


def _replay_here(
    args: argparse.Namespace,
    messages: Any,
    out: Any,
    summary: ReplaySummary,
    advance: Callable[[int], None],
    err: Console,
) -> list[Any]:
    """The replay in this process; what the contingency plan counted and reported, if any."""
    from bot.adapters.replay import replay

    pipeline, why, close = _replay_setup(args).open()
    if why is not None:
        _warn_degraded(err, pipeline.engine.charter, _models_dir(args), why)
    try:
        crisis = _crisis_runner(args, Path(args.out)) if args.playbook else None
        observer = _observer(advance, crisis, pipeline.engine)
        replay(messages, pipeline, out, summary, observer, args.batch_size)
        if crisis is None:
            return []
        reports = crisis.finish(Path(args.out))
        return [crisis.events, *reports]
    finally:
        close()


def _replay_in_workers(
    args: argparse.Namespace,
    messages: Any,
    out: Any,
    summary: ReplaySummary,
    advance: Callable[[int], None],
    err: Console,
) -> list[Any]:
    """The replay shared out among `--workers` processes by community."""
    from bot.adapters.replay_workers import replay_in_workers

    setup = _replay_setup(args)
    replay_in_workers(messages, setup, args.workers, out, summary, Path(args.out), advance)
    return []


def _unrecorded(err: Console, count: int) -> int:
    """Exit 3 when decisions are left unwritten (the database stopped answering), else 0."""
    if not count:
        return EXIT_OK
    err.print(
        f"vigie: {count} decisions not recorded: the database is unreachable "
        "(replaying the same file again once it answers records them, once)",
        markup=False,
    )
    return EXIT_FAULT


def _crisis_runner(args: argparse.Namespace, out_dir: Path) -> Any:
    """The contingency plan watching the replay (events.jsonl, incident reports)."""
    from bot.crisis.wiring import CrisisRunner

    db_url = args.db or os.environ.get("VIGIE_DATABASE_URL")
    return CrisisRunner.for_replay(args.playbook, out_dir, db_url)


def _observer(advance: Callable[[int], None], crisis: Any, engine: Any) -> Callable[[Any], None]:
    """After each decision: move the progress bar, feed the crisis monitor."""

    def observe(decision: Any) -> None:
        advance(1)
        if crisis is not None:
            crisis.on_decision(decision, engine)

    return observe


def _reporter(err: Console, summary: ReplaySummary, lang: str) -> Callable[[LineError], None]:
    def report(error: LineError) -> None:
        summary.errors.append(error)
        said = _say(lang, "line_skipped", error=word_line_error(error, lang))
        err.print(said, markup=False, soft_wrap=True)

    return report


def _warner(err: Console, lang: str) -> Callable[[LineError], None]:
    def warn(error: LineError) -> None:
        said = _say(lang, "line_warning", error=word_line_error(error, lang))
        err.print(said, markup=False, soft_wrap=True)

    return warn


class _progress:
    """A progress bar for long files (on the error stream, so stdout stays clean)."""

    def __init__(self, console: Console, total: int, quiet: bool) -> None:
        self.console, self.total, self.quiet = console, total, quiet or total < 2000

    def __enter__(self) -> Callable[[int], None]:
        if self.quiet:
            return lambda done: None
        from rich.progress import Progress

        self._bar = Progress(console=self.console, transient=True)
        self._bar.start()
        task = self._bar.add_task("replay", total=self.total)
        return lambda done: self._bar.advance(task, done)

    def __exit__(self, *exc: object) -> None:
        if not self.quiet:
            self._bar.stop()


def _positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1 (a clear error otherwise)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def _print_summary(console: Console, summary: ReplaySummary, out_dir: Path, lang: str) -> None:
    from rich.table import Table

    from bot.adapters.replay import decisions_path
    from bot.i18n.formats import listing, number

    title = _say_count(lang, "title", summary.messages, acted=summary.acted)
    table = Table(title=title)
    table.add_column(_say(lang, "col_rule"))
    table.add_column(_say(lang, "col_matches"), justify="right")
    for rule, count in summary.by_rule.most_common():
        table.add_row(rule, number(count, lang))
    console.print(table)
    actions = [
        f"{_action_name(lang, kind)} {number(count, lang)}"
        for kind, count in summary.by_action.most_common()
    ]
    said = _say(lang, "actions", actions=listing(actions, lang)) if actions else None
    console.print(said or _say(lang, "no_action"), markup=False)
    if summary.errors:
        skipped = _say_count(lang, "skipped", len(summary.errors))
        console.print(f"[yellow]{skipped}[/yellow]")
    if summary.degraded:
        named = (_named(lang, f"cli.replay.degraded_{d}", d) for d in summary.degraded)
        what = listing(sorted(named), lang)
        console.print(f"[yellow]{_say(lang, 'degraded', what=what)}[/yellow]")
    console.print(_say(lang, "decisions", path=decisions_path(out_dir)), markup=False)


# --- parser ------------------------------------------------------------------------------------


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--models", help="model directory (default: $VIGIE_MODELS_DIR or models/)")
    parser.add_argument("--no-models", action="store_true", help="run without the classifiers")


CORE_COMMANDS = ("validate", "charter", "check", "replay")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; the other floors' command groups are loaded unless `command` is one of
    this module's own (a bare `vigie --help` lists them all)."""
    parser = argparse.ArgumentParser(prog="vigie", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="validate charters and playbooks")
    validate.add_argument("paths", nargs="+")
    validate.add_argument(
        "--strict", action="store_true", help="warnings (a text cut by a # comment) fail too"
    )
    validate.add_argument(
        "--lang", help="language of the messages (default: the file's, else the locale's)"
    )
    validate.set_defaults(handler=cmd_validate)

    charter = commands.add_parser("charter", help="charter tools").add_subparsers(
        dest="sub", required=True
    )
    schema = charter.add_parser("schema", help="export the JSON Schema for editors")
    schema.add_argument("--out")
    schema.set_defaults(handler=cmd_charter_schema)
    render = charter.add_parser("render", help="print the public charter as Markdown")
    render.add_argument("charter")
    render.add_argument("--lang", default="fr")
    render.set_defaults(handler=cmd_charter_render)

    check = commands.add_parser("check", help="decide on one text and show the trace")
    check.add_argument("text")
    check.add_argument("--charter", required=True)
    check.add_argument("--author", default="someone")
    check.add_argument("--role", action="append", help="a role of the author (repeatable)")
    check.add_argument("--channel", default="general")
    check.add_argument("--at", help="event time (ISO 8601)")
    check.add_argument("--json", action="store_true", help="print the decision as JSON")
    check.add_argument(
        "--lang", help="the language of the trace (default: the charter's, else the locale)"
    )
    _add_model_options(check)
    check.set_defaults(handler=cmd_check)

    rep = commands.add_parser("replay", help="replay a message JSONL file through a charter")
    rep.add_argument("input")
    rep.add_argument("--charter", required=True)
    rep.add_argument("--playbook")
    rep.add_argument("--out", default="out")
    rep.add_argument("--db", help="database URL (default: $VIGIE_DATABASE_URL; none: no storage)")
    rep.add_argument("--strict", action="store_true", help="stop at the first malformed line")
    rep.add_argument("--quiet", action="store_true", help="no progress bar")
    rep.add_argument(
        "--batch-size",
        type=_positive_int,
        default=1000,
        help="messages normalised and scored together (same decisions, faster); 1: one by one",
    )
    rep.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        help="processes sharing the communities of the stream out (same decisions); default 1",
    )
    _add_model_options(rep)
    rep.set_defaults(handler=cmd_replay)

    if command not in CORE_COMMANDS:
        for register in _plugins():
            register(commands)
    return parser


# The command groups of the other floors, each a module with `register(subparsers)`.
PLUGINS = (
    "bot.store.cli",
    "bot.deploy.cli",
    "bot.ml.cli",
    "bot.crisis.cli",
    "bot.drills.cli",
    "bot.adapters.discord.cli",
    "bot.adapters.telegram.cli",
    "bot.review.web.cli",
)


def _plugins() -> list[Callable[[Any], None]]:
    """The `register` functions of the command groups (imported here, on demand, so that
    `vigie validate` does not load the chat libraries' modules it does not need at start)."""
    return [importlib.import_module(name).register for name in PLUGINS]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    _load_dotenv()
    words = list(sys.argv[1:] if argv is None else argv)
    command = next((word for word in words if not word.startswith("-")), None)
    args = build_parser(command).parse_args(words)
    try:
        return int(args.handler(args))
    except ConfigError as exc:
        _print_issues(exc, reader_language(getattr(args, "lang", None), (), os.environ))
        return EXIT_BAD_INPUT
    except FileNotFoundError as exc:
        _console().print(f"cannot open {exc.filename}: no such file", markup=False)
        return EXIT_BAD_INPUT
    except ClockSettingError as exc:
        _console().print(str(exc), markup=False)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a database or system fault: one line, never a traceback
        return _fault(exc)


def _fault(exc: Exception) -> int:
    """Say what failed in one line (no SQL statement, no values) and return exit code 3."""
    from bot.store.database import DatabaseError, store_error

    if isinstance(exc, DatabaseError):
        reason = str(exc)  # already masks the password
    elif type(exc).__module__.startswith(("sqlalchemy", "psycopg", "sqlite3")):
        reason = f"database error: {store_error(exc)}"
    elif isinstance(exc, OSError):
        reason = f"{exc.strerror or type(exc).__name__}: {exc.filename or ''}".rstrip(": ")
    else:
        raise exc
    _console().print(f"vigie: {reason}", markup=False, soft_wrap=True)
    return EXIT_FAULT


def _load_dotenv() -> None:
    """Secrets (tokens, database passwords) come from the environment or a `.env` file."""
    from dotenv import load_dotenv

    load_dotenv(Path.cwd() / ".env", override=False)
