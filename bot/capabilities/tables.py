"""Territorial tables: /newtable, RSVP, /tables (answer, move, cancel, reminders, calendar
file; a series' meeting skipped or the series ended and restarted; place, agenda and places
changed), /minutes; what they say to groups and members (the notifier), and to a member who
joins a team (its upcoming tables); reminders and the minutes reminder (timed notices); the
next meeting of a recurring table (a timed job)."""

import logging
from datetime import datetime, timedelta

from bot.capability import Capability, Job, JobContext
from bot.flows.tables import router as tables
from bot.i18n import speak
from bot.notify import tables as notify
from bot.notify.posted import refresh_kind
from bot.personal import Person, PersonalData
from bot.services import tables as service
from bot.services.teams import MemberJoinedTeam
from bot.ui.texts import table_notices as notices
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def next_meetings(ctx: JobContext) -> int:
    """Each recurring table whose time has passed gets its next meeting (announced by the
    notifier as the job's unit of work commits)."""
    created = await service.create_next_occurrences(ctx.uow, now=ctx.now)
    if created:
        log.info("recurring tables: %d next meetings set", len(created))
    return len(created)


def former_member(language: str) -> str:
    with speak(language):
        return notices.former_member()


async def erase(uow: UnitOfWork, person: Person, now: datetime) -> None:
    """/deleteme: the service erases, worded "a former member" in each minutes' language."""
    await service.erase_person(uow, person, now, former_member=former_member)


CAPABILITY = Capability(
    name="tables",
    commands=tables.COMMANDS,
    routers=lambda commands: [tables.create_router()],
    jobs=(Job("tables", timedelta(minutes=15), next_meetings),),
    notices={"table_reminder": notify.table_reminders,
             "table_minutes_due": notify.table_minutes_due,
             # the announcement and invitations kept up to date (bot.notify.posted.refresh)
             refresh_kind("table"): notify.table_refresh},
    notifier={
        service.TableCreated: notify.on_table_created,
        service.NextMeetingCreated: notify.on_next_meeting_created,
        service.TableMoved: notify.on_table_moved,
        service.TableCancelled: notify.on_table_cancelled,
        service.PromotedFromWaitingList: notify.on_promoted,
        service.MinutesWritten: notify.on_minutes_written,
        service.MeetingSkipped: notify.on_meeting_skipped,
        service.SeriesEnded: notify.on_series_ended,
        service.SeriesRestarted: notify.on_series_restarted,
        service.TableEdited: notify.on_table_edited,
        MemberJoinedTeam: notify.on_member_joined,  # a newcomer gets the upcoming tables
        service.RsvpChanged: notify.on_rsvp_changed,
    },
    personal=PersonalData(
        show=service.show_person,
        erase=erase,
        columns={
            "table_rsvp.member_telegram_id":
                "the answer is deleted (minutes already written keep their count of who came; "
                "a place held on a table ahead goes to the first one waiting)",
            "territorial_table.created_by": "set to NULL: the table is the team's",
            "table_minutes.written_by": "set to NULL: the minutes are the team's",
            "table_minutes.attendance":
                "the person's own entry (known by attendee_ids) becomes \"a former member\" "
                "in the minutes' language; the others' names stay. In minutes written before "
                "the ids were recorded (migration 0014), an entry that is exactly one of the "
                "person's names becomes \"a former member\"",
            "table_minutes.attendee_ids": "the person's id in it is set to null",
        },
        impersonal={
            "territorial_table.place": "the team's meeting place, as its designer wrote it",
            "territorial_table.agenda": "the team's agenda, as its designer wrote it",
            "territorial_table.reminders": "reminder times, in minutes",
            "territorial_table.group_chat_id": "the team's group chat, not a person",
            "territorial_table.group_message_id": "a message id in the team's group",
            "table_minutes.decisions": "the team's decisions",
            "table_minutes.notes": "the team's notes of the meeting",
        },
    ),
)
