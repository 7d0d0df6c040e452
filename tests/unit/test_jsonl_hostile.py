"""Hostile message lines: each is reported with its true line number and skipped (or coerced with
a warning); none stops the stream; duplicates and out-of-order timestamps are reported."""

from __future__ import annotations

import io
import json

import pytest

from bot.adapters.jsonl import InputError, LineError, iter_messages


def _line(**fields: object) -> bytes:
    record = {"id": "m1", "ts": "2026-03-01T09:00:00Z", "author": {"id": "u1"}, "text": "salut"}
    record.update(fields)
    return json.dumps(record).encode() + b"\n"


def _read(data: bytes) -> tuple[list[str], list[LineError], list[LineError]]:
    errors: list[LineError] = []
    warnings: list[LineError] = []
    stream = io.BytesIO(data)
    ids = [m.id for m in iter_messages(stream, "in.jsonl", errors.append, False, warnings.append)]
    return ids, errors, warnings


HOSTILE = [
    pytest.param(b"{not json\n", "not valid JSON", id="broken-json"),
    pytest.param(b"[1, 2]\n", "must be a JSON object", id="array"),
    pytest.param(b'"text"\n', "must be a JSON object", id="string"),
    pytest.param(b"\xff\xfe{}\n", "not UTF-8", id="not-utf8"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply", id="deep"),
    pytest.param(_line(mentions=1e400), "", id="infinite-mentions"),
    pytest.param(_line(mentions="lots"), "", id="text-mentions"),
    pytest.param(b'{"id": "m9", "ts": NaN, "author": "u", "text": "x"}\n', "NaN", id="nan"),
    pytest.param(_line(ts="0001-01-01T00:00:00Z"), "year", id="year-1"),
    pytest.param(_line(ts="9999-12-31T23:59:59Z"), "year", id="year-9999"),
    pytest.param(_line(ts="2026-02-30T00:00:00Z"), "ISO 8601", id="impossible-date"),
    pytest.param(_line(ts=12), "ISO 8601", id="number-ts"),
    pytest.param(_line(author={"id": "u1", "roles": "admin"}), "roles", id="roles-not-list"),
    pytest.param(_line(author=None), "author.id", id="no-author"),
    pytest.param(_line(text=["a"]), "text", id="text-not-string"),
]


@pytest.mark.parametrize(("line", "expected"), HOSTILE)
def test_a_hostile_line_is_reported_with_its_number_and_skipped(line: bytes, expected: str) -> None:
    good = _line(id="ok1") + line + _line(id="ok2", ts="2026-03-01T09:01:00Z")
    ids, errors, _ = _read(good)
    assert ids == ["ok1", "ok2"]
    [error] = errors
    assert error.line == 2 and expected in error.message


def test_a_raw_carriage_return_does_not_shift_line_numbers() -> None:
    data = _line(id="a") + b'{"id": "b", "text": "x\ry"\n' + b"{broken\n"
    ids, errors, _ = _read(data)
    assert ids == ["a"] and [e.line for e in errors] == [2, 3]


def test_crlf_lines_are_read() -> None:
    ids, errors, _ = _read(_line(id="a").replace(b"\n", b"\r\n") + _line(id="b"))
    assert (ids, errors) == (["a", "b"], [])


def test_a_duplicate_id_is_reported_and_the_first_text_kept() -> None:
    ids, errors, _ = _read(_line(id="a") + _line(id="b") + _line(id="a", text="autre"))
    assert ids == ["a", "b"]
    assert [(e.line, e.message) for e in errors] == [(3, "duplicate id 'a' (first on line 1)")]


def test_an_edit_of_a_message_is_not_a_duplicate() -> None:
    edit = _line(id="a", edited=True, ts="2026-03-01T09:05:00Z")
    ids, errors, _ = _read(_line(id="a") + edit)
    assert (ids, errors) == (["a", "a"], [])


def test_an_out_of_order_timestamp_is_kept_with_a_warning() -> None:
    late = _line(id="b", ts="2026-03-01T10:00:00Z")
    early = _line(id="c", ts="2026-03-01T09:30:00Z")
    ids, errors, warnings = _read(_line(id="a") + late + early)
    assert ids == ["a", "b", "c"] and errors == []
    assert [(w.line, w.message) for w in warnings] == [
        (3, "timestamp earlier than line 2's: kept in file order")
    ]


def test_strict_mode_stops_at_the_first_bad_line() -> None:
    with pytest.raises(InputError, match=r"in\.jsonl:2: not valid JSON"):
        _read_strict(_line(id="a") + b"{\n" + _line(id="b"))


def _read_strict(data: bytes) -> list[str]:
    return [m.id for m in iter_messages(io.BytesIO(data), "in.jsonl", print, strict=True)]
