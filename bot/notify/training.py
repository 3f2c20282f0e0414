"""Training pushes: the next module to each member due, on their rhythm, and the week's pill
to each linked team group, in each one's language."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.i18n import speak
from bot.services import training
from bot.ui.keyboards import training as training_keyboards
from bot.ui.texts import training as training_texts
from domain.calendar import ROME
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainingJob:
    """The hours of the day (Rome) training pushes may go out: nobody is sent a module at
    night; the first sweep in the hours finds whoever fell due meanwhile."""

    from_hour: int = 9
    until_hour: int = 20


async def send_training(uow: UnitOfWork, *, now: datetime, job: TrainingJob | None = None,
                        batch: int | None = None) -> int:
    """Push the next module to every member due now, in their language, with its check
    button: one query for the due members, one executemany into the outbox (in chunks), one
    for the push log and one bulk update of their next due time, per batch (committed before
    the next). Paused members, members who blocked the bot and erased ones are never read.
    The outbox key is the member and the due moment, so a rerun adds nothing. Returns the
    outbox rows added."""
    job = job or TrainingJob()
    if not job.from_hour <= now.astimezone(ROME).hour < job.until_hour:
        return 0
    limit = batch or training.SWEEP_BATCH
    added = 0
    while True:
        pushes, advances = await training.due_pushes(uow, now=now, limit=limit)
        rendered: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        items = []
        for push in pushes:
            key = (push.module.id, push.language)
            if key not in rendered:
                with speak(push.language):
                    rendered[key] = (training_texts.push(push.module), training_keyboards.as_json(
                        training_keyboards.open_check(push.module)))
            text, markup = rendered[key]
            items.append(OutboxItem(key=push.key, chat_id=push.telegram_id, text=text,
                                    payload={"reply_markup": markup}))
        added += await uow.outbox.enqueue_many(items, now=now)
        await training.settle_pushes(uow, pushes, advances, now=now)
        await uow.commit_if_open()
        if len(advances) < limit:
            break
    if added:
        log.info("training: %d modules pushed", added)
    return added


async def send_training_pills(uow: UnitOfWork, *, now: datetime,
                              job: TrainingJob | None = None) -> int:
    """The week's training pill to every linked team group the bot can post in, in the
    group's language, once per group and ISO week (the push log's key). Returns rows added."""
    job = job or TrainingJob()
    if not job.from_hour <= now.astimezone(ROME).hour < job.until_hour:
        return 0
    items = []
    for pill in await training.week_pills(uow, now=now):
        with speak(pill.group.language):
            text = training_texts.pill(pill.module, pill.group.team_name)
        items.append(OutboxItem(key=pill.key, chat_id=pill.group.chat_id, text=text))
    added = await uow.outbox.enqueue_many(items, now=now)
    if added:
        log.info("training: %d pills to team groups", added)
    return added
