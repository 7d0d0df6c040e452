"""Reading the message JSONL contract: every malformed line is reported with its number and skipped
(or stops the run in strict mode); nothing else is dropped.

Lines end at `\\n` only: a raw carriage return inside a line must not shift the numbers of the
lines after it, so a file is best read in binary (`open(path, "rb")`), each line decoded on its
own (a line that is not UTF-8 is reported, not fatal). A second line with the same message id (and
version) is reported and skipped: it would otherwise stand for the first one's text. A timestamp
earlier than the ones before it is kept, with a warning (the engine's windows assume time order).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.core.message import Message, MessageFormatError, message_from_dict


@dataclass(frozen=True, slots=True)
class LineError:
    """A line of the input that could not be read as a message (or, as a warning, was odd)."""

    source: str
    line: int
    message: str  # the operators' wording; people read `code` worded (`bot.i18n.config_text`)
    code: str = ""  # the catalog's `stream.issue.<code>`; "" reads as the generic sentence
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


class InputError(Exception):
    """Raised in strict mode on the first malformed line."""

    def __init__(self, error: LineError) -> None:
        self.error = error
        super().__init__(str(error))


class _LineProblem(ValueError):
    """A line's problem with its catalog code and values."""

    def __init__(self, message: str, code: str, **params: Any) -> None:
        super().__init__(message)
        self.code, self.params = code, params


def _reject_constant(name: str) -> float:
    raise _LineProblem(f"{name} is not a JSON number", "not_a_number", name=name)


def _lines(stream: Iterable[str] | Iterable[bytes]) -> Iterator[tuple[int, str | None, int]]:
    """(number, text or None if undecodable, its first bad byte) for each line, split on `\\n` only."""
    number = 0
    for chunk in stream:
        raw = chunk if isinstance(chunk, bytes) else chunk.encode("utf-8", "surrogatepass")
        pieces = raw.split(b"\n")
        if pieces and pieces[-1] == b"":
            pieces.pop()
        for piece in pieces:
            number += 1
            try:
                yield number, piece.decode("utf-8"), 0
            except UnicodeDecodeError as exc:
                yield number, None, exc.start + 1


def iter_messages(
    stream: Iterable[str] | Iterable[bytes],
    source: str,
    on_error: Callable[[LineError], None],
    strict: bool = False,
    on_warning: Callable[[LineError], None] | None = None,
) -> Iterator[Message]:
    """Yield the messages of a JSONL stream; report (or, if strict, raise on) malformed lines and
    duplicate ids; report out-of-order timestamps to `on_warning` (or `on_error`)."""
    warn = on_warning or on_error
    seen: dict[tuple[str, str, str, int], int] = {}
    latest: tuple[datetime, int] | None = None
    for number, line, byte in _lines(stream):
        if line is not None and not line.strip():
            continue
        try:
            if line is None:
                raise _LineProblem(f"not UTF-8 (byte {byte})", "not_utf8", byte=byte)
            message = _parse(line)
            key = (message.platform, message.community, message.id, message.version)
            if key in seen:
                why = f"duplicate id {message.id!r} (first on line {seen[key]})"
                raise _LineProblem(why, "duplicate_id", id=message.id, line=seen[key])
        except Exception as exc:  # a line must never stop the stream: report it and go on
            error = LineError(source, number, _describe(exc), *_code(exc))
            if strict:
                raise InputError(error) from None
            on_error(error)
            continue
        seen[key] = number
        if latest is not None and message.ts < latest[0]:
            earlier = f"timestamp earlier than line {latest[1]}'s: kept in file order"
            warn(LineError(source, number, earlier, "earlier_time", {"line": latest[1]}))
        else:
            latest = (message.ts, number)
        yield message


def _parse(line: str) -> Message:
    record = json.loads(line.rstrip("\r"), parse_constant=_reject_constant)
    return message_from_dict(record)


def _code(exc: BaseException) -> tuple[str, dict[str, Any]]:
    """The catalog code of a line's problem and its values; a record's own checks say
    "field: what", read as a problem with that field."""
    if isinstance(exc, _LineProblem):
        return exc.code, dict(exc.params)
    if isinstance(exc, json.JSONDecodeError):
        return "not_json", {"column": exc.colno}
    if isinstance(exc, RecursionError):
        return "too_deep", {}
    found = re.match(r"([\w.]+): (required)?", str(exc))
    if isinstance(exc, MessageFormatError) and found:
        return ("missing_field" if found.group(2) else "bad_field"), {"field": found.group(1)}
    return "", {}


def _describe(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg} at column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "not valid JSON (nested too deeply)"
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def count_lines(path: Path) -> int:
    """Number of lines of a file, for a progress bar (cheap: reads bytes)."""
    with path.open("rb") as handle:
        return sum(1 for _ in handle)
