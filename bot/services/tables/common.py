"""What every use case of tables shares: the views it returns, its refusals, and the reads
under them — a table and its counts, whether a person may answer or manage it, and who hears
of it (the team's group and its reachable members, each in their language)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.services.roles import holds, require
from storage.models import RoleName, TerritorialTable
from storage.models.table import RsvpAnswer, TableRsvp
from storage.uow import UnitOfWork

REMINDER_KIND = "table_reminder"
MINUTES_KIND = "table_minutes_due"
DEFAULT_REMINDERS = (1440, 60)  # minutes before: a day, an hour
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
class Recipient:
    chat_id: int
    language: str


@dataclass(frozen=True, slots=True)
class Announcement:
    table: TableView
    group: Recipient | None
    members: tuple[Recipient, ...] = field(default_factory=tuple)


def confirmed_and_waiting(rows: Sequence[TableRsvp], capacity: int | None
                          ) -> tuple[list[int], list[int]]:
    """The "yes" answers in the order they came, split at the capacity."""
    yes = [r.member_telegram_id for r in rows if r.answer == "yes" and r.member_telegram_id]
    if capacity is None:
        return yes, []
    return yes[:capacity], yes[capacity:]


async def view(uow: UnitOfWork, table: TerritorialTable) -> TableView:
    assert table.id is not None
    team = await uow.teams.get(table.team_id)
    rows = await uow.tables.rsvps(table.id)
    confirmed, waiting = confirmed_and_waiting(rows, table.capacity)
    return TableView(
        id=table.id, team_id=table.team_id, team_name=team.name if team else "",
        starts_at=table.starts_at, place=table.place, agenda=table.agenda,
        capacity=table.capacity, recurrence=table.recurrence, status=table.status,
        revision=table.revision, yes=len(confirmed),
        maybe=sum(1 for r in rows if r.answer == "maybe"),
        no=sum(1 for r in rows if r.answer == "no"), waiting=len(waiting),
        group_chat_id=table.group_chat_id, group_message_id=table.group_message_id,
        reminders=reminder_minutes(table))


def reminder_minutes(table: TerritorialTable) -> tuple[int, ...]:
    return tuple(sorted({int(m) for m in table.reminders.split(",") if m.strip().isdigit()},
                        reverse=True))


async def get_table(uow: UnitOfWork, table_id: int) -> TerritorialTable:
    table = await uow.tables.get(table_id)
    if table is None:
        raise TableProblem("not_found")
    return table


async def designed(uow: UnitOfWork, telegram_id: int, table_id: int) -> TerritorialTable:
    """The table, if the person designs its team (``NotAllowed`` otherwise)."""
    table = await get_table(uow, table_id)
    await require(uow, telegram_id=telegram_id, role=RoleName.DESIGNER, team_id=table.team_id)
    return table


async def is_member(uow: UnitOfWork, telegram_id: int, team_id: int) -> bool:
    """A member of the team, or one of its designers."""
    member = await uow.members.by_telegram_id(telegram_id)
    if member is not None and member.id is not None and await uow.memberships.get(
            member_id=member.id, team_id=team_id) is not None:
        return True
    return await holds(uow, telegram_id=telegram_id, role=RoleName.DESIGNER, team_id=team_id)


async def languages_of(uow: UnitOfWork, telegram_ids: Sequence[int]) -> dict[int, str]:
    """The language of each person still reachable (the others are left out)."""
    found: dict[int, str] = {}
    for telegram_id in telegram_ids:
        member = await uow.members.by_telegram_id(telegram_id)
        if member is not None and member.unreachable_at is None:
            found[telegram_id] = member.language
    return found


async def announcement(uow: UnitOfWork, *, table_id: int) -> Announcement:
    """Who hears of the table: the team's linked group (its language) and its reachable members
    (every member who consented and has not blocked the bot counts as opted in)."""
    table = await get_table(uow, table_id)
    seen = await view(uow, table)
    found = (await uow.teams.with_groups([table.team_id])).get(table.team_id)
    group: Recipient | None = None
    if found is not None:
        team, chat = found
        if team.group_chat_id is not None and (chat is None or (
                chat.unreachable_at is None and chat.left_at is None)):
            group = Recipient(team.group_chat_id, chat.language if chat else team.language)
    members = (await uow.teams.reachable_members_of([table.team_id])).get(table.team_id, [])
    return Announcement(seen, group, tuple(Recipient(c, lang) for c, lang in members))


async def view_of(uow: UnitOfWork, *, table_id: int) -> TableView:
    return await view(uow, await get_table(uow, table_id))
