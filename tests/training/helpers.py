"""The training tests' world: members written directly (registered), an assessment finished
for some, and readers of the training rows and the outbox."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from sqlmodel import col, select

from domain.assessment import load_framework
from storage.models import OutboxMessage
from storage.models.training import TrainingEnrolment, TrainingProgress, TrainingPush
from storage.uow import UnitOfWork

LOW_DIGITAL = {"reading_needs": 4.0, "networking": 4.0, "mobilising": 4.0, "codesign": 4.0,
               "communication": 4.0, "digital": 1.5, "ethics": 3.8, "impact": 2.0}


async def finish_assessment(uow: UnitOfWork, telegram_id: int, scores: Mapping[str, float],
                            now: datetime) -> None:
    framework = load_framework()
    run = await uow.assessments.start(telegram_id=telegram_id,
                                      framework_version=framework.version, now=now)
    await uow.assessments.finish(run, scores={cid: (score, framework.level_of(score).id)
                                              for cid, score in scores.items()}, now=now)


async def enrolment(uow: UnitOfWork, telegram_id: int) -> TrainingEnrolment | None:
    return await uow.training.enrolment(telegram_id)


async def progress(uow: UnitOfWork, telegram_id: int) -> dict[str, TrainingProgress]:
    return await uow.training.progress(telegram_id)


async def pushes(uow: UnitOfWork) -> list[TrainingPush]:
    query = select(TrainingPush).order_by(col(TrainingPush.id))
    return list((await uow.session.exec(query)).all())


async def outbox(uow: UnitOfWork, prefix: str = "training") -> list[OutboxMessage]:
    return [row for row in await uow.outbox.all() if row.key.startswith(prefix)]


def text_of(row: OutboxMessage) -> str:
    return str(json.loads(row.payload).get("text", ""))


def buttons_of(row: OutboxMessage) -> list[str]:
    markup = json.loads(row.payload).get("reply_markup") or {}
    return [b.get("callback_data", "") for line in markup.get("inline_keyboard", []) for b in line]
