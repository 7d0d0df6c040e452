"""The message catalog: gettext `.po` files (one per language, edited by translators with any
gettext tool), read with Babel, looked up by key.

Keys are symbolic (`drills.feed.suggestion`): the English text is a translation like the
French one, so neither language is the other's source of truth. One fallback rule: a language the
catalog does not have reads English; a key missing from a language it has is a bug that the
catalog's tests catch (`tests/unit/i18n`), never a silent fallback to the key.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALES = Path(__file__).with_name("locales")
DOMAIN = "vigie"
FALLBACK = "en"


class MissingMessage(KeyError):
    """A key the catalog does not have in the language asked or in the fallback."""


@dataclass(frozen=True)
class Messages:
    """The catalog of every language: one `text` lookup and one `plural` lookup."""

    catalogs: Mapping[str, Catalog]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the catalog has, in a stable order."""
        return tuple(sorted(self.catalogs))

    def keys(self, lang: str) -> set[str]:
        """Every key translated in `lang`."""
        return {
            str(m.id if isinstance(m.id, str) else m.id[0]) for m in self.catalogs[lang] if m.id
        }

    def text(self, lang: str, key: str, /, **values: Any) -> str:
        """The text of `key` in `lang` (English for a language the catalog does not have), with
        `values` put in its `{name}` fields."""
        string = self._string(lang, key)
        if isinstance(string, tuple):
            string = string[0]
        return string.format(**values)

    def plural(self, lang: str, key: str, count: int, **values: Any) -> str:
        """The form of `key` that agrees with `count` in `lang` (`{count}` is filled in)."""
        catalog = self._catalog(lang)
        forms = self._string(lang, key)
        if not isinstance(forms, tuple):
            raise MissingMessage(f"{key} has no plural forms in {catalog.locale}")
        index = _plural_rule(catalog.plural_expr)(count)
        return forms[min(index, len(forms) - 1)].format(count=count, **values)

    def _catalog(self, lang: str) -> Catalog:
        return self.catalogs.get(lang) or self.catalogs[FALLBACK]

    def _string(self, lang: str, key: str) -> str | tuple[str, ...]:
        message = self._catalog(lang).get(key)
        if message is None or not message.string:
            raise MissingMessage(f"no message {key!r} in {lang!r}")
        return message.string if isinstance(message.string, str) else tuple(message.string)


@cache
def _plural_rule(expression: str) -> Callable[[int], int]:
    # The Plural-Forms header is a C expression over n ("(n > 1)" in French): the standard
    # library's gettext compiles it (checked, not eval'd as written).
    return gettext.c2py(expression)


def read_catalogs(root: Path = LOCALES, languages: Iterable[str] | None = None) -> Messages:
    """Read the `.po` file of each language under `root`."""
    found = languages or sorted(p.name for p in root.iterdir() if p.is_dir())
    catalogs = {}
    for lang in found:
        with (root / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
            catalogs[lang] = read_po(handle, locale=lang, domain=DOMAIN)
    return Messages(catalogs)


@cache
def messages() -> Messages:
    """The product's catalog, read once: it is data, not state."""
    return read_catalogs()
