"""A member's side of a table: answering it (with a waiting list past its capacity), and the
tables of their teams that /tables lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.services.tables.common import (
    ANSWERS,
    Recipient,
    TableProblem,
    TableView,
    confirmed_and_waiting,
    designed,
    get_table,
    is_member,
    languages_of,
    view,
)
from bot.services.tables.events import PromotedFromWaitingList, RsvpChanged
from storage.models import TableStatus
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class RsvpOutcome:
    table: TableView
    answer: str
    waiting: bool  # this person's "yes" is on the waiting list
    promoted: tuple[int, ...] = ()  # Telegram ids moved up from the waiting list
    changed: bool = True  # False: the same answer again (no count moved)


async def rsvp(uow: UnitOfWork, *, now: datetime, telegram_id: int, table_id: int,
               answer: str) -> RsvpOutcome:
    """A member answers; with a capacity, a "yes" past it waits in line, and whoever moves into
    the places freed by this answer is named in ``promoted`` (and told)."""
    if answer not in ANSWERS:
        raise TableProblem("bad_answer")
    table = await get_table(uow, table_id)
    if table.status == TableStatus.CANCELLED.value:
        raise TableProblem("cancelled")
    if table.status == TableStatus.SKIPPED.value:
        raise TableProblem("skipped")
    if table.starts_at <= now:
        raise TableProblem("past")
    if not await is_member(uow, telegram_id, table.team_id):
        raise TableProblem("not_member")
    answers = await uow.tables.rsvps(table_id)
    previous = next((r.answer for r in answers if r.member_telegram_id == telegram_id), None)
    before, _ = confirmed_and_waiting(answers, table.capacity)
    await uow.tables.answer(table_id=table_id, telegram_id=telegram_id, answer=answer, now=now)
    after, waiting = confirmed_and_waiting(await uow.tables.rsvps(table_id), table.capacity)
    promoted = tuple(t for t in after if t not in before and t != telegram_id)
    if promoted:
        uow.emit(PromotedFromWaitingList(table_id, promoted, now))
    uow.emit(RsvpChanged(table_id, now))
    return RsvpOutcome(await view(uow, table), answer, telegram_id in waiting, promoted,
                       changed=previous != answer)


async def remember_group_message(uow: UnitOfWork, *, table_id: int, chat_id: int,
                                 message_id: int) -> None:
    """The group announcement's message id, learnt from a button pressed on it."""
    table = await get_table(uow, table_id)
    if table.group_message_id != message_id:
        table.group_chat_id = chat_id
        table.group_message_id = message_id
        await uow.session.flush()


@dataclass(frozen=True, slots=True)
class MyTable:
    table: TableView
    answer: str | None
    waiting: bool
    past: bool
    has_minutes: bool
    manage: bool = False  # the person designs its team: may move or cancel it
    restartable: bool = False  # a series that ended with it, which its designer may restart

    @property
    def answerable(self) -> bool:
        """Still ahead and scheduled: its RSVP buttons are offered in /tables."""
        return not self.past and self.table.status == "scheduled"


async def tables_for(uow: UnitOfWork, *, now: datetime, telegram_id: int) -> list[MyTable]:
    """The tables of the person's teams (and teams they design): upcoming first, then past."""
    member = await uow.members.by_telegram_id(telegram_id)
    designed_teams = {t.id for t in await uow.teams.designed_by(telegram_id) if t.id is not None}
    team_ids = set(designed_teams)
    if member is not None and member.id is not None:
        team_ids |= {t.id for t in await uow.teams.of_member(member.id) if t.id is not None}
    tables = await uow.tables.of_teams(sorted(team_ids))
    answers = await uow.tables.rsvps_of(telegram_id, [t.id for t in tables if t.id])
    followed = await uow.tables.followed([t.id for t in tables if t.id])
    found: list[MyTable] = []
    for table in tables:
        assert table.id is not None
        _confirmed, waiting = confirmed_and_waiting(await uow.tables.rsvps(table.id),
                                                    table.capacity)
        found.append(MyTable(await view(uow, table), answers.get(table.id),
                             telegram_id in waiting, table.starts_at <= now,
                             await uow.tables.minutes(table.id) is not None,
                             table.team_id in designed_teams,
                             table.team_id in designed_teams and table.recurrence != "none"
                             and table.status == TableStatus.CANCELLED.value
                             and table.id not in followed))
    upcoming = [t for t in found if not t.past]
    past = sorted((t for t in found if t.past), key=lambda t: t.table.starts_at, reverse=True)
    return upcoming + past


async def table_for_designer(uow: UnitOfWork, *, telegram_id: int, table_id: int) -> TableView:
    """The table, if the person designs its team (``NotAllowed`` otherwise)."""
    return await view(uow, await designed(uow, telegram_id, table_id))


async def table_for_member(uow: UnitOfWork, *, telegram_id: int, table_id: int) -> TableView:
    table = await get_table(uow, table_id)
    if not await is_member(uow, telegram_id, table.team_id):
        raise TableProblem("not_member")
    return await view(uow, table)


async def invitations_for(uow: UnitOfWork, *, team_id: int, telegram_id: int, now: datetime
                          ) -> tuple[Recipient | None, list[TableView]]:
    """What a member who just joined a team is sent: its tables still ahead (each with its
    RSVP buttons), in their language — no recipient when they cannot be reached."""
    languages = await languages_of(uow, [telegram_id])
    if telegram_id not in languages:
        return None, []
    ahead = [await view(uow, table)
             for table in await uow.tables.upcoming_of_team(team_id, now=now)]
    return Recipient(telegram_id, languages[telegram_id]), ahead
