"""What happened to a table, as the services record it on the unit of work
(``uow.emit``): the tables notifier (``bot.notify.tables``) tells the team's group and members
before the commit, so a table and the messages about it are kept or lost together.

Each event names the table (the notifier reads what it needs in the same transaction) and the
moment, which keys the outbox rows it causes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class TableCreated:
    """A designer set a table: it is announced with its RSVP buttons."""

    table_id: int
    now: datetime
    by: int | None = None
    """Who did it (a Telegram id; None: the scheduler or an erasure), for the audit trail."""


@dataclass(frozen=True, slots=True)
class NextMeetingCreated:
    """The next meeting of a recurring table was set: announced like a new table."""

    table_id: int
    follows_id: int
    now: datetime


@dataclass(frozen=True, slots=True)
class TableMoved:
    """A table has a new time: announced again, saying when it was."""

    table_id: int
    moved_from: datetime
    now: datetime
    by: int | None = None
    """Who did it (a Telegram id; None: the scheduler or an erasure), for the audit trail."""


@dataclass(frozen=True, slots=True)
class TableCancelled:
    table_id: int
    now: datetime
    by: int | None = None
    """Who did it (a Telegram id; None: the scheduler or an erasure), for the audit trail."""


@dataclass(frozen=True, slots=True)
class PromotedFromWaitingList:
    """Places freed up (someone changed their answer or left): these people are now coming."""

    table_id: int
    telegram_ids: tuple[int, ...]
    now: datetime


@dataclass(frozen=True, slots=True)
class MinutesWritten:
    """A table's minutes were written: posted to the team's group, if it has one."""

    table_id: int
    now: datetime
    by: int | None = None
    """Who did it (a Telegram id; None: the scheduler or an erasure), for the audit trail."""


@dataclass(frozen=True, slots=True)
class MeetingSkipped:
    """One meeting of a recurring table will not take place (a holiday, say): its group and
    members are told; the series goes on, its next meeting set when this one's time passes."""

    table_id: int
    by: int  # the designer's Telegram id
    now: datetime


@dataclass(frozen=True, slots=True)
class SeriesEnded:
    """A recurring table's meeting was cancelled and its series ends there: no next meeting."""

    table_id: int
    by: int  # the designer's Telegram id
    now: datetime


@dataclass(frozen=True, slots=True)
class SeriesRestarted:
    """An ended series starts again: ``table_id`` is its new meeting (announced like a new
    table), following the meeting that ended it (``follows_id``)."""

    table_id: int
    follows_id: int
    by: int  # the designer's Telegram id
    now: datetime


@dataclass(frozen=True, slots=True)
class TableEdited:
    """A designer changed a table after announcing it (``fields``: "place", "agenda",
    "capacity"); on a change of place, those who said yes are told (``old_place`` is what it
    was)."""

    table_id: int
    fields: tuple[str, ...]
    old_place: str
    by: int  # the designer's Telegram id
    now: datetime


@dataclass(frozen=True, slots=True)
class RsvpChanged:
    """Someone answered a table, or changed their answer: the counts its announcement and
    invitations show are to follow (coalesced, through the outbox)."""

    table_id: int
    now: datetime
