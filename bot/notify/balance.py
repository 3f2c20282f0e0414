"""The balance's nudges: suggestions of needs to members whose skills and place match,
worded in each member's language with a one-tap pledge button."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.i18n import speak
from bot.services import balance
from bot.services.balance import NudgeRules
from bot.ui.keyboards import balance as balance_keyboards
from bot.ui.texts import balance as balance_texts
from domain.calendar import ROME
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NudgeJob:
    """What the nudge sweep needs from the settings: the rules, the bot's username (for the
    pledge button's deep link) and the hours of the day (Rome) nudges may go out."""

    rules: NudgeRules
    bot_username: str
    from_hour: int = 9
    until_hour: int = 20


async def send_nudges(uow: UnitOfWork, *, now: datetime, job: NudgeJob) -> int:
    """Choose the week's nudges (bot.services.balance.choose_nudges), word each in its
    member's language with a one-tap pledge button, enqueue them and record them, in this
    unit of work. Outside the day's hours it does nothing: nobody is nudged at night, the next
    sweep in the hours finds the same needs. Returns the outbox rows added."""
    if not job.from_hour <= now.astimezone(ROME).hour < job.until_hour:
        return 0
    nudges = await balance.choose_nudges(uow, now=now, rules=job.rules)
    items = []
    for nudge in nudges:
        with speak(nudge.language):
            items.append(OutboxItem(
                key=nudge.key, chat_id=nudge.telegram_id, text=balance_texts.nudge_text(nudge),
                payload={"reply_markup": balance_keyboards.nudge_markup(job.bot_username,
                                                                        nudge.need.id)}))
    added = await uow.outbox.enqueue_many(items, now=now)
    await balance.record_nudges(uow, nudges, now=now)
    if nudges:
        log.info("nudges: %d chosen, %d enqueued", len(nudges), added)
    return added
