"""Mentions as a reader sees them: a Discord message stores `<@123>`, the console shows the name
the member last wrote under ("@Lina.A"), or the bare id when the store never saw them write."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.store.console_queries import display_names
from bot.store.database import Database

MENTION = re.compile(r"<@!?(\w+)>")


def mentioned(texts: Iterable[str | None]) -> set[str]:
    """The ids of the members mentioned in `texts`."""
    return {found for text in texts if text for found in MENTION.findall(text)}


def names_for(db: Database, community: str, texts: Iterable[str | None]) -> dict[str, str]:
    """The names of the members mentioned in `texts`, by id."""
    return display_names(db, community, mentioned(texts))


def shown(text: str, names: Mapping[str, str]) -> str:
    """`text` with each mention written as "@name"."""
    return MENTION.sub(lambda m: "@" + names.get(m.group(1), m.group(1)), text)


def names_in_cases(db: Database, excerpts: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """The names of the members mentioned in (community, text) pairs, by id."""
    by_community: dict[str, list[str | None]] = {}
    for community, text in excerpts:
        by_community.setdefault(community, []).append(text)
    names: dict[str, str] = {}
    for community, texts in by_community.items():
        names |= names_for(db, community, texts)
    return names
