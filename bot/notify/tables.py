"""What tables say to people, and only here: a table announced (set, moved, the next of a
series, a series restarted) with its RSVP buttons, cancelled (or its series ended), a meeting
skipped, a place freed for someone waiting, a new place (to those coming), the minutes posted,
a team's upcoming tables to a member who just joined it — to the team's linked group in the
group's language and to its reachable members in theirs, as outbox rows in the unit of work
that made the change (run before its commit, so nothing is said about a table that was not
kept, and nothing is lost if Telegram is down) — and the timed notices: reminders before a
meeting, the minutes reminder to its designer.

The announcements (in the group and the private invitations) are kept up to date through the
outbox (``bot.notify.posted``): the sender records the message id of each, and an answer
changes their counts (``RsvpChanged``, coalesced to one edit a minute), a move shows the new
time on the old ones (before the new announcement is posted), a cancellation says so on them
and takes their buttons away. Before message ids were recorded, the group message's id was
learnt from a button pressed on it (``services.tables.remember_group_message``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.capability import Due
from bot.i18n import speak
from bot.notify.posted import Json, edit_now, edits, refresh, subject_payload
from bot.services import tables
from bot.services.tables import (
    Announcement,
    MeetingSkipped,
    MinutesWritten,
    NextMeetingCreated,
    PromotedFromWaitingList,
    Recipient,
    RsvpChanged,
    SeriesEnded,
    SeriesRestarted,
    TableCancelled,
    TableCreated,
    TableEdited,
    TableMoved,
    TableView,
)
from bot.services.teams import MemberJoinedTeam
from bot.ui.keyboards import tables as tables_keyboards
from bot.ui.texts import table_notices as texts
from storage.models import TableStatus
from storage.models.posted import PostedMessage
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


def _recipients(told: Announcement) -> list[Recipient]:
    return ([told.group] if told.group else []) + list(told.members)


def _announcement(view: TableView, recipient: Recipient, *, moved_from: datetime | None = None,
                  restarted: bool = False, joined: bool = False) -> OutboxItem:
    """The table with its RSVP buttons, in the recipient's language; keyed once per revision
    and chat (a member who joins after it was announced to them is not sent it twice)."""
    with speak(recipient.language):
        text = texts.announcement(view, moved_from=moved_from, restarted=restarted,
                                  joined=joined)
        markup = tables_keyboards.as_json(tables_keyboards.rsvp(view))
    return OutboxItem(key=f"table-announce:{view.id}:r{view.revision}:{recipient.chat_id}",
                      chat_id=recipient.chat_id, text=text,
                      payload=subject_payload("table", view.id, {"reply_markup": markup}))


async def _announce(uow: UnitOfWork, table_id: int, *, now: datetime,
                    moved_from: datetime | None = None, restarted: bool = False) -> None:
    """The table with its RSVP buttons, to its group and members."""
    told = await tables.announcement(uow, table_id=table_id)
    await uow.outbox.enqueue_many([
        _announcement(told.table, recipient, moved_from=moved_from, restarted=restarted)
        for recipient in _recipients(told)], now=now)


def _as_it_stands(view: TableView, *, moved_from: datetime | None = None
                  ) -> Callable[[PostedMessage], tuple[str, Json | None]]:
    """A table's announcement or invitation as the table stands: its counts and RSVP buttons,
    or "cancelled" and no buttons."""
    def render(message: PostedMessage) -> tuple[str, Json | None]:
        if view.status == TableStatus.CANCELLED.value:
            return texts.cancelled_announcement(view), None
        if view.status == TableStatus.SKIPPED.value:
            return texts.skipped_announcement(view), None
        return (texts.announcement(view, moved_from=moved_from),
                tables_keyboards.as_json(tables_keyboards.rsvp(view)))
    return render


async def on_rsvp_changed(uow: UnitOfWork, event: RsvpChanged) -> None:
    await refresh(uow, "table", event.table_id, now=event.now)


async def table_refresh(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                        ) -> dict[int, list[OutboxItem]]:
    """The announcement and invitations of the tables whose answers changed, edited to show
    the counts as they stand (the notices ``notify.posted.refresh`` scheduled)."""
    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        view = await tables.view_of(uow, table_id=int(params["id"]))
        fanned[notice.id] = await edits(uow, "table", view.id, _as_it_stands(view),
                                        key=str(notice.id), now=now)
    return fanned


async def on_table_created(uow: UnitOfWork, event: TableCreated) -> None:
    await _announce(uow, event.table_id, now=event.now)


async def on_next_meeting_created(uow: UnitOfWork, event: NextMeetingCreated) -> None:
    await _announce(uow, event.table_id, now=event.now)


async def on_table_moved(uow: UnitOfWork, event: TableMoved) -> None:
    """The announcements out there show the new time at once (queued before the new ones,
    which then take their place as the messages kept up to date)."""
    view = await tables.view_of(uow, table_id=event.table_id)
    await edit_now(uow, "table", event.table_id,
                   _as_it_stands(view, moved_from=event.moved_from),
                   key=f"r{view.revision}", now=event.now)
    await _announce(uow, event.table_id, now=event.now, moved_from=event.moved_from)


async def _called_off(uow: UnitOfWork, table_id: int, *, kind: str, now: datetime,
                      notice: Callable[[TableView], str]) -> None:
    """A meeting that will not take place (cancelled, skipped, its series ended): the
    announcements out there say so, without their RSVP buttons, and everyone told of it is
    told, each in their language (``kind`` keys both, once per chat)."""
    told = await tables.announcement(uow, table_id=table_id)
    await edit_now(uow, "table", table_id, _as_it_stands(told.table), key=kind, now=now)
    items = []
    for recipient in _recipients(told):
        with speak(recipient.language):
            text = notice(told.table)
        items.append(OutboxItem(key=f"table-{kind}:{told.table.id}:{recipient.chat_id}",
                                chat_id=recipient.chat_id, text=text))
    await uow.outbox.enqueue_many(items, now=now)


async def on_table_cancelled(uow: UnitOfWork, event: TableCancelled) -> None:
    await _called_off(uow, event.table_id, kind="cancelled", now=event.now,
                      notice=texts.cancelled_notice)


async def on_member_joined(uow: UnitOfWork, event: MemberJoinedTeam) -> None:
    """A member who joins a team gets its upcoming tables, each with its RSVP buttons."""
    recipient, ahead = await tables.invitations_for(uow, team_id=event.team_id,
                                                    telegram_id=event.telegram_id, now=event.now)
    if recipient is None:
        return
    await uow.outbox.enqueue_many([_announcement(view, recipient, joined=True)
                                   for view in ahead], now=event.now)


async def on_meeting_skipped(uow: UnitOfWork, event: MeetingSkipped) -> None:
    """This meeting will not take place; the series goes on (its next date said)."""
    following = await tables.following_dates(uow, table_id=event.table_id, count=1)
    await _called_off(uow, event.table_id, kind="skipped", now=event.now,
                      notice=lambda table: texts.skipped_notice(
                          table, following[0] if following else None))


async def on_series_ended(uow: UnitOfWork, event: SeriesEnded) -> None:
    """This meeting is cancelled, and no other will follow."""
    await _called_off(uow, event.table_id, kind="cancelled", now=event.now,
                      notice=texts.series_ended_notice)


async def on_series_restarted(uow: UnitOfWork, event: SeriesRestarted) -> None:
    await _announce(uow, event.table_id, now=event.now, restarted=True)


async def on_table_edited(uow: UnitOfWork, event: TableEdited) -> None:
    """A new place: those who said yes are told, each in their language (keyed by the moment:
    a place may change twice); the announcements out there show the table as it now is."""
    await refresh(uow, "table", event.table_id, now=event.now)
    if "place" not in event.fields:
        return
    view, coming = await tables.coming_to(uow, table_id=event.table_id)
    items = []
    for recipient in coming:
        with speak(recipient.language):
            text = texts.place_changed(view, event.old_place)
        items.append(OutboxItem(key=f"table-place:{view.id}:{recipient.chat_id}:"
                                    f"{int(event.now.timestamp())}",
                                chat_id=recipient.chat_id, text=text))
    await uow.outbox.enqueue_many(items, now=event.now)


async def on_promoted(uow: UnitOfWork, event: PromotedFromWaitingList) -> None:
    """Each person who moved up from the waiting list, in their language (keyed by the moment:
    someone may move up, down and up again)."""
    view = await tables.view_of(uow, table_id=event.table_id)
    languages = await tables.languages_of(uow, event.telegram_ids)
    items = []
    for telegram_id, language in languages.items():
        with speak(language):
            text = texts.promoted(view)
        items.append(OutboxItem(key=f"table-promoted:{view.id}:{telegram_id}:"
                                    f"{int(event.now.timestamp())}", chat_id=telegram_id,
                                text=text))
    await uow.outbox.enqueue_many(items, now=event.now)


async def on_minutes_written(uow: UnitOfWork, event: MinutesWritten) -> None:
    """The minutes, posted in the team's group (in its language), if it has one."""
    told = await tables.announcement(uow, table_id=event.table_id)
    minutes = await tables.minutes_of(uow, table_id=event.table_id)
    if told.group is None or minutes is None:
        return
    with speak(told.group.language):
        text = texts.minutes_text(minutes.table, minutes.attendance, minutes.decisions,
                                         minutes.notes)
    await uow.outbox.enqueue_many([OutboxItem(
        key=f"table-minutes:{event.table_id}:{told.group.chat_id}",
        chat_id=told.group.chat_id, text=text)], now=event.now)


# --- timed notices --------------------------------------------------------------------------


async def table_reminders(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                           ) -> dict[int, list[OutboxItem]]:
    """A table's reminder to its group and to those coming; none for a cancelled or moved one
    (its reminders were dropped; one that slipped through finds the revision moved on)."""
    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        reminder = await tables.reminder_for(uow, params)
        items = []
        for recipient in reminder.recipients if reminder else ():
            assert reminder is not None
            with speak(recipient.language):
                text = texts.reminder(reminder.table, reminder.minutes)
            items.append(OutboxItem(key=f"notice:{notice.id}:{recipient.chat_id}",
                                    chat_id=recipient.chat_id, text=text))
        fanned[notice.id] = items
    return fanned


async def table_minutes_due(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                             ) -> dict[int, list[OutboxItem]]:
    """A day after a table, its designer is reminded if no minutes were written."""
    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        found = await tables.minutes_reminder_for(uow, params)
        items = []
        if found is not None:
            view, recipient = found
            with speak(recipient.language):
                text = texts.minutes_reminder(view)
            items.append(OutboxItem(key=f"notice:{notice.id}:{recipient.chat_id}",
                                    chat_id=recipient.chat_id, text=text))
        fanned[notice.id] = items
    return fanned
