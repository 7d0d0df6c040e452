"""Erasing a member from the files a replay wrote (decisions.jsonl, events.jsonl, incident
reports): what the database forgets must not stay in the output folder.

A JSONL line about the member (their id as a value anywhere in it) becomes `{"erased": true}`,
keeping the line count; then every remaining occurrence of their id, name or texts, in any text
file of the folder, is replaced by a mark.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MARK = "[effacé / erased]"
_TEXT_FILES = {".jsonl", ".json", ".md", ".txt", ".html", ".csv"}
_MIN_LENGTH = 4  # shorter names and texts ("ok") would erase other people's words


def _mentions(value: Any, user_id: str) -> bool:
    if isinstance(value, dict):
        return any(_mentions(item, user_id) for item in value.values())
    if isinstance(value, list):
        return any(_mentions(item, user_id) for item in value)
    return value == user_id


def _erase_lines(text: str, user_id: str) -> str:
    lines = []
    for line in text.split("\n"):
        try:
            about = line.strip() and _mentions(json.loads(line), user_id)
        except ValueError:
            about = False
        lines.append('{"erased": true}' if about else line)
    return "\n".join(lines)


def _pattern(user_id: str, words: Iterable[str]) -> re.Pattern[str]:
    forms = {word for word in words if len(word) >= _MIN_LENGTH}
    forms |= {json.dumps(word, ensure_ascii=False)[1:-1] for word in forms}  # as escaped in JSON
    alternatives = sorted((re.escape(form) for form in forms), key=len, reverse=True)
    identifier = rf"(?<![\w-]){re.escape(user_id)}(?![\w-])"
    return re.compile("|".join([identifier, *alternatives]))


def erase_from_folder(folder: Path, user_id: str, words: Iterable[str]) -> int:
    """Erase the member from every text file under `folder`; return how many files changed."""
    pattern = _pattern(user_id, words)
    changed = 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix not in _TEXT_FILES:
            continue
        original = path.read_text(encoding="utf-8", errors="surrogateescape")
        text = _erase_lines(original, user_id) if path.suffix == ".jsonl" else original
        text = pattern.sub(MARK, text)
        if text != original:
            temporary = path.with_name(path.name + ".erasing")
            temporary.write_text(text, encoding="utf-8", errors="surrogateescape")
            os.chmod(temporary, path.stat().st_mode & 0o777)
            temporary.replace(path)
            changed += 1
    return changed


def member_words(export: dict[str, Any]) -> set[str]:
    """The member's names and texts, from `UserData.export_user`, to look for in files."""
    words = set()
    for message in export.get("messages", []):
        words.update(value for value in (message.get("author_name"), message.get("text")) if value)
    for appeal in export.get("appeals", []):
        if appeal.get("text"):
            words.add(appeal["text"])
    return words
