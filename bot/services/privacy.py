"""/mydata and /deleteme, built from what every capability declared it keeps about a person
(`bot.personal.PersonalData`, gathered by `bot.capabilities`): nobody keeps a hand-made list.

The export is one JSON file whose top-level entries come from each capability in the list's
order; erasure runs each capability's eraser in the reverse order (the member row, declared
first, goes last), all in the caller's unit of work: one transaction, all or nothing. Between
erasers the events so far are handed to the notifiers, so the messages an erasure causes are
in the outbox before the next eraser runs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.personal import Person, PersonalData
from storage.models import Member
from storage.uow import UnitOfWork

Declared = Sequence[tuple[str, PersonalData]]
"""(capability name, what it keeps), in the capabilities' order."""


async def person(uow: UnitOfWork, telegram_id: int, member: Member | None, declared: Declared
                 ) -> Person:
    """Whom /mydata and /deleteme are about, with every name a capability knows them by (an
    observer, expert or admin may have no member row)."""
    names: list[str] = []
    for _name, personal in declared:
        if personal.names is not None:
            names += [name for name in await personal.names(uow, telegram_id) if name]
    return Person(telegram_id, member, tuple(dict.fromkeys(names)))


def holds(value: Any) -> bool:
    """Whether a /mydata entry holds anything (an empty list, text or None, or a mapping of
    only such, is nothing)."""
    if isinstance(value, dict):
        return any(holds(item) for item in value.values())
    if isinstance(value, (list, tuple, str)):
        return len(value) > 0
    return value is not None


async def shown(uow: UnitOfWork, person: Person, declared: Declared) -> dict[str, Any]:
    """Everything held on `person`, entry by entry (two capabilities never show one key)."""
    data: dict[str, Any] = {}
    for name, personal in declared:
        if personal.show is None:
            continue
        for key, value in (await personal.show(uow, person)).items():
            if key in data:
                raise ValueError(f"/mydata: {name} shows {key!r}, which another shows too")
            data[key] = value
    return data


async def export(uow: UnitOfWork, person: Person, declared: Declared) -> bytes:
    """The /mydata file."""
    return as_file(person, await shown(uow, person, declared))


def as_file(person: Person, data: dict[str, Any]) -> bytes:
    """The /mydata file of what `shown` found: JSON, the Telegram id first."""
    document = {"telegram_id": person.telegram_id, **data}
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


async def erase(uow: UnitOfWork, person: Person, declared: Declared, *, now: datetime) -> None:
    """Erase or anonymise everything that names `person` (totals stay: a pledge stays, as a
    deleted member). The notices it causes (an expert told an hour is free) are events, sent
    with the commit; each eraser runs once the notices of those before it are worded (in this
    transaction), so an eraser that sweeps messages (delivery's) sees them too."""
    for _name, personal in reversed(declared):
        if personal.erase is not None:
            await uow.publish_events()
            await personal.erase(uow, person, now)
    uow.note_language(person.telegram_id, None)
    uow.scrub_after_commit = True
    await uow.session.flush()
