"""The words of a moderator's command as chat front ends receive them ("1h", "rule:insults",
"clean:1d", then the reason), read the same way on Telegram and in the in-memory front end; and
the command names, in every language of the catalog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.core.timeparse import parse_duration
from bot.desk.words import every

# The moderators' commands; each one's names are the catalog's `command.<name>` in every language.
MODERATION = ("warn", "timeout", "kick", "ban", "unban", "delete", "purge", "note", "infractions")
NAMES: dict[str, tuple[str, ...]] = {command: every(f"command.{command}") for command in MODERATION}
RULE_PREFIXES = every("command.rule_prefix")
CLEAN_PREFIXES = every("command.clean_prefix")


@dataclass(frozen=True, slots=True)
class Words:
    """What the words after the target say."""

    duration: timedelta | None
    rule: str | None
    clean: timedelta | None
    reason: str


def command_of(name: str) -> str | None:
    """The command a typed name stands for ("bannir" → "ban"), or None."""
    lowered = name.lower()
    return next((cmd for cmd, names in NAMES.items() if lowered in names), None)


def _duration(word: str) -> timedelta | None:
    try:
        found = parse_duration(word)
    except ValueError:
        return None
    return found if found > timedelta(0) else None


def read_words(words: Sequence[str], want_duration: bool) -> Words:
    """A leading duration (when the command takes one), `rule:ID` and `clean:DURATION` anywhere,
    and the rest as the reason."""
    rest = list(words)
    duration = None
    if want_duration and rest and (found := _duration(rest[0])) is not None:
        duration = found
        rest.pop(0)
    rule = clean = None
    reason: list[str] = []
    for word in rest:
        lowered = word.lower()
        prefix = next((p for p in RULE_PREFIXES if lowered.startswith(p)), None)
        cleaning = next((p for p in CLEAN_PREFIXES if lowered.startswith(p)), None)
        if prefix is not None and len(word) > len(prefix):
            rule = word[len(prefix) :]
        elif cleaning is not None and (found := _duration(word[len(cleaning) :])) is not None:
            clean = found
        else:
            reason.append(word)
    return Words(duration, rule, clean, " ".join(reason).strip())
