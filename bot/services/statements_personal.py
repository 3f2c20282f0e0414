"""What the statements keep about a person: the statements they asked for first (who issued
them). /deleteme forgets the issuer; the statements stay, as the company's."""

from __future__ import annotations

from datetime import datetime

from bot.personal import Person, Shown
from storage.uow import UnitOfWork


async def show_person(uow: UnitOfWork, person: Person) -> Shown:
    issued = await uow.statements.issued_by(person.telegram_id)
    if not issued:
        return {}
    return {"statements_issued": [
        {"code": s.code, "organisation_id": s.organisation_id,
         "period": [s.period_start.isoformat(), s.period_end.isoformat()],
         "issued_at": s.issued_at.isoformat()} for s in issued]}


async def erase_person(uow: UnitOfWork, person: Person, now: datetime) -> None:
    await uow.statements.forget_issuer(person.telegram_id)
