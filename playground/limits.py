"""What Telegram refuses in a call's content, as `LocalBotAPI` checks it: broken HTML, a text
or caption too long once its markup is read, callback data over 64 bytes, a toast over 200
characters.

Each check returns Telegram's description of the refusal (always a 400), or None when the
content would pass. The HTML is read as Telegram reads `parse_mode=HTML`: a few known tags,
the four named entities and numeric ones, a stray `&` kept as it is, a stray `<` refused; the
lengths are counted on the text a person would see (Telegram counts "after entities
parsing"), in characters.
"""

from __future__ import annotations

import re
from typing import Any

#: Telegram's limits: a message's text, a media caption, a callback query's toast.
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
TOAST_LIMIT = 200
CALLBACK_DATA_BYTES = 64

_TAGS = frozenset({"a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
                   "tg-spoiler", "tg-emoji", "code", "pre", "blockquote"})
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_TAG_NAME = re.compile(r"[a-zA-Z0-9-]*")


class HTMLRefused(ValueError):
    """Telegram's "can't parse entities", with its reason."""


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _entity(text: str, index: int) -> tuple[str, int]:
    """The character an entity at `index` stands for and where it ends; a `&` that starts no
    entity Telegram knows is kept as it is."""
    match = _ENTITY.match(text, index)
    if match is not None:
        decimal, hexadecimal, name = match.groups()
        if decimal or hexadecimal:
            code = int(decimal) if decimal else int(hexadecimal, 16)
            if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                return chr(code), match.end()
        elif name in _NAMED:
            return _NAMED[name], match.end()
    return "&", index + 1


def _tag_end(text: str, index: int, start: int) -> int:
    """Where a start tag's `>` is, attribute values in quotes skipped."""
    quote = ""
    while index < len(text):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == ">":
            return index
        index += 1
    raise HTMLRefused(f"Unclosed start tag at byte offset {_offset(text, start)}")


def html_text(text: str) -> str:
    """The text a person sees of an HTML message; HTMLRefused where Telegram refuses it."""
    seen: list[str] = []
    open_tags: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "&":
            decoded, index = _entity(text, index)
            seen.append(decoded)
            continue
        if char != "<":
            seen.append(char)
            index += 1
            continue
        start = index
        closing = text.startswith("</", index)
        index += 2 if closing else 1
        name = _TAG_NAME.match(text, index)
        assert name is not None  # `*` matches the empty name too
        tag = name.group().lower()
        index = name.end()
        if closing:
            end = text.find(">", index)
            if end < 0:
                raise HTMLRefused(f"Unclosed end tag at byte offset {_offset(text, start)}")
            if not open_tags:
                raise HTMLRefused(f'Unexpected end tag at byte offset {_offset(text, start)}')
            if open_tags[-1] != tag:
                raise HTMLRefused(f'Unmatched end tag at byte offset {_offset(text, start)}, '
                                  f'expected "</{open_tags[-1]}>", found "</{tag}>"')
            open_tags.pop()
            index = end + 1
            continue
        if tag not in _TAGS:
            raise HTMLRefused(f'Unsupported start tag "{tag}" at byte offset '
                              f'{_offset(text, start)}')
        index = _tag_end(text, index, start) + 1
        open_tags.append(tag)
    if open_tags:
        raise HTMLRefused(f'Can\'t find end tag corresponding to start tag "{open_tags[-1]}"')
    return "".join(seen)


def _shown(params: dict[str, Any], key: str) -> tuple[str | None, str]:
    """(the refusal, or None; the text shown) of a text or caption as the call sends it."""
    raw = str(params.get(key) or "")
    if str(params.get("parse_mode") or "").lower() != "html":
        return None, raw
    try:
        return None, html_text(raw)
    except HTMLRefused as refused:
        return f"Bad Request: can't parse entities: {refused}", raw


def message_text_refusal(params: dict[str, Any]) -> str | None:
    """sendMessage and editMessageText: readable HTML, 1 to 4,096 characters shown."""
    refusal, shown = _shown(params, "text")
    if refusal is not None:
        return refusal
    if not shown.strip():
        return "Bad Request: message text is empty"
    if len(shown) > MESSAGE_LIMIT:
        return "Bad Request: message is too long"
    return markup_refusal(params)


def caption_refusal(params: dict[str, Any]) -> str | None:
    """A media message's caption: readable HTML, at most 1,024 characters shown."""
    refusal, shown = _shown(params, "caption")
    if refusal is not None:
        return refusal
    if len(shown) > CAPTION_LIMIT:
        return "Bad Request: message caption is too long"
    return markup_refusal(params)


def markup_refusal(params: dict[str, Any]) -> str | None:
    """An inline keyboard's buttons: each with a text, callback data of 1 to 64 bytes."""
    markup = params.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []) if isinstance(markup, dict) else []:
        for button in row:
            if not str(button.get("text") or "").strip():
                return "Bad Request: BUTTON_TEXT_INVALID"
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= (
                    CALLBACK_DATA_BYTES):
                return "Bad Request: BUTTON_DATA_INVALID"
    return None


def toast_refusal(params: dict[str, Any]) -> str | None:
    """answerCallbackQuery's text: at most 200 characters."""
    if len(str(params.get("text") or "")) > TOAST_LIMIT:
        return "Bad Request: MESSAGE_TOO_LONG"
    return None
