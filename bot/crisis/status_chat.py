"""The crisis status as a chat message: one layout for every chat front end (Discord, Telegram),
from the typed status's JSON form (`CrisisStatus.to_dict`, as the desk hands it out, without the
cases and statements for members who are not staff). The words come from the catalog, the times
are written by Babel in the plan's timezone; the front end only says how it marks bold text and
identifiers (`Markup`), so every platform shows the same content."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bot.core.timeparse import parse_timestamp
from bot.crisis.escalation import say_step
from bot.i18n.catalog import messages
from bot.i18n.formats import moment, number

PREFIX = "crisis_chat."


class Markup(Protocol):
    """How a platform marks text: the plan's own words escaped, the headline bold, ids as code."""

    def text(self, value: str) -> str: ...

    def bold(self, value: str) -> str: ...

    def code(self, value: str) -> str: ...


@dataclass(frozen=True, slots=True)
class PlainMarkup:
    """No markup (a chat that shows the text as it is sent)."""

    def text(self, value: str) -> str:
        """As is."""
        return value

    def bold(self, value: str) -> str:
        """As is."""
        return value

    def code(self, value: str) -> str:
        """As is."""
        return value


PLAIN = PlainMarkup()


def _say(lang: str, key: str, **values: Any) -> str:
    return messages().text(lang, PREFIX + key, **values)


def _when(raw: str | None, lang: str, timezone: str) -> str:
    return moment(parse_timestamp(raw), lang, timezone, "short") if raw else "—"


def _num(value: float | None, lang: str) -> str:
    return "—" if value is None else number(round(value, 1), lang)


def status_text(status: Mapping[str, Any], lang: str, markup: Markup = PLAIN) -> str:
    """The level and since when, the incident, the complainers against their baseline, the
    commands not applied yet, then what waits for a person (when the status has it)."""
    timezone = str(status.get("timezone") or "UTC")
    name = markup.text(str((status.get("names") or {}).get(lang) or status.get("name", "")))
    lines = [markup.bold(_say(lang, "level", level=status.get("level", 0), name=name))]
    if status.get("since"):
        lines.append(_say(lang, "since", since=_when(status["since"], lang, timezone)))
    if status.get("incident"):
        lines.append(_say(lang, "incident", incident=markup.code(str(status["incident"]))))
    complainers = (status.get("indicators") or {}).get("complainers")
    if complainers is not None:
        value, usual = _num(complainers["value"], lang), _num(complainers["baseline"], lang)
        lines.append(_say(lang, "complainers", value=value, baseline=usual))
    if status.get("pending"):
        count = int(status["pending"])
        lines.append(messages().plural(lang, PREFIX + "pending", count))
    lines += _waiting(status, lang, timezone, markup)
    return "\n".join(lines)


def _waiting(status: Mapping[str, Any], lang: str, timezone: str, markup: Markup) -> list[str]:
    lines: list[str] = []
    if status.get("cases"):
        lines.append(_say(lang, "cases"))
        for case in status["cases"]:
            values = {
                "case": markup.code(str(case["case"])),
                "role": markup.text(str(case["role"])),
                "calling": markup.text(say_step(str(case["calling"]), lang)),
            }
            if case.get("deadline"):
                deadline = _when(case["deadline"], lang, timezone)
                lines.append(_say(lang, "case_due", deadline=deadline, **values))
            else:
                lines.append(_say(lang, "case", **values))
    if status.get("statements"):
        lines.append(_say(lang, "statements"))
        lines += [
            _say(
                lang,
                "statement",
                statement=markup.code(str(s["statement"])),
                template=markup.text(str(s["template"])),
                approver=markup.text(str(s["approver"])),
            )
            for s in status["statements"]
        ]
    return lines
