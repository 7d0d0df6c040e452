"""Which language and timezone a command-line reader gets (`vigie crisis status`, `vigie user …`,
the replay's summary): the same choice for every command, so that a French community manager
reads French on the command line as in the console and the chat.

Language: `--lang` when given; else the language of what the command is about (the plan's or the
charter's first language); else the environment's (`LC_ALL`, `LC_MESSAGES`, `LANG`, the POSIX
order), when the catalog has it; else French. Timezone: `--tz`, else the plan's or the community's,
else the environment's `TZ`, else Europe/Paris. Machine-readable output (JSON, CSV) does not depend on either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.i18n.catalog import messages
from bot.i18n.formats import timezone_name

DEFAULT_LANGUAGE = "fr"
DEFAULT_TIMEZONE = "Europe/Paris"
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def environment_language(environ: Mapping[str, str]) -> str | None:
    """The catalog language the environment's locale names ("fr_FR.UTF-8" → "fr"), if any. As in
    POSIX, the first variable set decides: `LC_ALL=C` is not French, and not English either."""
    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            code = value.split(".", 1)[0].split("_", 1)[0].lower()
            return code if code in messages().languages else None
    return None


def reader_language(
    explicit: str | None,
    written_in: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
) -> str:
    """The language to write in: `explicit`, else the document's first language the catalog has,
    else the environment's, else French."""
    if explicit:
        return explicit
    known = [lang for lang in written_in if lang in messages().languages]
    if known:
        return known[0]
    return environment_language(environ or {}) or DEFAULT_LANGUAGE


def reader_timezone(
    explicit: str | None, community: str | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """The timezone to write times in: `explicit`, else the community's (or plan's), else the
    environment's `TZ` when it names a zone of the tz database, else Paris."""
    if explicit or community:
        return str(explicit or community)
    named = (environ or {}).get("TZ", "").strip().lstrip(":")
    try:
        return timezone_name(named) if named else DEFAULT_TIMEZONE
    except ValueError:
        return DEFAULT_TIMEZONE
