"""Territorial tables: a team's meetings — creating, moving and cancelling them (designers),
answering them (members), their reminders, /tables and the minutes.

Every use case checks the role again (buttons can be forged) and raises ``NotAllowed`` or
``TableProblem(code)``; none speaks to people: they return views, and say who is to be told
what (``Promotion``), for the bot to word in each person's language.

Reminders are scheduled notices (kind ``table_reminder``, keys ``table:<id>:...``) for the
table's revision: moving a table bumps the revision, drops the pending ones and schedules new
ones; cancelling drops them; the release checks the status and revision again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.services.roles import NotAllowed, holds, require
from domain.tables import Recurrence, next_dates
from storage.models import RoleName, TableMinutes, TableStatus, TerritorialTable
from storage.models.table import RsvpAnswer, TableRsvp
from storage.repositories.table import reminder_key_prefix
from storage.uow import UnitOfWork

REMINDER_KIND = "table_reminder"
MINUTES_KIND = "table_minutes_due"
DEFAULT_REMINDERS = (1440, 60)  # minutes before: a day, an hour
MINUTES_AFTER = timedelta(days=1)
MAX_PLACE = 300
MAX_AGENDA = 3000
ANSWERS = tuple(a.value for a in RsvpAnswer)


class TableProblem(Exception):
    """A use case refused for a reason the person can fix or should know: ``code`` says which
    ("not_found", "cancelled", "not_member", "past", "bad_place", "bad_agenda",
    "bad_capacity", "bad_answer", "bad_reminders", "minutes_exist", "not_yet", "no_decision")."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class TableDraft:
    team_id: int
    starts_at: datetime
    place: str
    agenda: str = ""
    capacity: int | None = None
    recurrence: str = "none"
    reminders: tuple[int, ...] = DEFAULT_REMINDERS


@dataclass(frozen=True, slots=True)
class TableView:
    id: int
    team_id: int
    team_name: str
    starts_at: datetime
    place: str
    agenda: str
    capacity: int | None
    recurrence: str
    status: str
    revision: int
    yes: int = 0
    maybe: int = 0
    no: int = 0
    waiting: int = 0
    group_chat_id: int | None = None
    group_message_id: int | None = None
    reminders: tuple[int, ...] = ()  # minutes before the start, largest first

    @property
    def agenda_points(self) -> list[str]:
        return [line.strip(" -•*") for line in self.agenda.splitlines() if line.strip(" -•*")]


@dataclass(frozen=True, slots=True)
class RsvpOutcome:
    table: TableView
    answer: str
    waiting: bool  # this person's "yes" is on the waiting list
    promoted: tuple[int, ...] = ()  # Telegram ids moved up from the waiting list


@dataclass(frozen=True, slots=True)
class Recipient:
    chat_id: int
    language: str


@dataclass(frozen=True, slots=True)
class Announcement:
    table: TableView
    group: Recipient | None
    members: tuple[Recipient, ...] = field(default_factory=tuple)


# --- helpers ------------------------------------------------------------------------------------


def _confirmed_and_waiting(rows: Sequence[TableRsvp], capacity: int | None
                           ) -> tuple[list[int], list[int]]:
    yes = [r.member_telegram_id for r in rows if r.answer == "yes" and r.member_telegram_id]
    if capacity is None:
        return yes, []
    return yes[:capacity], yes[capacity:]


async def _view(uow: UnitOfWork, table: TerritorialTable) -> TableView:
    assert table.id is not None
    team = await uow.teams.get(table.team_id)
    rows = await uow.tables.rsvps(table.id)
    confirmed, waiting = _confirmed_and_waiting(rows, table.capacity)
    return TableView(
        id=table.id, team_id=table.team_id, team_name=team.name if team else "",
        starts_at=table.starts_at, place=table.place, agenda=table.agenda,
        capacity=table.capacity, recurrence=table.recurrence, status=table.status,
        revision=table.revision, yes=len(confirmed),
        maybe=sum(1 for r in rows if r.answer == "maybe"),
        no=sum(1 for r in rows if r.answer == "no"), waiting=len(waiting),
        group_chat_id=table.group_chat_id, group_message_id=table.group_message_id,
        reminders=_reminder_minutes(table))


def _reminder_minutes(table: TerritorialTable) -> tuple[int, ...]:
    return tuple(sorted({int(m) for m in table.reminders.split(",") if m.strip().isdigit()},
                        reverse=True))


async def _table(uow: UnitOfWork, table_id: int) -> TerritorialTable:
    table = await uow.tables.get(table_id)
    if table is None:
        raise TableProblem("not_found")
    return table


async def is_member(uow: UnitOfWork, telegram_id: int, team_id: int) -> bool:
    """A member of the team, or one of its designers."""
    member = await uow.members.by_telegram_id(telegram_id)
    if member is not None and member.id is not None and await uow.memberships.get(
            member_id=member.id, team_id=team_id) is not None:
        return True
    return await holds(uow, telegram_id=telegram_id, role=RoleName.DESIGNER, team_id=team_id)


def _check_draft(draft: TableDraft, now: datetime) -> None:
    if draft.starts_at <= now:
        raise TableProblem("past")
    if not draft.place.strip() or len(draft.place) > MAX_PLACE:
        raise TableProblem("bad_place")
    if len(draft.agenda) > MAX_AGENDA:
        raise TableProblem("bad_agenda")
    if draft.capacity is not None and not 1 <= draft.capacity <= 10000:
        raise TableProblem("bad_capacity")
    if draft.recurrence not in ("none", "weekly", "monthly"):
        raise TableProblem("bad_recurrence")


async def _schedule_reminders(uow: UnitOfWork, table: TerritorialTable, now: datetime) -> int:
    assert table.id is not None
    added = 0
    for minutes in sorted({int(m) for m in table.reminders.split(",") if m.strip()},
                          reverse=True):
        due = table.starts_at - timedelta(minutes=minutes)
        if due <= now:
            continue  # a reminder whose time has passed is not sent late
        added += await uow.notices.schedule(
            key=f"{reminder_key_prefix(table.id)}r{table.revision}:{minutes}", kind=REMINDER_KIND,
            params={"table_id": table.id, "revision": table.revision, "minutes": minutes},
            due_at=due, expires_at=table.starts_at)
    await uow.notices.schedule(
        key=f"{reminder_key_prefix(table.id)}m{table.revision}", kind=MINUTES_KIND,
        params={"table_id": table.id, "revision": table.revision},
        due_at=table.starts_at + MINUTES_AFTER, expires_at=None)
    return added


# --- designers: create, move, cancel -----------------------------------------------------------


async def create_table(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                       draft: TableDraft) -> TableView:
    """A designer of the team sets a table; its reminders are scheduled in the same transaction."""
    await require(uow, telegram_id=telegram_id, role=RoleName.DESIGNER, team_id=draft.team_id)
    if await uow.teams.get(draft.team_id) is None:
        raise NotAllowed(f"no team {draft.team_id}")
    _check_draft(draft, now)
    table = await uow.tables.add(TerritorialTable(
        team_id=draft.team_id, starts_at=draft.starts_at, place=draft.place.strip(),
        agenda=draft.agenda.strip(), capacity=draft.capacity, recurrence=draft.recurrence,
        reminders=",".join(str(m) for m in draft.reminders), status=TableStatus.SCHEDULED.value,
        revision=1, created_by=telegram_id, created_at=now, updated_at=now))
    await _schedule_reminders(uow, table, now)
    return await _view(uow, table)


async def _designer_of(uow: UnitOfWork, telegram_id: int, table_id: int) -> TerritorialTable:
    table = await _table(uow, table_id)
    await require(uow, telegram_id=telegram_id, role=RoleName.DESIGNER, team_id=table.team_id)
    return table


async def move_table(uow: UnitOfWork, *, now: datetime, telegram_id: int, table_id: int,
                     starts_at: datetime) -> TableView:
    """A new time: the revision moves on, the old reminders are dropped, new ones scheduled."""
    table = await _designer_of(uow, telegram_id, table_id)
    if table.status == TableStatus.CANCELLED.value:
        raise TableProblem("cancelled")
    if starts_at <= now:
        raise TableProblem("past")
    await uow.tables.drop_pending_notices(table_id, now=now, note="table moved")
    table.starts_at = starts_at
    table.revision += 1
    table.updated_at = now
    await uow.session.flush()
    await _schedule_reminders(uow, table, now)
    return await _view(uow, table)


async def cancel_table(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                       table_id: int) -> TableView:
    table = await _designer_of(uow, telegram_id, table_id)
    if table.status == TableStatus.CANCELLED.value:
        raise TableProblem("cancelled")
    await uow.tables.drop_pending_notices(table_id, now=now, note="table cancelled")
    table.status = TableStatus.CANCELLED.value
    table.updated_at = now
    await uow.session.flush()
    return await _view(uow, table)


async def set_reminders(uow: UnitOfWork, *, now: datetime, telegram_id: int, table_id: int,
                        minutes_before: Sequence[int]) -> TableView:
    """The designer's own reminder times (minutes before the start) replace the scheduled ones."""
    table = await _designer_of(uow, telegram_id, table_id)
    if table.status == TableStatus.CANCELLED.value:
        raise TableProblem("cancelled")
    if table.starts_at <= now:
        raise TableProblem("past")
    kept = sorted({int(m) for m in minutes_before if 0 < int(m) <= 60 * 24 * 30}, reverse=True)
    if not kept:
        raise TableProblem("bad_reminders")
    await uow.tables.drop_pending_notices(table_id, now=now, note="reminders changed")
    table.reminders = ",".join(str(m) for m in kept)
    table.revision += 1
    table.updated_at = now
    await uow.session.flush()
    await _schedule_reminders(uow, table, now)
    return await _view(uow, table)


async def following_dates(uow: UnitOfWork, *, table_id: int, count: int = 3) -> list[datetime]:
    table = await _table(uow, table_id)
    return next_dates(table.starts_at, Recurrence(table.recurrence), count)  # type: ignore[arg-type]


# --- announcing ---------------------------------------------------------------------------------


async def announcement(uow: UnitOfWork, *, table_id: int) -> Announcement:
    """Who hears of the table: the team's linked group (its language) and its reachable members
    (every member who consented and has not blocked the bot counts as opted in)."""
    table = await _table(uow, table_id)
    view = await _view(uow, table)
    found = (await uow.teams.with_groups([table.team_id])).get(table.team_id)
    group: Recipient | None = None
    if found is not None:
        team, chat = found
        if team.group_chat_id is not None and (chat is None or (
                chat.unreachable_at is None and chat.left_at is None)):
            group = Recipient(team.group_chat_id, chat.language if chat else team.language)
    members = (await uow.teams.reachable_members_of([table.team_id])).get(table.team_id, [])
    return Announcement(view, group, tuple(Recipient(c, lang) for c, lang in members))


async def remember_group_message(uow: UnitOfWork, *, table_id: int, chat_id: int,
                                 message_id: int) -> None:
    """The group announcement's message id, learnt from a button pressed on it."""
    table = await _table(uow, table_id)
    if table.group_message_id != message_id:
        table.group_chat_id = chat_id
        table.group_message_id = message_id
        await uow.session.flush()


async def view_of(uow: UnitOfWork, *, table_id: int) -> TableView:
    return await _view(uow, await _table(uow, table_id))


# --- members: RSVP, /tables ------------------------------------------------------------------


async def rsvp(uow: UnitOfWork, *, now: datetime, telegram_id: int, table_id: int,
               answer: str) -> RsvpOutcome:
    """A member answers; with a capacity, a "yes" past it waits in line, and whoever moves into
    the places freed by this answer is named in ``promoted``."""
    if answer not in ANSWERS:
        raise TableProblem("bad_answer")
    table = await _table(uow, table_id)
    if table.status == TableStatus.CANCELLED.value:
        raise TableProblem("cancelled")
    if table.starts_at <= now:
        raise TableProblem("past")
    if not await is_member(uow, telegram_id, table.team_id):
        raise TableProblem("not_member")
    before, _ = _confirmed_and_waiting(await uow.tables.rsvps(table_id), table.capacity)
    await uow.tables.answer(table_id=table_id, telegram_id=telegram_id, answer=answer, now=now)
    after, waiting = _confirmed_and_waiting(await uow.tables.rsvps(table_id), table.capacity)
    promoted = tuple(t for t in after if t not in before and t != telegram_id)
    return RsvpOutcome(await _view(uow, table), answer, telegram_id in waiting, promoted)


async def languages_of(uow: UnitOfWork, telegram_ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for telegram_id in telegram_ids:
        member = await uow.members.by_telegram_id(telegram_id)
        if member is not None and member.unreachable_at is None:
            found[telegram_id] = member.language
    return found


@dataclass(frozen=True, slots=True)
class MyTable:
    table: TableView
    answer: str | None
    waiting: bool
    past: bool
    has_minutes: bool
    manage: bool = False  # the person designs its team: may move or cancel it


async def tables_for(uow: UnitOfWork, *, now: datetime, telegram_id: int) -> list[MyTable]:
    """The tables of the person's teams (and teams they design): upcoming first, then past."""
    member = await uow.members.by_telegram_id(telegram_id)
    designed = {t.id for t in await uow.teams.designed_by(telegram_id) if t.id is not None}
    team_ids = set(designed)
    if member is not None and member.id is not None:
        team_ids |= {t.id for t in await uow.teams.of_member(member.id) if t.id is not None}
    tables = await uow.tables.of_teams(sorted(team_ids))
    answers = await uow.tables.rsvps_of(telegram_id, [t.id for t in tables if t.id])
    found: list[MyTable] = []
    for table in tables:
        assert table.id is not None
        _confirmed, waiting = _confirmed_and_waiting(await uow.tables.rsvps(table.id),
                                                     table.capacity)
        found.append(MyTable(await _view(uow, table), answers.get(table.id),
                             telegram_id in waiting, table.starts_at <= now,
                             await uow.tables.minutes(table.id) is not None,
                             table.team_id in designed))
    upcoming = [t for t in found if not t.past]
    past = sorted((t for t in found if t.past), key=lambda t: t.table.starts_at, reverse=True)
    return upcoming + past


async def table_for_designer(uow: UnitOfWork, *, telegram_id: int, table_id: int) -> TableView:
    """The table, if the person designs its team (``NotAllowed`` otherwise)."""
    return await _view(uow, await _designer_of(uow, telegram_id, table_id))


async def table_for_member(uow: UnitOfWork, *, telegram_id: int, table_id: int) -> TableView:
    table = await _table(uow, table_id)
    if not await is_member(uow, telegram_id, table.team_id):
        raise TableProblem("not_member")
    return await _view(uow, table)


# --- reminders (the scheduler) -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reminder:
    table: TableView
    minutes: int
    recipients: tuple[Recipient, ...]


async def reminder_for(uow: UnitOfWork, params: dict[str, Any]) -> Reminder | None:
    """What a released reminder sends, or None: the table is gone, cancelled or has moved on."""
    try:
        table_id, revision = int(params["table_id"]), int(params["revision"])
    except (KeyError, TypeError, ValueError):
        return None
    table = await uow.tables.get(table_id)
    if table is None or table.status != TableStatus.SCHEDULED.value or (
            table.revision != revision):
        return None
    told = await announcement(uow, table_id=table_id)
    confirmed, _ = _confirmed_and_waiting(await uow.tables.rsvps(table_id), table.capacity)
    languages = await languages_of(uow, confirmed)
    recipients = ([told.group] if told.group else []) + [
        Recipient(t, languages[t]) for t in confirmed if t in languages]
    return Reminder(told.table, int(params.get("minutes", 0)), tuple(recipients))


async def minutes_reminder_for(uow: UnitOfWork, params: dict[str, Any]
                               ) -> tuple[TableView, Recipient] | None:
    """The designer who set the table, if it took place and has no minutes a day later."""
    try:
        table_id, revision = int(params["table_id"]), int(params["revision"])
    except (KeyError, TypeError, ValueError):
        return None
    table = await uow.tables.get(table_id)
    if table is None or table.status != TableStatus.SCHEDULED.value or (
            table.revision != revision) or table.created_by is None:
        return None
    if await uow.tables.minutes(table_id) is not None:
        return None
    languages = await languages_of(uow, [table.created_by])
    if table.created_by not in languages:
        return None
    return await _view(uow, table), Recipient(table.created_by, languages[table.created_by])


# --- minutes --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MinutesView:
    table: TableView
    attendance: tuple[str, ...]
    decisions: tuple[str, ...]
    notes: str


async def attendance_guess(uow: UnitOfWork, *, telegram_id: int, table_id: int) -> list[str]:
    """The names of those who said yes (and were not waiting): the minutes' first draft."""
    table = await _designer_of(uow, telegram_id, table_id)
    confirmed, _ = _confirmed_and_waiting(await uow.tables.rsvps(table_id), table.capacity)
    names = []
    for t in confirmed:
        member = await uow.members.by_telegram_id(t)
        if member is not None and member.display_name:
            names.append(member.display_name)
    return names


async def minutes_candidates(uow: UnitOfWork, *, now: datetime, telegram_id: int
                             ) -> list[TableView]:
    """The tables that took place, of teams the person designs, without minutes yet."""
    team_ids = [t.id for t in await uow.teams.designed_by(telegram_id) if t.id is not None]
    found = []
    for table in await uow.tables.of_teams(team_ids):
        assert table.id is not None
        if (table.status == TableStatus.SCHEDULED.value and table.starts_at <= now
                and await uow.tables.minutes(table.id) is None):
            found.append(await _view(uow, table))
    return found


async def write_minutes(uow: UnitOfWork, *, now: datetime, telegram_id: int, table_id: int,
                        attendance: Sequence[str], decisions: Sequence[str],
                        notes: str) -> MinutesView:
    table = await _designer_of(uow, telegram_id, table_id)
    if table.status == TableStatus.CANCELLED.value:
        raise TableProblem("cancelled")
    if table.starts_at > now:
        raise TableProblem("not_yet")
    if await uow.tables.minutes(table_id) is not None:
        raise TableProblem("minutes_exist")
    await uow.tables.add_minutes(TableMinutes(
        table_id=table_id, attendance=json.dumps(list(attendance), ensure_ascii=False),
        decisions=json.dumps(list(decisions), ensure_ascii=False), notes=notes.strip(),
        written_by=telegram_id, written_at=now))
    return MinutesView(await _view(uow, table), tuple(attendance), tuple(decisions),
                       notes.strip())


async def decision_of(uow: UnitOfWork, *, telegram_id: int, table_id: int,
                      index: int) -> tuple[int, str]:
    """A decision of a table's kept minutes (team id, text), for a designer of its team to turn
    into a need; ``TableProblem("no_decision")`` when its minutes hold no such decision."""
    table = await _designer_of(uow, telegram_id, table_id)
    minutes = await uow.tables.minutes(table_id)
    found = json.loads(minutes.decisions) if minutes is not None else []
    if not isinstance(found, list) or not 0 <= index < len(found):
        raise TableProblem("no_decision")
    return table.team_id, str(found[index])


# --- recurring tables (the scheduler) ----------------------------------------------------------


async def create_next_occurrences(uow: UnitOfWork, *, now: datetime) -> list[int]:
    """For each scheduled recurring table whose time has passed and that nothing follows yet,
    the next meeting of the series at the rule's first date still ahead: same team, place,
    agenda, capacity, rule and reminder times, its reminders scheduled. A cancelled table ends
    its series. Returns the new tables' ids (to be announced like a new table)."""
    created: list[int] = []
    for table in await uow.tables.recurring_without_next(now=now):
        assert table.id is not None
        rule = Recurrence(table.recurrence)  # type: ignore[arg-type]
        ahead = [d for d in next_dates(table.starts_at, rule, 60) if d > now]
        if not ahead:
            continue
        follower = await uow.tables.add(TerritorialTable(
            team_id=table.team_id, starts_at=ahead[0].astimezone(UTC), place=table.place,
            agenda=table.agenda, capacity=table.capacity, recurrence=table.recurrence,
            reminders=table.reminders, status=TableStatus.SCHEDULED.value, revision=1,
            created_by=table.created_by, follows_id=table.id, created_at=now, updated_at=now))
        await _schedule_reminders(uow, follower, now)
        assert follower.id is not None
        created.append(follower.id)
    return created
