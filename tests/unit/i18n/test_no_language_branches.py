"""No inline language branches in `bot/`: a text a person reads comes from the message catalog, so
a new language is a new `.po` file, not a hunt through modules.

What counts, found in the syntax tree (not by grep, so formatting cannot hide it):
- a comparison with a language code (`lang == "en"`, `lang != "fr"`, `lang in ("fr", "en")`);
- a dict literal keyed by two or more language codes (`{"fr": …, "en": …}`);
- a name for one language's wording (`fr`, `en`, `fr_verb`, `title_en`, `FRENCH_NAMES`,
  `class FrenchNames`);
- a pair of texts, French then English, side by side in a tuple or a call's arguments
  (`("un lien", "a link")`, `text_for(lang, "Aucun lien.", "No link.")`).

Modules that hold language *data* rather than text for people (stopwords, training sentences,
grammar rules a template cannot hold) are allowed by name, each with its reason; an allowed module
that no longer has a hit must leave the list.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

from bot.i18n.catalog import messages

ROOT = Path(__file__).resolve().parents[3]
LANGS = frozenset(messages().languages)

ALLOWED = {
    "bot/text/language.py": "stopwords per language, to guess a message's language",
    "bot/ml/augment.py": "training sentences per language for the models",
    "bot/ml/identity_templates.py": "training sentences per language for the hate label",
    "bot/ml/suite_blind_hate_d.py": "evaluation messages per language (the blind hate set)",
    "bot/ml/lexicon.py": "plural and feminine endings per language, to match lexicon lemmas",
    "bot/crisis/french.py": "French seams in filled templates ('de le' → 'du'), grammar",
    "bot/crisis/evidence.py": "benchmark runs over the French and English shipped playbooks",
    "bot/drills/lexicon.py": "phrases recognised in a trainee's messages, in both languages",
}

_FRENCH = re.compile(
    r"[éèêàùçœ«»]|\b(le|la|les|des|du|une?|et|dans|pour|avec|sur|pas|ce|qui)\b", re.I
)
_ENGLISH = re.compile(r"\b(the|of|and|in|to|for|with|on|not|is|a|an|no|by)\b", re.I)
_PATTERN = re.compile(r"[|\\]|\(\?")
# Lowercase `fr`/`en` parts name one language's text (`fr_verb`); upper-case ones name language
# data (`_VERBS_FR`, lexicons per language), which is fine.
_ONE_LANGUAGE_NAME = re.compile(
    r"^(fr|en)$|^(fr|en)_|_(fr|en)$|(?i:(^|_)(french|english)(_|$))|^(French|English)[A-Z]"
)


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _is_code(node: ast.AST) -> bool:
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_is_code(element) for element in node.elts)
    return _text(node) in LANGS


def _bilingual(first: ast.AST, second: ast.AST) -> bool:
    """French text followed by its English translation (patterns to match are not texts)."""
    a, b = _text(first), _text(second)
    if a and b and _PATTERN.search(a + b):
        return False
    return bool(
        a and b and a != b and _FRENCH.search(a) and not _FRENCH.search(b) and _ENGLISH.search(b)
    )


def _bound_names(node: ast.AST) -> list[str]:
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    if isinstance(node, ast.arguments):
        return [a.arg for a in (*node.posonlyargs, *node.args, *node.kwonlyargs)]
    if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return [node.name]
    return []


def _why(node: ast.AST) -> str | None:
    if isinstance(node, ast.Compare) and any(_is_code(p) for p in (node.left, *node.comparators)):
        return "compares with a language code"
    keys = {_text(k) for k in node.keys if k is not None} if isinstance(node, ast.Dict) else set()
    if len(keys & LANGS) >= 2:
        return "dict keyed by languages"
    if any(_ONE_LANGUAGE_NAME.search(name) for name in _bound_names(node)):
        return "name for one language's wording"
    pairs: list[ast.AST] = []
    if isinstance(node, ast.Tuple):
        pairs = node.elts
    elif isinstance(node, ast.Call):
        pairs = node.args
    if any(_bilingual(a, b) for a, b in itertools.pairwise(pairs)):
        return "French and English texts side by side"
    return None


def offenders(root: Path) -> list[str]:
    """Every inline language branch under `root/bot`, as "path:line: why"."""
    found = []
    for path in sorted((root / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            why = _why(node)
            if why:
                line = getattr(node, "lineno", None) or _line_of_arguments(node)
                found.append(f"{path.relative_to(root)}:{line}: {why}")
    return found


def _line_of_arguments(node: ast.AST) -> int:
    names = [*getattr(node, "posonlyargs", ()), *getattr(node, "args", ())]
    return names[0].lineno if names else 0


def test_no_inline_language_branch_outside_the_data_modules() -> None:
    found = [o for o in offenders(ROOT) if o.split(":", 1)[0] not in ALLOWED]
    assert found == []


def test_every_allowed_module_still_needs_it() -> None:
    hit = {o.split(":", 1)[0] for o in offenders(ROOT)}
    assert sorted(set(ALLOWED) - hit) == []


def test_the_rules_catch_each_form(tmp_path: Path) -> None:
    module = tmp_path / "bot" / "planted.py"
    module.parent.mkdir()
    module.write_text(
        "def say(lang, fr, en):\n"
        "    return en if lang == 'en' else fr\n"
        "WORDS = {'fr': 'lien', 'en': 'link'}\n"
        "PAIR = ('un lien interdit', 'a forbidden link')\n"
        "fr_verb = 'atteint'\n"
        "ok = lang in ('fr', 'en')\n"
        "text = say(lang, f'Aucun lien trouvé ({n}).', f'No link found ({n}).')\n"
        "fine = ('warn', 'avertir')\n"
        "FRENCH_NAMES = {'report': 'signaler'}\n"
        "class FrenchNames: ...\n"
    )
    found = sorted(
        (o.split(":", 1)[1] for o in offenders(tmp_path)), key=lambda o: int(o.split(":")[0])
    )
    assert found == [
        "1: name for one language's wording",
        "2: compares with a language code",
        "3: dict keyed by languages",
        "4: French and English texts side by side",
        "5: name for one language's wording",
        "6: compares with a language code",
        "7: French and English texts side by side",
        "9: name for one language's wording",
        "10: name for one language's wording",
    ]
