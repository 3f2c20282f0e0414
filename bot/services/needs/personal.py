"""What the needs keep about a person: /mydata shows their pledges; /deleteme keeps the
pledges counted (as a deleted member's) and takes their id from pledges, needs and history."""

from __future__ import annotations

from datetime import datetime

from bot.personal import Person, Shown
from storage.uow import UnitOfWork


async def forget_person(uow: UnitOfWork, *, telegram_id: int) -> int:
    """Erasure: the person's pledges stay counted, without their id."""
    return await uow.needs.forget_person(telegram_id)


async def show_person(uow: UnitOfWork, person: Person) -> Shown:
    """/mydata: the person's pledges."""
    return {"pledges": [{"need_id": need.id, "need": need.title, "quantity": str(pledge.quantity),
                         "delivered": str(pledge.delivered), "status": pledge.status,
                         "pledged_at": pledge.created_at.isoformat()}
                        for pledge, need in await uow.needs.pledges_of(person.telegram_id)]}


async def erase_person(uow: UnitOfWork, person: Person, now: datetime) -> None:
    await forget_person(uow, telegram_id=person.telegram_id)
