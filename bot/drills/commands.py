"""The commands a trainee types in the terminal session, in English or French ("delete m07",
"supprimer m07", "niveau 2 panne confirmée"…), parsed into the same action models as a responses
file, or into a session command (help, status, wait, end…). Parsing only: nothing is done here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from pydantic import ValidationError

from bot.core.timeparse import parse_duration
from bot.drills import responses as r
from bot.drills.timing import parse_offset
from bot.text.normalize import plain

VERBS: dict[str, str] = {
    "help": "help", "aide": "help", "?": "help",
    "status": "status", "etat": "status",
    "feed": "feed", "fil": "feed",
    "wait": "wait", "attendre": "wait", "w": "wait",
    "templates": "templates", "modeles": "templates",
    "checklist": "checklist",
    "show": "show", "voir": "show",
    "end": "end", "fin": "end", "quit": "end", "quitter": "end", "exit": "end",
    "delete": "delete", "supprimer": "delete", "del": "delete",
    "warn": "warn", "avertir": "warn",
    "mute": "mute", "muet": "mute",
    "ban": "ban", "bannir": "ban",
    "ack": "ack", "acquitter": "ack",
    "level": "level", "niveau": "level",
    "alert": "alert", "alerter": "alert", "call": "alert", "appeler": "alert",
    "draft": "draft", "rediger": "draft",
    "submit": "submit", "soumettre": "submit",
    "post": "post", "publier": "post",
    "reply": "reply", "repondre": "reply",
    "note": "note",
    "check": "check", "cocher": "check",
}  # fmt: skip
SESSION = ("help", "status", "feed", "wait", "templates", "checklist", "show", "end")
BACKUP = ("backup", "suppleant", "suppleante")


class CommandError(ValueError):
    """A line that is not a valid command; the message says which command and how to write it."""


@dataclass(frozen=True)
class SessionCommand:
    """A command about the session itself: help, status, wait, end…"""

    name: str
    argument: str = ""


def parse(line: str, at: timedelta) -> SessionCommand | Any | None:
    """A session command, an action model at story offset `at`, or None for an empty line."""
    words = line.strip().split(maxsplit=1)
    if not words:
        return None
    verb = VERBS.get(plain(words[0]))
    if verb is None:
        raise CommandError(words[0])
    rest = words[1].strip() if len(words) > 1 else ""
    if verb in SESSION:
        return SessionCommand(verb, rest)
    try:
        return _BUILDERS[verb](rest, at)
    except (ValidationError, ValueError, IndexError) as exc:
        raise CommandError(verb) from exc


def _split(rest: str, needed: int) -> list[str]:
    """The first `needed` words and the rest of the line (if any) as one last part."""
    parts = rest.split(maxsplit=needed)
    if len(parts) < needed:
        raise ValueError("missing argument")
    return parts


def _on_message(kind: type, name: str) -> Any:
    def build(rest: str, at: timedelta) -> Any:
        return kind(do=name, at=at, message=_split(rest, 1)[0])

    return build


def _mute(rest: str, at: timedelta) -> Any:
    parts = _split(rest, 1)
    duration = parse_duration(parts[1]) if len(parts) > 1 else timedelta(hours=1)
    return r.Mute(do="mute", at=at, message=parts[0], duration=duration)


def _ack(rest: str, at: timedelta) -> Any:
    return r.Ack(do="ack", at=at, case=rest.split()[0] if rest else None)


def _level(rest: str, at: timedelta) -> Any:
    parts = _split(rest, 1)
    return r.SetLevel(
        do="level", at=at, level=int(parts[0]), reason=parts[1] if len(parts) > 1 else ""
    )


def _alert(rest: str, at: timedelta) -> Any:
    parts = _split(rest, 1)
    role, tail = parts[0], (parts[1] if len(parts) > 1 else "")
    words = tail.split(maxsplit=1)
    who: Literal["holder", "backup"] = "backup" if words and plain(words[0]) in BACKUP else "holder"
    text = (words[1] if len(words) > 1 else "") if who == "backup" else tail
    return r.Alert(do="alert", at=at, role=role, who=who, text=text)


def _draft(rest: str, at: timedelta) -> Any:
    parts = rest.split(maxsplit=1)
    if len(parts) < 2:
        raise ValueError("missing text")
    name, body = parts
    words = body.split(maxsplit=1)
    if plain(words[0]) in ("template", "modele") and len(words) == 2:
        return r.DraftStatement(do="draft", at=at, id=name, template=words[1].strip())
    return r.DraftStatement(do="draft", at=at, id=name, text=body)


def _submit(rest: str, at: timedelta) -> Any:
    parts = _split(rest, 1)
    extra = [plain(p) for p in parts[1].split()] if len(parts) > 1 else []
    who: Literal["holder", "backup"] = "backup" if any(p in BACKUP for p in extra) else "holder"
    roles = [p for p in extra if p not in BACKUP]
    return r.Submit(do="submit", at=at, draft=parts[0], role=roles[0] if roles else None, who=who)


def _reply(rest: str, at: timedelta) -> Any:
    parts = rest.split(maxsplit=1)
    if len(parts) < 2:
        raise ValueError("missing text")
    message, text = parts
    return r.Reply(do="reply", at=at, message=message, text=text)


def _check(rest: str, at: timedelta) -> Any:
    item = rest.strip()
    if not item:
        raise ValueError("missing item")
    return r.Check(do="check", at=at, item=int(item) if item.isdigit() else item)


_BUILDERS = {
    "delete": _on_message(r.Delete, "delete"),
    "warn": _on_message(r.Warn, "warn"),
    "ban": _on_message(r.Ban, "ban"),
    "mute": _mute,
    "ack": _ack,
    "level": _level,
    "alert": _alert,
    "draft": _draft,
    "submit": _submit,
    "post": lambda rest, at: r.Post(do="post", at=at, draft=_split(rest, 1)[0]),
    "reply": _reply,
    "note": lambda rest, at: r.Note(do="note", at=at, text=rest),
    "check": _check,
}


def wait_for(argument: str) -> timedelta | None:
    """The duration of a `wait` (None: until the next thing happens)."""
    return parse_offset(argument) if argument.strip() else None
