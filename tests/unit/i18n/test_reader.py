"""The command line's reader: `--lang`, the document's language, the environment's locale (POSIX
order), else French; `--tz`, the community's, `TZ`, else Paris."""

from __future__ import annotations

import pytest

from bot.i18n.reader import reader_language, reader_timezone


@pytest.mark.parametrize(
    ("explicit", "written_in", "environ", "lang"),
    [
        ("en", ["fr"], {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, ["en", "fr"], {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, ["de", "fr"], {}, "fr"),
        (None, [], {"LANG": "en_US.UTF-8"}, "en"),
        (None, [], {"LC_ALL": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        (None, [], {"LC_MESSAGES": "en_GB", "LANG": "fr_FR"}, "en"),
        (None, [], {"LC_ALL": "C", "LANG": "en_US.UTF-8"}, "fr"),
        (None, [], {"LANG": "de_DE.UTF-8"}, "fr"),
        (None, [], {}, "fr"),
    ],
    ids=[
        "option",
        "document",
        "document-language-unknown",
        "lang",
        "lc-all-first",
        "lc-messages",
        "c-locale",
        "unknown-locale",
        "nothing",
    ],
)
def test_the_language(
    explicit: str | None, written_in: list[str], environ: dict[str, str], lang: str
) -> None:
    assert reader_language(explicit, written_in, environ) == lang


@pytest.mark.parametrize(
    ("explicit", "community", "environ", "zone"),
    [
        ("UTC", "Europe/Paris", {}, "UTC"),
        (None, "America/Montreal", {"TZ": "Asia/Tokyo"}, "America/Montreal"),
        (None, None, {"TZ": ":Asia/Tokyo"}, "Asia/Tokyo"),
        (None, None, {"TZ": "Not/AZone"}, "Europe/Paris"),
        (None, None, {}, "Europe/Paris"),
    ],
    ids=["option", "community", "tz", "bad-tz", "nothing"],
)
def test_the_timezone(
    explicit: str | None, community: str | None, environ: dict[str, str], zone: str
) -> None:
    assert reader_timezone(explicit, community, environ) == zone
