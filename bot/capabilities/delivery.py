"""Delivery: the outbox the sender empties, the timed notices the scheduler releases, the
update ids the webhook workers have seen and the dead letters of updates a handler failed on.
No commands; the scheduler's own jobs (releasing notices, housekeeping) live with it.

What it holds about a person is transport — copies of what was said to or about them, and of
what they sent — so /mydata lists nothing from it; /deleteme leaves none of it naming them
(`bot.services.delivery`: their messages and dead letters deleted, quotes of them in others'
messages redacted). It is second in the list, so it erases after every capability but the
member row: the notices those erasures cause are in the outbox by then, and the person's
names still known."""

import logging
from datetime import datetime, timedelta

from bot.capability import Capability, Job, JobContext
from bot.i18n import DEFAULT_LANGUAGE, speak
from bot.personal import Person, PersonalData
from bot.services import delivery as service
from bot.ui.texts import privacy as texts
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


def deleted_member(language: str | None) -> str:
    with speak(language or DEFAULT_LANGUAGE):
        return texts.deleted_member()


async def purge_dead_letters(ctx: JobContext) -> int:
    """Retention: a raw update kept because its handling failed holds what a person typed, so
    it goes after the setting's days (docs/privacy.md), whether anyone read it or not."""
    gone = await ctx.uow.updates.purge_dead_letters(
        before=ctx.now - timedelta(days=ctx.settings.failed_update_retention_days))
    if gone:
        log.info("retention: %d failed updates purged", gone)
    return gone


async def erase(uow: UnitOfWork, person: Person, now: datetime) -> None:
    await service.erase_person(uow, person, now, label=deleted_member)


CAPABILITY = Capability(
    name="delivery",
    jobs=(Job("dead-letters", timedelta(hours=1), purge_dead_letters),),
    personal=PersonalData(
        erase=erase,
        columns={
            "outbox.chat_id": "the person's messages are deleted, whatever their status",
            "outbox.key": "messages whose key names the person (their notices) are deleted",
            "outbox.payload": "in others' messages (sent or waiting) the person's name becomes "
                              "\"a deleted member\" and a link to them goes; a file naming "
                              "them is dropped, and a waiting message left without it withdrawn",
            "failed_update.payload": "the updates that name the person (an \"id\" of theirs) are "
                                     "deleted; in others' the person's name is replaced",
            "failed_update.error": "deleted with the update; in others' the person's name is "
                                   "replaced",
            "scheduled_notice.params": "ids, and an announcement's text: the person's name in it "
                                       "becomes \"a deleted member\", a link to them goes",
        },
        impersonal={
            "outbox.claimed_by": "the name of a sender process",
            "outbox.last_error": "Telegram's answer to a send, or why a message was withdrawn",
            "processed_update.update_id": "Telegram's update number",
            "failed_update.update_id": "Telegram's update number",
            "scheduled_notice.key": "which table, booking or announcement the notice is of",
            "scheduled_notice.kind": "which kind of notice (a code: a reminder, a feedback request)",
            "scheduled_notice.note": "what became of the notice",
        },
    ),
)
