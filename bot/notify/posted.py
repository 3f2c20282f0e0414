"""Keeping posted messages up to date: a need's announcement in its group, a table's
announcement and its private invitations — edited in place through the outbox
(``editMessageText``) as things change.

The one entry point a notifier calls when something changes what such a message shows::

    await refresh(uow, "need", need_id, now=event.now)     # or "table", table_id

It asks for the subject's messages to be rendered again, coalesced: the request is a
scheduled notice keyed by the subject and the minute it falls due, so however many changes
arrive within a minute (a burst of pledges), one release renders the subject as it then
stands and enqueues at most one edit per message — and only for a message whose text or
buttons would change (``PostedMessage.shown``), since Telegram refuses an edit that changes
nothing. The renderer of each kind is the capability's notice ``<kind>-refresh``.

A message is known here once the sender has delivered the row that posted it: that row
carries ``"subject"`` in its payload (``subject_payload``) and the sender records the
message id Telegram returned (``storage.models.posted``). ``edit_now`` is the same without
the wait, for a change that is told at once (a table moved: the old announcement shows the
new time before the new one is posted).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.i18n import DEFAULT_LANGUAGE, speak
from storage.models.posted import PostedMessage
from storage.repositories import OutboxItem
from storage.repositories.posted import PostedMessageRepository, fingerprint
from storage.uow import UnitOfWork

#: At most one edit of a message per this long, however many changes arrive.
REFRESH_EVERY = timedelta(minutes=1)

Json = dict[str, Any]
Render = Callable[[PostedMessage], tuple[str, Json | None] | None]
"""A posted message's new text and buttons (``None``: no buttons), in the language spoken
when it is called; ``None``: leave this message alone."""


def subject_of(kind: str, subject_id: int) -> str:
    return f"{kind}:{subject_id}"


def subject_payload(kind: str, subject_id: int, payload: Json | None = None) -> Json:
    """The payload of an outbox row that posts a message to keep up to date."""
    return {**(payload or {}), "subject": subject_of(kind, subject_id)}


def refresh_kind(kind: str) -> str:
    """The notice kind whose renderer re-renders a subject of ``kind``."""
    return f"{kind}-refresh"


def _slot_end(now: datetime) -> datetime:
    """The end of the minute ``now`` is in: every request in it is released together."""
    step = int(REFRESH_EVERY.total_seconds())
    seconds = int(now.timestamp())
    return datetime.fromtimestamp((seconds // step + 1) * step, tz=now.tzinfo)


async def refresh(uow: UnitOfWork, kind: str, subject_id: int, *, now: datetime) -> None:
    """Ask for the messages about this subject to show it as it will stand (coalesced: see
    the module's docstring)."""
    await _ask(uow, kind, subject_id, due=_slot_end(now))


async def _ask(uow: UnitOfWork, kind: str, subject_id: int, *, due: datetime) -> None:
    await uow.notices.schedule(
        key=f"refresh:{subject_of(kind, subject_id)}:{int(due.timestamp())}",
        kind=refresh_kind(kind), params={"id": subject_id}, due_at=due, expires_at=None)


async def languages_of(uow: UnitOfWork, chat_ids: Sequence[int]) -> dict[int, str]:
    """The language each chat is spoken to in: a group's, a person's (the default if unknown)."""
    people = await uow.members.languages([chat for chat in chat_ids if chat > 0])
    spoken: dict[int, str] = {}
    for chat in chat_ids:
        if chat > 0:
            spoken[chat] = people.get(chat) or DEFAULT_LANGUAGE
        else:
            spoken[chat] = await uow.groups.language(chat) or DEFAULT_LANGUAGE
    return spoken


def kept_markup(message: PostedMessage) -> Json | None:
    """The buttons the message was posted with."""
    loaded: Json | None = json.loads(message.markup) if message.markup else None
    return loaded


async def edits(uow: UnitOfWork, kind: str, subject_id: int, render: Render, *,
                key: str, now: datetime | None = None) -> list[OutboxItem]:
    """An editMessageText row for each posted message of the subject whose text or buttons
    would change, each rendered in its chat's language; ``key`` tells this round apart.

    Given ``now`` (a coalesced round), a message posted or edited less than REFRESH_EVERY
    ago is not edited yet: the round is asked again for when it may be (a release that
    came late must not make two edits closer than that)."""
    subject = subject_of(kind, subject_id)
    posted = await uow.repository(PostedMessageRepository).of_subject(subject)
    spoken = await languages_of(uow, [message.chat_id for message in posted])
    items = []
    later: datetime | None = None
    for message in posted:
        if now is not None and message.updated_at > now - REFRESH_EVERY:
            later = max(later or now, message.updated_at + REFRESH_EVERY)
            continue
        with speak(spoken[message.chat_id]):
            rendered = render(message)
        if rendered is None:
            continue
        text, markup = rendered
        if fingerprint(text, markup) == message.shown:
            continue
        items.append(OutboxItem(
            key=f"edit:{subject}:{message.chat_id}:{key}", chat_id=message.chat_id, text=text,
            method="editMessageText",
            payload=subject_payload(kind, subject_id,
                                    {"reply_markup": markup} if markup else None)))
    if later is not None:
        await _ask(uow, kind, subject_id, due=later)
    return items


async def edit_now(uow: UnitOfWork, kind: str, subject_id: int, render: Render, *,
                   key: str, now: datetime) -> None:
    """The same edits, enqueued at once (not coalesced)."""
    await uow.outbox.enqueue_many(await edits(uow, kind, subject_id, render, key=key), now=now)
