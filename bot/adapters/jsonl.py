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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.core.message import Message, message_from_dict


@dataclass(frozen=True, slots=True)
class LineError:
    """A line of the input that could not be read as a message (or, as a warning, was odd)."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


class InputError(Exception):
    """Raised in strict mode on the first malformed line."""

    def __init__(self, error: LineError) -> None:
        self.error = error
        super().__init__(str(error))


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _lines(stream: Iterable[str] | Iterable[bytes]) -> Iterator[tuple[int, str | None, str]]:
    """(number, text or None if undecodable, why) for each line, split on `\\n` only."""
    number = 0
    for chunk in stream:
        raw = chunk if isinstance(chunk, bytes) else chunk.encode("utf-8", "surrogatepass")
        pieces = raw.split(b"\n")
        if pieces and pieces[-1] == b"":
            pieces.pop()
        for piece in pieces:
            number += 1
            try:
                yield number, piece.decode("utf-8"), ""
            except UnicodeDecodeError as exc:
                yield number, None, f"not UTF-8 (byte {exc.start + 1})"


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
    for number, line, why in _lines(stream):
        if line is not None and not line.strip():
            continue
        try:
            if line is None:
                raise ValueError(why)
            message = _parse(line)
            key = (message.platform, message.community, message.id, message.version)
            if key in seen:
                raise ValueError(f"duplicate id {message.id!r} (first on line {seen[key]})")
        except Exception as exc:  # a line must never stop the stream: report it and go on
            error = LineError(source, number, _describe(exc))
            if strict:
                raise InputError(error) from None
            on_error(error)
            continue
        seen[key] = number
        if latest is not None and message.ts < latest[0]:
            earlier = f"timestamp earlier than line {latest[1]}'s: kept in file order"
            warn(LineError(source, number, earlier))
        else:
            latest = (message.ts, number)
        yield message


def _parse(line: str) -> Message:
    record = json.loads(line.rstrip("\r"), parse_constant=_reject_constant)
    return message_from_dict(record)


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
