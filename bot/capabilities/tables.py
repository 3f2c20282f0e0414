"""Territorial tables: /newtable, RSVP, /tables (move, cancel, reminders, calendar file),
/minutes; what they say to groups and members (the notifier); reminders and the minutes
reminder (timed notices); the next meeting of a recurring table (a timed job)."""

import logging
from datetime import timedelta

from bot.capability import Capability, Job, JobContext
from bot.flows.tables import router as tables
from bot.notify import tables as notify
from bot.personal import PersonalData
from bot.services import tables as service

log = logging.getLogger(__name__)


async def next_meetings(ctx: JobContext) -> int:
    """Each recurring table whose time has passed gets its next meeting (announced by the
    notifier as the job's unit of work commits)."""
    created = await service.create_next_occurrences(ctx.uow, now=ctx.now)
    if created:
        log.info("recurring tables: %d next meetings set", len(created))
    return len(created)


CAPABILITY = Capability(
    name="tables",
    commands=tables.COMMANDS,
    routers=lambda commands: [tables.create_router()],
    jobs=(Job("tables", timedelta(minutes=15), next_meetings),),
    notices={"table_reminder": notify.table_reminders,
             "table_minutes_due": notify.table_minutes_due},
    notifier={
        service.TableCreated: notify.on_table_created,
        service.NextMeetingCreated: notify.on_next_meeting_created,
        service.TableMoved: notify.on_table_moved,
        service.TableCancelled: notify.on_table_cancelled,
        service.PromotedFromWaitingList: notify.on_promoted,
        service.MinutesWritten: notify.on_minutes_written,
    },
    personal=PersonalData(
        columns={
            "table_rsvp.member_telegram_id": "not yet erased",
            "territorial_table.created_by": "not yet erased",
            "table_minutes.written_by": "not yet erased",
            "table_minutes.attendance": "not yet erased",
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
