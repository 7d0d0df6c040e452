"""Texts cut by a YAML comment: in an unquoted value, " #" starts a comment, so
`fr: … vont dans #hors-sujet.` loads as "… vont dans" and the rest silently disappears from the
public charter and the member's notice. The YAML is valid, so only a look at the source finds
it: a plain (unquoted) scalar of several words followed, on the same line, by a comment."""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class CutText:
    """A text that a same-line comment may have cut, with where the comment starts."""

    path: str
    line: int  # 1-based, as editors count
    column: int
    kept: str
    comment: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}:{self.column}: warning: the text stops at «{self.kept}»: "
            f"«{self.comment}» is a YAML comment (a # after a space); quote the text to keep it"
        )


def cut_texts(path: str, source: str) -> list[CutText]:
    """Every multi-word plain scalar of `source` followed by a comment on its line."""
    lines = source.splitlines()
    found = []
    try:
        tokens = list(yaml.scan(source, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return []  # the loader reports broken YAML with its own location
    for token in tokens:
        if not isinstance(token, yaml.ScalarToken) or not token.plain or " " not in token.value:
            continue
        end = token.end_mark
        rest = lines[end.line][end.column :] if end.line < len(lines) else ""
        if rest.lstrip().startswith("#"):
            start = end.column + len(rest) - len(rest.lstrip())
            found.append(CutText(path, end.line + 1, start + 1, token.value, rest.strip()))
    return found
