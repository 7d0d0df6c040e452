"""Every page of the console and every report, read in French and in English: none shows a text
of the catalog's other language, and none shows a time in UTC or ISO form.

The pages are found by walking the application: from the home page, every link to the console is
followed (every case, member, crisis room, report and file they link to), then the what-if's
result and the error pages are added; a test checks that this reaches every page route the
application has, so a new page is covered without listing it here.

What counts as "a text of the other language" (the rule, made precise):
- every entry of the catalog is cut at its `{fields}` into the fixed pieces a reader sees;
- a piece is kept if it has at least two words and eight characters (single words, "Score",
  "Message", "Actions", are often the same in both languages) and appears in no text of the page's own
  language (names and terms used by both, "community manager", are not a sign of the wrong
  language);
- a page shows such a piece when it is in the page's visible text (text nodes, and the labels a
  screen reader says: aria-label, title, placeholder), compared case-insensitively as whole words,
  with spaces collapsed.
The moderated messages, charter and plan are the community's own (French): they are data, not
texts of the catalog, so they do not trip the rule.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from starlette.routing import Route

from bot.i18n.catalog import messages
from bot.review.web.reset import issue_link
from tests.review.conftest import PASSWORD, Console, cheap_passwords

MACHINE_ROUTES = {"/healthz", "/metrics", "/reports/week.csv"}  # read by programs, not people
PER_ROUTE = 60  # pages followed per route (every case of the demo queue is under it)
EXTRA_PAGES = ("/cases/999999", "/no/such/page", "/reports/incidents/no-such-incident")
SPOKEN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}
UNSEEN_TAGS = {"script", "style", "textarea"}
TIME_IN_UTC_OR_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}"  # ISO date and time
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?Z\b"  # a time in Zulu
    r"|\d{1,2}:\d{2}:\d{2}\.\d+"  # fractions of a second
    r"|[+-]00:?00\b"  # a UTC offset
    r"|\bUTC\b|\bGMT\b"
)


class _Visible(HTMLParser):
    """The text a reader sees or hears, and the console links of a page. An element whose `lang`
    is not the page's quotes the community in its own language (a message, the notice a member
    received, a statement): it is left out, as is a form field's content being edited."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.page_lang = ""
        self._skipped: tuple[str, int] | None = None  # the tag left out, and its nesting

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        href = values.get("href") or ""
        if tag == "a" and href.startswith("/") and "/static/" not in href:
            self.links.append(href)
        if tag == "html":
            self.page_lang = values.get("lang") or ""
        if self._skipped is not None:
            name, depth = self._skipped
            self._skipped = (name, depth + (tag == name))
            return
        if tag in UNSEEN_TAGS or (values.get("lang") not in (None, self.page_lang)):
            self._skipped = (tag, 1)
            return
        self.parts += [v for n, v in attrs if n in SPOKEN_ATTRIBUTES and v]

    def handle_endtag(self, tag: str) -> None:
        if self._skipped is not None and tag == self._skipped[0]:
            depth = self._skipped[1] - 1
            self._skipped = (tag, depth) if depth else None

    def handle_data(self, data: str) -> None:
        if self._skipped is None:
            self.parts.append(data)


def visible(body: str, html: bool = True) -> tuple[str, list[str]]:
    """The visible text of a page (spaces collapsed) and its console links."""
    if not html:
        return " ".join(unescape(body).split()), []
    parser = _Visible()
    parser.feed(body)
    return " ".join(" ".join(parser.parts).split()), parser.links


def _pieces(text: str) -> list[str]:
    return [" ".join(literal.split()) for literal, *_ in string.Formatter().parse(text)]


def _entries(lang: str) -> list[str]:
    catalog = messages().catalogs[lang]
    found = []
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            found += [s for s in strings if s]
    return found


def foreign_pieces(page_lang: str) -> set[str]:
    """The pieces of the other language's catalog that must not show on a `page_lang` page."""
    (other,) = set(messages().languages) - {page_lang}
    own = " \n ".join(" ".join(e.split()) for e in _entries(page_lang)).lower()
    pieces = {
        piece.strip(" .:;,!?()«»“”\"'…·—-").lower()
        for entry in _entries(other)
        for piece in _pieces(entry)
    }
    return {p for p in pieces if len(p.split()) >= 2 and len(p) >= 8 and p not in own}


def _shows(text: str, piece: str) -> bool:
    """Whether `piece` is in `text` as whole words ("le message" is not in "rule message")."""
    return re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text) is not None


def _route_of(path: str, routes: list[Route]) -> str | None:
    scope = {"type": "http", "path": path, "method": "GET"}
    for route in routes:
        match, _ = route.matches(scope)
        if match.name == "FULL":
            return route.path
    return None


def page_routes(console: Console) -> list[Route]:
    """The application's page routes (GET), machine endpoints left out."""
    return [
        r
        for r in console.client.app.routes  # type: ignore[attr-defined]
        if isinstance(r, Route) and "GET" in (r.methods or ()) and r.path not in MACHINE_ROUTES
    ]


def crawl(console: Console, starts: tuple[str, ...]) -> Iterator[tuple[str, int, str, bool]]:
    """Every console page reachable from `starts` by links: (path, status, body, is_html)."""
    routes = page_routes(console)
    seen: set[str] = set()
    per_route: dict[str, int] = {}
    waiting = list(starts)
    while waiting:
        path = waiting.pop(0)
        route = _route_of(urlsplit(path).path, routes)
        if path in seen or (route is None and path not in starts):
            continue
        seen.add(path)
        per_route[str(route)] = per_route.get(str(route), 0) + 1
        if per_route[str(route)] > PER_ROUTE:
            continue
        response = console.client.get(path, follow_redirects=True)
        html = response.headers["content-type"].startswith("text/html")
        yield path, response.status_code, response.text, html
        waiting += visible(response.text, html)[1]


def _english_admin(console: Console) -> None:
    from bot.store.web_repo import ConsoleAccounts

    hashed = cheap_passwords().hash(PASSWORD)
    ConsoleAccounts(console.db).add("ann", hashed, "admin", "en", console.clock.now(), "test")


def _whatif_result(console: Console) -> str:
    """The what-if's result for the charter in force (posted as the form does)."""
    token = console.csrf("/whatif")
    return console.client.post(
        "/whatif", data={"charter": "en/opalia.yaml", "days": "7", "csrf_token": token}
    ).text


def _reset_page(console: Console) -> str:
    """The page of a password reset link issued for julien."""
    issued = issue_link(
        console.db, "julien", console.clock.now(), timedelta(hours=1), "ada", "http://127.0.0.1"
    )
    assert issued is not None
    return urlsplit(issued.url).path


def every_page(console: Console, lang: str) -> list[tuple[str, int, str, bool]]:
    """Every page an admin reading `lang` sees, and the login page."""
    console.client.cookies.clear()
    login = console.client.get(f"/login?lang={lang}")
    pages = [("/login", login.status_code, login.text, True)]
    if lang == "en":
        _english_admin(console)
    console.login("ann" if lang == "en" else "ada")
    starts = ("/", "/crisis/opalia", "/whatif", _reset_page(console), *EXTRA_PAGES)
    pages += list(crawl(console, starts))
    pages.append(("POST /whatif", 200, _whatif_result(console), True))
    return pages


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_shows_the_other_language(console: Console, lang: str) -> None:
    foreign = foreign_pieces(lang)
    found = {}
    for path, _, body, html in every_page(console, lang):
        if path.endswith(".md"):
            continue  # the Markdown report: the text of its HTML twin, which is checked
        text = f" {visible(body, html)[0].lower()} "
        if shown := sorted(piece for piece in foreign if _shows(text, piece)):
            found[path] = shown
    assert found == {}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_shows_a_time_in_utc_or_iso_form(console: Console, lang: str) -> None:
    found = {}
    for path, _, body, html in every_page(console, lang):
        if shown := TIME_IN_UTC_OR_ISO.findall(visible(body, html)[0]):
            found[path] = shown
    assert found == {}


# What the issue saw in the French console, each a sign of text the catalog did not write.
SYMPTOMS = re.compile(
    r"\d+ d \d+ h|\d+ h \d+ min(?! \d)|\d+ min \d+ s(?![\w])"  # "270 d 3 h": not Babel's
    r"|<@!?\w+>"  # a raw mention
    r"|\{\"\w+\":"  # raw JSON
    r"|Not Found|Internal Server Error"
    r"|\((?:pending|done|failed)\)"  # an outbox status code
)


def test_no_french_page_shows_what_the_issue_reported(console: Console) -> None:
    found = {}
    for path, _, body, html in every_page(console, "fr"):
        text = visible(body, html)[0]
        if path.startswith("/crisis"):  # the countdown ticks in "3 min 17 s", as its script does
            text = re.sub(r"\d+ min \d+ s", "", text)
        if shown := SYMPTOMS.findall(text):
            found[path] = shown
    assert found == {}


def test_a_feminine_filter_reads_toutes(console: Console) -> None:
    page = console.login("julien").get("/queue").text
    community = page.split('id="f-community"')[1].split("</select>")[0]
    kind = page.split('id="f-kind"')[1].split("</select>")[0]
    assert '<option value="">Toutes</option>' in community
    assert '<option value="">Tous</option>' in kind


def test_the_walk_reaches_every_page_route(console: Console) -> None:
    pages = every_page(console, "fr")
    routes = page_routes(console)
    reached = {_route_of(urlsplit(path).path, routes) for path, *_ in pages}
    assert {r.path for r in routes} - reached <= {"/whatif/jobs/{job}"}  # see test_whatif
    statuses = {path: status for path, status, *_ in pages}
    assert statuses["/cases/999999"] == 404 and statuses["/no/such/page"] == 404


def test_the_rule_finds_english_on_a_french_page() -> None:
    foreign = foreign_pieces("fr")
    assert "review queue" in foreign and "file d'examen" not in foreign
    assert "community manager" not in foreign  # the same in both languages
    page = "<p>Cas 3</p><button aria-label='Take case 3'>Prendre</button>"
    assert "take case" in visible(page)[0].lower()
    assert TIME_IN_UTC_OR_ISO.findall("le 2026-03-12 14:09:17.123456Z, 15:09 UTC, 16:00")
