"""Reading the message JSONL contract: every malformed line is reported with its number and skipped
(or stops the run in strict mode); nothing else is dropped."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.core.message import Message, MessageFormatError, message_from_dict


@dataclass(frozen=True, slots=True)
class LineError:
    """A line of the input that could not be read as a message."""

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


def iter_messages(
    stream: TextIO,
    source: str,
    on_error: Callable[[LineError], None],
    strict: bool = False,
) -> Iterator[Message]:
    """Yield the messages of a JSONL stream; report (or, if strict, raise on) malformed lines."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            yield message_from_dict(json.loads(line))
        except (json.JSONDecodeError, MessageFormatError, TypeError, ValueError) as exc:
            error = LineError(source, number, _describe(exc))
            if strict:
                raise InputError(error) from None
            on_error(error)


def _describe(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg} at column {exc.colno})"
    return str(exc)


def count_lines(path: Path) -> int:
    """Number of lines of a file, for a progress bar (cheap: reads bytes)."""
    with path.open("rb") as handle:
        return sum(1 for _ in handle)
