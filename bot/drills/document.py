"""A small document model (headings, paragraphs, lists, tables, quotes, a picture) and its two
renderings, Markdown and a self-contained HTML page, so that the debrief is written once and reads
the same in both. In Markdown the picture is a file beside it; in HTML it is inlined."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

_CSS = """
body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;width:100%}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3} blockquote{border-left:4px solid #1f4e79;margin:1em 0;padding:.2em 1em;
background:#f6f9fc} .score{font-size:1.4em} svg{max-width:100%;height:auto}
""".strip()


@dataclass(frozen=True)
class Heading:
    """A heading of level 1 to 3."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Para:
    """A paragraph; `strong` makes it stand out (the score)."""

    text: str
    strong: bool = False


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Quote:
    """A quoted text (a statement as it was posted)."""

    text: str


@dataclass(frozen=True)
class Picture:
    """An SVG picture: a file beside the Markdown, inline in HTML."""

    svg: str
    file: str
    alt: str


Block = Heading | Para | Bullets | Table | Quote | Picture


def _cell_md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def to_markdown(blocks: list[Block]) -> str:
    """The document as Markdown."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Para):
            out.append(f"**{block.text}**" if block.strong else block.text)
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {item}" for item in block.items))
        elif isinstance(block, Table):
            lines = ["| " + " | ".join(_cell_md(h) for h in block.header) + " |"]
            lines.append("|" + "|".join("---" for _ in block.header) + "|")
            lines += ["| " + " | ".join(_cell_md(c) for c in row) + " |" for row in block.rows]
            out.append("\n".join(lines))
        elif isinstance(block, Quote):
            out.append("\n".join(f"> {line}" if line else ">" for line in block.text.splitlines()))
        else:
            out.append(f"![{block.alt}]({block.file})")
    return "\n\n".join(out) + "\n"


def to_html(blocks: list[Block], title: str, lang: str) -> str:
    """The document as one HTML page (the picture inlined)."""
    body: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            body.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            text = escape(block.text)
            body.append(
                f'<p class="score"><strong>{text}</strong></p>'
                if block.strong
                else f"<p>{text}</p>"
            )
        elif isinstance(block, Bullets):
            body.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_cell_html(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(block, Quote):
            body.append(f"<blockquote>{_cell_html(block.text)}</blockquote>")
        else:
            body.append(f'<figure aria-label="{escape(block.alt)}">{block.svg}</figure>')
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _cell_html(text: str) -> str:
    return escape(text).replace("\n", "<br>")
