"""What a person reads when a configuration file (a charter, a plan) or a line of a message
stream is refused: the place stays as editors and CI parse it (`file:line:col:` and the field's
path, or `file:line:`), the sentence after it comes from the catalog in the reader's language.

The loaders record what went wrong as a code and its values (`ConfigIssue.code`,
`LineError.code`); a code the catalog does not word (a model's own check) reads as the generic
sentence naming the field, followed by the check's own explanation. Their English `message` stays the operators' wording (logs,
exceptions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.i18n import formats
from bot.i18n.catalog import messages

if TYPE_CHECKING:
    from bot.adapters.jsonl import LineError
    from bot.yamlsrc import ConfigIssue


def word_issue(issue: ConfigIssue, lang: str) -> str:
    """`file:line:col: path: sentence` of a configuration issue, in `lang`."""
    where = f"{issue.file}:{issue.line}:{issue.column}"
    known = _sentence("config.issue.", issue.code, issue.params, lang)
    sentence = known or _generic(issue, lang)
    return f"{where}: {issue.path}: {sentence}" if issue.path else f"{where}: {sentence}"


def _generic(issue: ConfigIssue, lang: str) -> str:
    """A check the catalog does not word (a model's own validator): the generic sentence, with
    the check's own explanation quoted as it is (in English) rather than dropped: without it, a
    community manager would not know what to fix."""
    field = issue.path or "—"
    if not issue.message:
        return messages().text(lang, "config.issue_generic", field=field)
    return messages().text(lang, "config.issue_generic_because", field=field, detail=issue.message)


def word_line_error(error: LineError, lang: str) -> str:
    """`file:line: sentence` of a stream line refused (or odd), in `lang`."""
    known = _sentence("stream.issue.", error.code, error.params, lang)
    return f"{error.source}:{error.line}: {known or messages().text(lang, 'stream.issue_generic')}"


def _sentence(family: str, code: str, params: Mapping[str, Any], lang: str) -> str | None:
    key = family + code
    if not code or key not in messages().keys(lang):
        return None
    return messages().text(lang, key, **{k: _value(k, v, lang) for k, v in params.items()})


def _value(name: str, value: Any, lang: str) -> str:
    """A value as the reader's locale writes it: choices joined by "or", keys by "and",
    numbers with the locale's separators, anything else quoted as written."""
    if name in ("choices", "keys"):  # names written as in the file: quoted, never translated
        quoted = [messages().text(lang, "config.quoted", value=v) for v in value]
        return (formats.alternatives if name == "choices" else formats.listing)(quoted, lang)
    if isinstance(value, list | tuple):
        return formats.listing([str(v) for v in value], lang)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number(value, lang)
    return str(value)
