"""The training tests' own helpers: a weak-in-digital assessment profile, and readers of the
training rows and of the training messages in the outbox."""

from __future__ import annotations

from sqlmodel import col, select

from storage.models import OutboxMessage
from storage.models.training import TrainingEnrolment, TrainingProgress, TrainingPush
from storage.uow import UnitOfWork

LOW_DIGITAL = {"reading_needs": 4.0, "networking": 4.0, "mobilising": 4.0, "codesign": 4.0,
               "communication": 4.0, "digital": 1.5, "ethics": 3.8, "impact": 2.0}


async def enrolment(uow: UnitOfWork, telegram_id: int) -> TrainingEnrolment | None:
    return await uow.training.enrolment(telegram_id)


async def progress(uow: UnitOfWork, telegram_id: int) -> dict[str, TrainingProgress]:
    return await uow.training.progress(telegram_id)


async def pushes(uow: UnitOfWork) -> list[TrainingPush]:
    query = select(TrainingPush).order_by(col(TrainingPush.id))
    return list((await uow.session.exec(query)).all())


async def outbox(uow: UnitOfWork, prefix: str = "training") -> list[OutboxMessage]:
    """The outbox rows whose key starts with ``prefix``: the training's, by default."""
    return [row for row in await uow.outbox.all() if row.key.startswith(prefix)]
