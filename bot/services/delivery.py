"""Delivery's part of /deleteme: the outbox and the dead letters leave nothing naming a person.

Both are copies of what passed through the bot — the messages it sent or will send (sent rows
stay OUTBOX_RETENTION_DAYS as history) and the raw updates a handler failed on — so /mydata
lists nothing from them (they are transport, not something kept about anyone), yet erasure must
leave none of them naming the person:

- messages to the person, and those whose key names them (their notices, wherever sent), are
  deleted, whatever their status;
- the dead letters of updates that name them — their id as the `"id"` of a sender, a chat, a
  replied-to message's author: what aiogram's `update.model_dump_json()` holds — are deleted;
- messages to others that quote them (the minutes posted to a group list who came; an expert's
  booking notice names the member) are the recipients', and for a sent one Telegram already
  holds what was said: we keep no copy naming them, and what is still to be sent goes without
  them. So in both cases the quote is redacted: their name becomes "a deleted member" in the
  recipient's language and a link to their profile loses its target. A file naming them (a
  calendar file: folded, escaped, not text we can edit safely) is dropped from the row; an open
  row left without its file is withdrawn (dead, with the reason), so it never goes out;
- another person's dead letter that quotes their name keeps its error, with the name replaced.

Names shorter than MIN_NAME letters are not searched (a one-letter first name would redact
every "a" in others' messages): such a person is found by their id alone.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from bot.personal import Person
from storage.models.outbox import OPEN_STATUSES
from storage.uow import UnitOfWork

MIN_NAME = 3
ERASED = "[erased]"
"""What replaces a name in a dead letter (read by developers, not sent to anyone)."""
WITHDRAWN = "withdrawn: its file named a person who erased their data"

Label = Callable[[str | None], str]
""""A deleted member" in a language (None: the default one), for the redacted messages."""


@dataclass(frozen=True)
class Naming:
    """How a person may be named in what the bot sends and receives: their Telegram id, and the
    names they gave (first name, organisation)."""

    telegram_id: int
    names: tuple[str, ...]

    @classmethod
    def of(cls, person: Person) -> Naming:
        member = person.member
        given = (*person.names, *(() if member is None
                                   else (member.display_name, member.organisation_name)))
        names = sorted({n.strip() for n in given if n and len(n.strip()) >= MIN_NAME},
                       key=lambda n: (-len(n), n))  # the longer first: "Anna Rossi", then "Anna"
        return cls(person.telegram_id, tuple(names))

    @property
    def _forms(self) -> list[str]:
        """Each name as typed and as an HTML message carries it (`q()` escapes & < >)."""
        return list(dict.fromkeys(form for name in self.names
                                  for form in (name, escape(name, quote=False))))

    def fragments(self) -> list[str]:
        """What to look for in the database: the id, and the names as a JSON text holds them."""
        found = [str(self.telegram_id)]
        for form in self._forms:
            found += [form, json.dumps(form, ensure_ascii=False)[1:-1]]
        return list(dict.fromkeys(found))

    def in_key(self, key: str) -> bool:
        """An outbox key names the person: one of its `:`-separated parts is their id."""
        return str(self.telegram_id) in key.split(":")

    def _name(self) -> re.Pattern[str] | None:
        if not self.names:
            return None
        either = "|".join(re.escape(form) for form in self._forms)
        return re.compile(rf"(?<!\w)(?:{either})(?!\w)", re.IGNORECASE)

    def _link(self) -> re.Pattern[str]:
        # A mention (<a href="tg://user?id=…">name</a>) opens the person's profile.
        return re.compile(rf'<a\b[^>]*tg://user\?id={self.telegram_id}(?!\d)[^>]*>(.*?)</a>'
                          rf'|tg://user\?id={self.telegram_id}(?!\d)', re.DOTALL)

    def sent(self, update: str) -> bool:
        """A raw update (aiogram's JSON) names the person: their id is the number of an "id"."""
        return re.search(rf'(?<!\\)"id"\s*:\s*{self.telegram_id}(?![\d.eE])', update) is not None

    def quoted_in(self, text: str) -> bool:
        name = self._name()
        return (self._link().search(text) is not None
                or (name is not None and name.search(text) is not None))

    def redact(self, text: str, label: str) -> str:
        """`text` without the person: links to them unwrapped, their names replaced by `label`."""
        text = self._link().sub(lambda match: match.group(1) or "", text)
        name = self._name()
        return text if name is None else name.sub(lambda _: label, text)


def _strings(value: Any, change: Callable[[str], str]) -> Any:
    """`value` (decoded JSON) with `change` applied to every string in it."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [_strings(item, change) for item in value]
    if isinstance(value, dict):
        return {key: _strings(item, change) for key, item in value.items()}
    return value


def _file_text(document: str) -> str:
    """A file carried in a row (base64), as text to search: an .ics unfolded and unescaped."""
    try:
        raw = base64.b64decode(document, validate=True).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        return document
    unfolded = re.sub(r"\r?\n[ \t]", "", raw)
    return re.sub(r"\\([,;\\])", r"\1", unfolded).replace("\\n", "\n").replace("\\N", "\n")


def redact_payload(payload: str, naming: Naming, label: str) -> tuple[str, bool] | None:
    """An outbox row's payload without the person (None: it did not name them), and whether a
    file naming them was dropped from it."""
    try:
        body = json.loads(payload)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        changed = naming.redact(payload, escape(label, quote=False))
        return None if changed == payload else (changed, False)
    document = body.pop("document", None)
    dropped = isinstance(document, str) and naming.quoted_in(_file_text(document))
    if document is not None and not dropped:
        body["document"] = document
    redacted = _strings(body, lambda text: naming.redact(text, escape(label, quote=False)))
    if not dropped and redacted == body:
        return None
    return json.dumps(redacted, ensure_ascii=False), dropped


async def _languages(uow: UnitOfWork, chat_ids: Iterable[int]) -> dict[int, str | None]:
    """The language each chat is written to in: a member's, a group's."""
    ids = set(chat_ids)
    languages = await uow.members.languages(chat_id for chat_id in ids if chat_id > 0)
    for chat_id in (chat_id for chat_id in ids if chat_id < 0):
        languages[chat_id] = await uow.groups.language(chat_id)
    return languages


async def _erase_messages(uow: UnitOfWork, naming: Naming, label: Label) -> None:
    rows = await uow.outbox.naming(chat_id=naming.telegram_id, fragments=naming.fragments())
    theirs = {row.id for row in rows
              if row.chat_id == naming.telegram_id or naming.in_key(row.key)}
    await uow.outbox.delete([row_id for row_id in theirs if row_id is not None])
    others = [row for row in rows if row.id not in theirs]
    languages = await _languages(uow, {row.chat_id for row in others})
    for row in others:
        assert row.id is not None
        redacted = redact_payload(row.payload, naming, label(languages.get(row.chat_id)))
        if redacted is None:
            continue
        payload, dropped = redacted
        if dropped and row.status in OPEN_STATUSES:
            await uow.outbox.withdraw(row.id, payload=payload, reason=WITHDRAWN)
        else:
            await uow.outbox.rewrite_payload(row.id, payload)


async def _erase_dead_letters(uow: UnitOfWork, naming: Naming) -> None:
    letters = await uow.updates.dead_letters_holding(naming.fragments())
    theirs = {letter.id for letter in letters if naming.sent(letter.payload)}
    await uow.updates.delete_dead_letters([letter_id for letter_id in theirs
                                           if letter_id is not None])
    for letter in letters:
        if letter.id is None or letter.id in theirs:
            continue
        payload = redact_payload(letter.payload, naming, ERASED)
        error = naming.redact(letter.error, ERASED)
        if payload is not None or error != letter.error:
            await uow.updates.rewrite_dead_letter(
                letter.id, payload=letter.payload if payload is None else payload[0], error=error)


async def _erase_quotes(uow: UnitOfWork, naming: Naming, label: Label) -> None:
    """Words others wrote that quote the person and are kept for later: an announcement still
    to go out (its text, in the notice's params), a designer's reason on a need's history.
    Their name becomes "a deleted member" (the default language: the text's own is not
    recorded), a link to them goes."""
    fragments = [fragment for fragment in naming.fragments()
                 if fragment != str(naming.telegram_id)]  # ids there are of rows, not people
    for notice in await uow.notices.holding(fragments):
        redacted = redact_payload(notice.params, naming, label(None))
        if redacted is not None and notice.id is not None:
            await uow.notices.rewrite_params(notice.id, redacted[0])
    for event in await uow.needs.events_holding(fragments):
        redacted = redact_payload(event.details or "", naming, label(None))
        if redacted is not None and event.id is not None:
            await uow.needs.rewrite_event_details(event.id, redacted[0])


async def erase_person(uow: UnitOfWork, person: Person, now: datetime, *, label: Label) -> None:
    """See the module's docstring. Runs after every other capability's eraser but the member
    row's (bot.capabilities orders them), so the notices their erasure caused are in the outbox
    already and the person's names are still known."""
    naming = Naming.of(person)
    await _erase_messages(uow, naming, label)
    await _erase_dead_letters(uow, naming)
    await _erase_quotes(uow, naming, label)
