"""What the `vigie` commands print for a person, read in French and in English: the crisis status
and incident tables, the crisis commands' answers, the console's account commands and the
replay's summary, run on the demo database in the middle of the bad buzz.

The language is chosen as `bot.i18n.reader` says: here the environment's locale (`LANG`), or the
plan's and the charter's language, and `--lang` where the command has it. Each command's output
(standard output and errors together) is checked three ways:
- it shows no piece of the other language's catalog (the console's rule, `foreign_pieces`);
- it shows no time in UTC or ISO form;
- every word it shows is a word of its own language's catalog or of the data it reports
  (community, incidents, cases, roles, rule names, account names): a word of neither is text
  written outside the catalog, which is how the English-only commands showed themselves.
  Addresses, paths, `--options` and `quoted commands` are left out (they are not words to
  translate).
JSON output is data and stays as it is (`test_the_json_forms_do_not_depend_on_the_language`).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.charter.loader import load_charter
from bot.cli import main
from bot.i18n.catalog import messages
from tests.review.test_whole_language import TIME_IN_UTC_OR_ISO, _shows, foreign_pieces, visible

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = str(ROOT / "playbooks" / "fr" / "opalia.yaml")
DAY = str(ROOT / "charters" / "samples" / "opalia_day.jsonl")
LOCALES = {"fr": "fr_FR.UTF-8", "en": "en_US.UTF-8"}
NOT_WORDS = re.compile(r"\S+://\S+|(?<!\w)[/$-]\S+|`[^`]*`|\S+\.(?:jsonl|md|html|svg|db)\b")
WORD = re.compile(r"[^\W\d_]{3,}")
PASSWORD = "a long enough password"
INCIDENT = "opalia-20260312-1409"
DEPLOYMENT = str(ROOT / "docs" / "deploy" / "vigie.yaml")  # its charters are not beside it
DAY_LINES = Path(DAY).read_text(encoding="utf-8").splitlines()
DRILLS = {"fr": "campagne-pub.yaml", "en": "influencer-callout.yaml"}
# The report quotes the plan's own words, `vigie check` the charter's and the message's (and Babel's
# durations), `db upgrade` on a missing file the database driver's own error: not held to the word
# rule, only to the other two.
QUOTING = {"data", "report", "check", "check --lang", "db upgrade, no database"}
# A refused file's or line's place (`file:line:col: field:`) and the values it quotes as written
# ("a_posteriori", « ts ») are the file's, not words to translate.
LOCATED = re.compile(r"\S+:\d+(?::\d+)?: (?:[\w.\[\]-]+: )?|“[^”]*”|«[^»]*»")
BROKEN = {
    "charter.yaml": "meta:\n  id: test\n  languages: [{lang}]\n  mode: sometimes\n  colour: blue\n",
    "syntax.yaml": "meta: [unclosed\n",
    "twice.yaml": "meta:\n  id: a\n  id: b\nrules: []\n",
}


def _run(*argv: str) -> str:
    """Run `vigie argv`; what it printed, output and errors together."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(list(argv))
    return out.getvalue() + err.getvalue()


# `vigie check` words each rule's reason in the message's language (the member's words): the
# message is written in the reader's language, so the whole trace is in one language.
THREAT_AND_HELLO = {
    "fr": ("si je te croise je vais te tuer", "bonjour à tous"),
    "en": ("if I see you I'm going to kill you", "hello everyone"),
}


def _commands(url: str, lang: str, out: Path) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Every command run for a reader of `lang`, with its arguments."""
    db = ("--db", url)
    yield "status", ("crisis", "status", "--playbook", PLAYBOOK, "--lang", lang, *db)
    yield "status (plan's timezone, env. language)", ("crisis", "incidents", *db)
    yield "incidents (plan)", ("crisis", "incidents", "--playbook", PLAYBOOK, "--lang", lang, *db)
    yield (
        "no case",
        ("ack", "nosuchcase", "--by", "claire", "--playbook", PLAYBOOK, "--lang", lang, *db),
    )
    for argv in (
        ("add", "zoe", "--role", "manager", "--lang", lang),
        ("add", "zoe", "--role", "manager"),
        ("list",),
        ("disable", "zoe"),
        ("enable", "zoe"),
        ("role", "zoe", "moderator"),
        ("unlock", "zoe"),
        ("reset-link", "zoe"),
        ("logout", "zoe"),
        ("logout", "nobody"),
    ):
        yield "user " + " ".join(argv), ("user", *argv, *db)
    charter = str(ROOT / "charters" / lang / "opalia.yaml")
    plan = str(ROOT / "playbooks" / lang / "opalia.yaml")
    replay = ("replay", DAY, "--charter", charter, "--playbook", plan, "--no-models")
    yield "replay", (*replay, "--quiet", "--out", str(out))
    threat, hello = THREAT_AND_HELLO[lang]
    yield "check", ("check", threat, "--charter", charter, "--no-models")
    yield "check --lang", ("check", hello, "--charter", charter, "--lang", lang, "--no-models")
    broken = _broken_files(out.parent / "broken", lang)
    yield "validate broken", ("validate", *broken)
    yield "validate --lang", ("validate", "--lang", lang, broken[1])
    stream = ("replay", str(_bad_stream(out.parent)), "--charter", charter, "--no-models")
    yield "replay bad lines", (*stream, "--quiet", "--out", str(out / "bad"))
    yield "replay bad lines --strict", (*stream, "--strict", "--out", str(out / "strict"))
    yield "db status", ("db", "status", *db)
    yield "db upgrade", ("db", "upgrade", "--lang", lang, *db)
    nowhere = f"sqlite:///{out.parent / 'vigie.db' / 'inside-a-file.db'}"  # no folder can be made
    yield "db upgrade, no database", ("db", "upgrade", "--db", nowhere)
    yield "user-data delete, unconfirmed", ("user-data", "delete", "nobody", *db)
    yield "user-data delete", ("user-data", "delete", "nobody", "--yes", "--lang", lang, *db)
    yield "db backup", ("db", "backup", "--out", str(out.parent / "copy.db"), *db)
    yield "purge --dry-run", ("purge", "--charter", charter, "--dry-run", *db)
    deployment = _deployment(out.parent / "deploy")
    yield "deployment check", ("deployment", "check", "--deployment", deployment)
    yield "deployment check, missing", ("deployment", "check", "--deployment", DEPLOYMENT)
    drill = ROOT / "playbooks" / "drills" / lang / DRILLS[lang]
    responses = ("--responses", str(drill.with_suffix(".poor.yaml")), "--trainee", "zoe")
    yield "drill run", ("drill", "run", str(drill), *responses, "--out", str(out / "drill"), *db)
    yield "drill results", ("drill", "results", "--lang", lang, *db)


def _broken_files(folder: Path, lang: str) -> list[str]:
    """A charter naming its language with a wrong value, an unknown key and missing sections; a
    file that is not YAML; one with a key given twice."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in BROKEN.items():
        (folder / name).write_text(text.format(lang=lang), encoding="utf-8")
    return [str(folder / name) for name in BROKEN]


def _deployment(folder: Path) -> str:
    """The documented deployment file beside the charters and plans it names."""
    for part in ("charters/fr", "charters/en", "playbooks/fr", "playbooks/en"):
        shutil.copytree(ROOT / part, folder / part, dirs_exist_ok=True)
    shutil.copy(DEPLOYMENT, folder / "vigie.yaml")
    return str(folder / "vigie.yaml")


def _bad_stream(folder: Path) -> Path:
    """Three good messages of the bad-buzz day among lines that are not JSON, lack a field, have
    a bad time, repeat an id, go back in time and hold a NaN."""
    good = DAY_LINES[:3]
    first = json.loads(good[0])
    lines = [
        good[0],
        "{not json",
        json.dumps({k: v for k, v in first.items() if k != "ts"}),
        json.dumps(first | {"id": "x1", "ts": "yesterday"}),
        good[1],
        good[0],
        good[2],
        json.dumps(first | {"id": "x2"}),
        '{"id": NaN}',
    ]
    path = folder / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def printed(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """What each command printed, for each reader's language."""
    found: dict[str, dict[str, str]] = {}
    for lang, locale in LOCALES.items():
        folder = tmp_path_factory.mktemp(f"cli-{lang}")
        shutil.copy(demo_file, folder / "vigie.db")
        url = f"sqlite:///{folder / 'vigie.db'}"
        with pytest.MonkeyPatch.context() as env:
            for name in ("LC_ALL", "LC_MESSAGES", "VIGIE_DATABASE_URL", "TZ"):
                env.delenv(name, raising=False)
            env.setenv("LANG", locale)
            env.setenv("VIGIE_NEW_PASSWORD", PASSWORD)
            found[lang] = {name: _run(*argv) for name, argv in _commands(url, lang, folder / "out")}
            found[lang]["report"] = _report(url, lang, folder / "reports")
            found[lang]["data"] = _run(
                "crisis", "status", "--json", "--playbook", PLAYBOOK, "--db", url
            )
            found[lang]["data"] += _run("crisis", "incidents", "--json", "--db", url)
    return found


def _report(url: str, lang: str, out: Path) -> str:
    """The visible text of the incident report of the bad buzz (HTML, where the plan's own words
    are marked with their language and left out), for a reader of `lang`: the French plan's
    incident, its reasons worded for this reader from the data the monitor stored."""
    argv = ("report", "incident", INCIDENT, "--playbook", PLAYBOOK, "--lang", lang)
    _run(*argv, "--format", "html", "--out", str(out), "--db", url)
    return visible((out / f"incident-{INCIDENT}.html").read_text(encoding="utf-8"))[0]


def _catalog_words(lang: str) -> set[str]:
    catalog = messages().catalogs[lang]
    words: set[str] = set()
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            words |= {w.lower() for w in WORD.findall(str(text or ""))}
    return words


def _data_words(json_lines: str, lang: str) -> set[str]:
    """The words of the data the commands report: the JSON forms' values (minus the texts and
    names written in several languages), the rules' names, the accounts'."""
    words = {"zoe", "nobody", "nosuchcase", "opalia", "discord", "vigie", *DRILLS.values()}
    decoder = json.JSONDecoder()
    text, index = json_lines.strip(), 0
    while index < len(text):
        value, index = decoder.raw_decode(text, index)
        words |= _words_in(value, lang)
        while index < len(text) and text[index].isspace():
            index += 1
    named = re.findall(r"- name: (.*)", Path(DEPLOYMENT).read_text(encoding="utf-8"))
    words |= {w.lower() for name in named for w in WORD.findall(name)}  # the communities'
    words |= {r.id.lower() for r in load_charter(ROOT / "charters" / lang / "opalia.yaml").rules}
    drill = ROOT / "playbooks" / "drills" / lang / DRILLS[lang]  # its own criteria, in `lang`
    words |= {w.lower() for w in WORD.findall(drill.read_text(encoding="utf-8"))}
    return {piece for word in words for piece in [word, *WORD.findall(word)]}


def _words_in(value: object, lang: str) -> set[str]:
    if isinstance(value, dict):
        names = value.get("names")
        own = {str(names.get(lang, "")).lower()} if isinstance(names, dict) else set()
        kept = {k: v for k, v in value.items() if k not in ("texts", "names", "reason")}
        return own | {w for v in kept.values() for w in _words_in(v, lang)}
    if isinstance(value, list):
        return {w for v in value for w in _words_in(v, lang)}
    return {w.lower() for w in WORD.findall(str(value))} if isinstance(value, str) else set()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_commands_show_no_text_of_the_other_language(
    printed: dict[str, dict[str, str]], lang: str
) -> None:
    foreign = foreign_pieces(lang)
    found = {}
    for name, text in printed[lang].items():
        said = f" {' '.join(text.split()).lower()} "
        if name != "data" and (shown := sorted(p for p in foreign if _shows(said, p))):
            found[name] = shown
    assert found == {}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_commands_show_no_time_in_utc_or_iso_form(
    printed: dict[str, dict[str, str]], lang: str
) -> None:
    found = {
        name: shown
        for name, text in printed[lang].items()
        if name != "data" and (shown := TIME_IN_UTC_OR_ISO.findall(text))
    }
    assert found == {}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_word_the_commands_show_is_the_catalogs_or_the_datas(
    printed: dict[str, dict[str, str]], lang: str
) -> None:
    known = _catalog_words(lang) | _data_words(printed[lang]["data"], lang)
    found = {}
    for name, text in printed[lang].items():
        text = LOCATED.sub(" ", text) if name.startswith(("validate", "replay bad")) else text
        text = "\n".join(line for line in text.splitlines() if not line.startswith("{"))  # JSON
        words = {w.lower() for w in WORD.findall(NOT_WORDS.sub(" ", text))}
        if name not in QUOTING and (stray := sorted(words - known)):
            found[name] = stray
    assert found == {}


def test_the_commands_were_run(printed: dict[str, dict[str, str]]) -> None:
    """The checks above see real answers: the tables, the accounts, the summary."""
    fr, en = printed["fr"], printed["en"]
    assert "Heures : Europe/Paris." in fr["status"] and "Times: Europe/Paris." in en["status"]
    assert "cm (titulaire)" in fr["status"] and "cm (holder)" in en["status"]
    every_fr, every_en = "\n".join(fr.values()), "\n".join(en.values())
    assert "Compte « zoe » créé (community manager, en français)." in every_fr
    assert "Account “zoe” created (community manager, in English)." in every_en
    assert "Un compte nommé « zoe » existe déjà." in every_fr
    assert "Rapport d’incident" in fr["replay"] and "Incident report" in en["replay"]
    # The reasons the monitor stored as data, worded for each reader (the plan is French).
    assert "plaignants distincts" in fr["report"] and "distinct complainers" in en["report"]


def test_refused_files_and_lines_keep_their_place_and_read_in_the_readers_language(
    printed: dict[str, dict[str, str]],
) -> None:
    fr, en = printed["fr"], printed["en"]
    assert (
        "charter.yaml:4:3: meta.mode: valeur attendue : « a_posteriori », « a_priori » ou « shadow »"
        in fr["validate broken"]
    )
    assert (
        "charter.yaml:4:3: meta.mode: expected value: “a_posteriori”, “a_priori”, or “shadow”"
        in en["validate broken"]
    )
    assert (
        "charter.yaml:5:3: meta.colour: clé inconnue ; clés possibles : « community », « contact »"
        in fr["validate broken"]
    )
    assert "charter.yaml:1:1: rules: champ obligatoire manquant" in fr["validate broken"]
    assert (
        "twice.yaml:3:3: meta.id: clé en double (déjà définie à la ligne 2)"
        in fr["validate broken"]
    )
    assert (
        "twice.yaml:3:3: meta.id: duplicate key (first defined at line 2)" in en["validate broken"]
    )
    # A model's own check the catalog does not word: the generic sentence naming the field, and
    # the check's own explanation quoted (without it nobody would know what to fix).
    assert (
        "twice.yaml:4:1: rules: value refused for “rules” (the check says: “"
        in en["validate broken"]
    )
    assert (
        "twice.yaml:4:1: rules: valeur refusée pour « rules » (le contrôle indique : « "
        in fr["validate broken"]
    )
    assert "syntax.yaml:2:1: YAML mal formé à cet endroit" in fr["validate --lang"]
    assert "syntax.yaml:2:1: malformed YAML here" in en["validate --lang"]
    for expected in (
        "{}:2: JSON mal formé (colonne 2)",
        "{}:3: champ « ts » manquant",
        "{}:4: champ « ts » non valide",
        "{}:6: identifiant d0312-0001 déjà lu à la ligne 1",
        "{}:8: horodatage antérieur à celui de la ligne 7",
        "{}:9: « NaN » n’est pas un nombre JSON",
    ):
        assert expected.format("bad.jsonl") in fr["replay bad lines"]
    assert fr["replay bad lines"].count("ligne ignorée : /") == 5
    assert fr["replay bad lines"].count("attention : /") == 1
    assert "bad.jsonl:3: field “ts” missing" in en["replay bad lines"]
    assert (
        "bad.jsonl:2: JSON mal formé (colonne 2) (arrêt : --strict)"
        in fr["replay bad lines --strict"]
    )
    assert "simulation : rien n’a été modifié" in fr["purge --dry-run"]
    assert "dry run: nothing was changed" in en["purge --dry-run"]
    assert "sauvegarde écrite" in fr["db backup"] and "backup written" in en["db backup"]
    assert "discord 123456789012345678 : Opalia — Discord (opalia.yaml)" in fr["deployment check"]
    assert "charters/fr/opalia.yaml:1:1: fichier introuvable" in fr["deployment check, missing"]
    assert (
        "bad.jsonl:2: malformed JSON (column 2) (stopped: --strict)"
        in en["replay bad lines --strict"]
    )


def test_the_json_forms_do_not_depend_on_the_language(
    printed: dict[str, dict[str, str]],
) -> None:
    assert printed["fr"]["data"] == printed["en"]["data"]


def test_the_erasure_and_the_database_error_read_in_the_readers_language(
    printed: dict[str, dict[str, str]],
) -> None:
    fr, en = printed["fr"], printed["en"]
    assert "ajoutez --yes pour confirmer" in fr["user-data delete, unconfirmed"]
    assert "add --yes to confirm" in en["user-data delete, unconfirmed"]
    assert "données de « nobody » effacées : 0 élément" in fr["user-data delete"]
    assert "data of “nobody” erased: 0 items" in en["user-data delete"]
    assert "impossible d’ouvrir la base sqlite:///" in fr["db upgrade, no database"]
    assert "cannot open database sqlite:///" in en["db upgrade, no database"]
