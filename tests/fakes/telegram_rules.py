"""Telegram's rules on message texts, as the fake Bot API enforces them.

* A text is at most 4096 characters after entity parsing ("Bad Request: message is too long"),
  a caption 1024; an empty text is refused.
* With ``parse_mode=HTML`` the text must be valid Telegram HTML: only the supported tags
  (``b strong i em u ins s strike del span tg-spoiler a tg-emoji code pre blockquote``),
  every tag closed in order, ``<`` ``>`` ``&`` escaped outside tags, only the named entities
  ``&lt; &gt; &amp; &quot;`` and numeric ones. Otherwise Telegram answers
  "Bad Request: can't parse entities: ..." (wording after the Bot API's own messages).

Source: https://core.telegram.org/bots/api#formatting-options and #sendmessage.
"""

from __future__ import annotations

import re

MAX_TEXT = 4096
MAX_CAPTION = 1024

HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_TOKEN = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^<>]*)>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[<>&]")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class TextRefused(ValueError):
    """The text breaks one of Telegram's rules; the message is Telegram's description."""


def visible_html(text: str) -> str:
    """The text a reader sees once Telegram parsed the HTML; TextRefused if it cannot."""
    out: list[str] = []
    open_tags: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        offset = len(text[: match.start()].encode())
        closing, tag, entity = match.group(1), match.group(2), match.group(4)
        if tag is not None:
            _check_tag(tag.lower(), bool(closing), open_tags, offset)
        elif entity is not None:
            out.append(_entity(entity, offset))
        else:
            raise TextRefused(
                f"can't parse entities: Character '{match.group()}' is reserved and must be "
                f"escaped, at byte offset {offset}"
            )
    if open_tags:
        raise TextRefused(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{open_tags[-1]}\""
        )
    out.append(text[position:])
    return "".join(out)


def _check_tag(tag: str, closing: bool, open_tags: list[str], offset: int) -> None:
    if tag not in HTML_TAGS:
        kind = "end" if closing else "start"
        raise TextRefused(
            f'can\'t parse entities: Unsupported {kind} tag "{tag}" at byte offset {offset}'
        )
    if not closing:
        open_tags.append(tag)
        return
    if not open_tags or open_tags[-1] != tag:
        expected = f"</{open_tags[-1]}>" if open_tags else "nothing"
        raise TextRefused(
            f"can't parse entities: Unmatched end tag at byte offset {offset}, "
            f'expected "{expected}", found "</{tag}>"'
        )
    open_tags.pop()


def _entity(name: str, offset: int) -> str:
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    if name in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[name]
    raise TextRefused(
        f'can\'t parse entities: Unsupported HTML entity "&{name};" at byte offset {offset}'
    )


def check_text(text: str, parse_mode: str | None, *, limit: int = MAX_TEXT) -> str:
    """The text as shown, after Telegram's checks; TextRefused with Telegram's description."""
    shown = visible_html(text) if (parse_mode or "").upper() == "HTML" else text
    if not shown.strip():
        raise TextRefused("message text is empty")
    if len(shown) > limit:
        raise TextRefused("message is too long")
    return shown
