"""What the needs keep about a person: /mydata shows their pledges; /deleteme keeps the
pledges counted (as a deleted member's) and takes their id from pledges, needs and history.

A proposal is the person's own words until a designer adopts it (approves it: then it is the
team's need, and only the link to the person goes). One nobody adopted — still waiting, or
declined — loses its words on erasure: its texts become a neutral mark, a waiting one is
withdrawn (declined), and the notices that quoted it to the designers are deleted."""

from __future__ import annotations

from datetime import datetime

from bot.personal import Person, Shown
from storage.models import NeedStatus
from storage.repositories.posted import PostedMessageRepository
from storage.uow import UnitOfWork


async def forget_person(uow: UnitOfWork, *, telegram_id: int) -> int:
    """Erasure: the person's pledges stay counted, without their id."""
    return await uow.needs.forget_person(telegram_id)


async def show_person(uow: UnitOfWork, person: Person) -> Shown:
    """/mydata: the person's pledges, and their proposals no designer adopted yet (adopted
    ones are the team's needs)."""
    return {
        "pledges": [{"need_id": need.id, "need": need.title, "quantity": str(pledge.quantity),
                     "delivered": str(pledge.delivered), "status": pledge.status,
                     "pledged_at": pledge.created_at.isoformat()}
                    for pledge, need in await uow.needs.pledges_of(person.telegram_id)],
        "proposals": [{"need_id": need.id, "title": need.title, "description": need.description,
                       "status": need.status, "proposed_at": need.created_at.isoformat()}
                      for need in await uow.needs.unadopted_proposals_of(person.telegram_id)],
    }


ERASED = "[erased]"
"""What an erased person's unadopted proposal says instead of their words."""


async def erase_person(uow: UnitOfWork, person: Person, now: datetime) -> None:
    for need in await uow.needs.unadopted_proposals_of(person.telegram_id):
        need.title, need.description, need.beneficiary, need.skill = ERASED, None, None, None
        need.link = None
        if need.status == NeedStatus.PROPOSED.value:
            need.status, need.closed_at = NeedStatus.DECLINED.value, now
        await uow.outbox.delete_keyed(f"need:{need.id}:")
    await uow.session.flush()
    await forget_person(uow, telegram_id=person.telegram_id)
    # The messages kept up to date in the person's chat (a table's invitation): forgotten;
    # a designer's daily summary of pledges still to come: dropped.
    await uow.repository(PostedMessageRepository).forget_chat(person.telegram_id)
    await uow.notices.drop_pending(f"need-pledges-daily:{person.telegram_id}:", now=now,
                                   note="the designer's data was erased")
