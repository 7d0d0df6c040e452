"""The message catalog: complete in every language, nothing in it unused, fields that agree
between translations, one fallback rule, plurals from the catalog."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from bot.i18n.catalog import MissingMessage, messages

ROOT = Path(__file__).resolve().parents[3]
CATALOG = messages()


def _literals() -> tuple[set[str], tuple[str, ...]]:
    """Every string constant written in `bot/`, and the fixed heads of its f-strings (a family
    of keys looked up as f"crit_{name}")."""
    constants: set[str] = set()
    heads: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
                heads.add(str(node.values[0].value))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
    template_constants = _template_literals()
    constants |= template_constants
    heads |= {c for c in template_constants if c.endswith(("_", "."))}
    # A bare namespace (f"drills.{key}") names no key in particular: the key is in `key`.
    specific = (head for head in heads if len(head) >= 3 and not re.fullmatch(r"\w+\.", head))
    return constants, tuple(specific)


def _template_literals() -> set[str]:
    """Every string constant of the console's templates (`t("kind_" + case.kind)` names the
    family `kind_`)."""
    env = Environment()
    found: set[str] = set()
    for path in (ROOT / "bot").rglob("templates/**/*.html"):
        tree = env.parse(path.read_text("utf-8"))
        found |= {n.value for n in tree.find_all(nodes.Const) if isinstance(n.value, str)}
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_key() -> None:
    keys = {lang: CATALOG.keys(lang) for lang in CATALOG.languages}
    every = set().union(*keys.values())
    assert {lang: sorted(every - have) for lang, have in keys.items()} == {
        lang: [] for lang in CATALOG.languages
    }


def test_no_entry_is_unused() -> None:
    # A key is used when the code names it whole, or names its last part (a key held in a
    # variable: f"drills.{key}" with key = "res_none"), or builds it from a fixed head
    # (f"discord.button.{verdict}", or f"crit_{name}" for drills.crit_...).
    constants, heads = _literals()
    unused = [
        key
        for key in sorted(CATALOG.keys("fr"))
        if not {key, key.rsplit(".", 1)[-1]} & constants
        and not key.startswith(heads)
        and not key.rsplit(".", 1)[-1].startswith(heads)
    ]
    assert unused == []


@pytest.mark.parametrize("key", sorted(CATALOG.keys("fr")))
def test_translations_fill_the_same_fields(key: str) -> None:
    fields = {lang: _fields(str(CATALOG.catalogs[lang][key].string)) for lang in CATALOG.languages}
    assert fields["fr"] == fields["en"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "Aucun résultat"), ("en", "No results stored yet."), ("de", "No results stored yet.")],
    ids=["fr", "en", "unknown-reads-english"],
)
def test_one_fallback_rule(lang: str, expected: str) -> None:
    assert CATALOG.text(lang, "drills.res_none").startswith(expected)


def test_a_missing_key_is_an_error_not_the_key() -> None:
    with pytest.raises(MissingMessage):
        CATALOG.text("fr", "drills.no_such_text")


# "(s)" stands in for a plural form the catalog can give ("1 note", "3 notes"). French has three
# forms: one, many (a multiple of a million: "1 000 000 d'auteurs", rightly elided) and other.
PLURAL_SLIP = re.compile(r"\w\(s\)")


@pytest.mark.parametrize("lang", sorted(messages().languages))
def test_no_entry_writes_a_plural_as_parenthesised_s(lang: str) -> None:
    slips = {
        message.id: forms
        for message in messages().catalogs[lang]
        if message.id
        for forms in [message.string if isinstance(message.string, tuple) else (message.string,)]
        if any(PLURAL_SLIP.search(form or "") for form in forms)
    }
    assert slips == {}
