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
from storage.uow import UnitOfWork

Declared = Sequence[tuple[str, PersonalData]]
"""(capability name, what it keeps), in the capabilities' order."""


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
    data = await shown(uow, person, declared)
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


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
