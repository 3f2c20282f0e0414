"""What a capability keeps about a person, and how it shows and erases it (no aiogram here:
the privacy service reads these declarations too)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.models import Member
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Person:
    """Whom `/mydata` and `/deleteme` are about: a Telegram id, and the member row if there is
    one (an observer or an expert may hold a role without being a member)."""

    telegram_id: int
    member: Member | None
    names: tuple[str, ...] = ()
    """Other names the person is known by (an expert's profile name), for erasure to find
    where others' messages quote them; the member's own names come from `member`."""


Shown = Mapping[str, Any]
"""What a capability adds to the /mydata file: top-level keys and JSON-able values."""


@dataclass(frozen=True)
class PersonalData:
    """What a capability keeps about a person.

    `show` gives the entries `/mydata` lists (empty: nothing held); `erase` deletes or
    anonymises it on `/deleteme`, in the erasure's unit of work (it may emit events: an expert
    is told their booked hour is free again). `columns` names each column of the schema that
    holds a person and that this capability answers for, with how it is erased; `impersonal`
    names columns that look as if they could (free text, long strings, big integers) but do
    not, with why. `names` gives the names this capability knows the person by beyond the
    member row (an expert's profile name), so erasure also redacts them. The schema guard
    (tests/privacy) fails on any such column nobody declared.
    """

    show: Callable[[UnitOfWork, Person], Awaitable[Shown]] | None = None
    erase: Callable[[UnitOfWork, Person, datetime], Awaitable[None]] | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    impersonal: Mapping[str, str] = field(default_factory=dict)
    names: Callable[[UnitOfWork, int], Awaitable[Sequence[str]]] | None = None
