"""Menus per person: a person's private command menu follows their roles and their language.

The services that change either say so with an event (`RolesChanged` from a grant or a
revocation, `LanguageChanged` from /language, /profile or consent); the menus notifier turns it
into a `setMyCommands` (or `deleteMyCommands`, back to the default menu) for the person's chat,
queued in the outbox so the sender paces the calls within Telegram's limits. `refresh_all` asks
again for everyone who holds a role: after a deploy changed the commands, or roles were given
outside the services (the demo data).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class RolesChanged:
    """A role of `telegram_id` was granted or revoked."""

    telegram_id: int
    now: datetime


@dataclass(frozen=True, slots=True)
class LanguageChanged:
    """`telegram_id` chose the language the bot speaks to them (their menu's too)."""

    telegram_id: int
    language: str
    now: datetime


@dataclass(frozen=True, slots=True)
class MenusRefreshed:
    """Everyone's private menu is due again (each holder of a role)."""

    telegram_ids: tuple[int, ...]
    now: datetime


async def refresh_all(uow: UnitOfWork, *, now: datetime) -> int:
    """Ask for the menu of everyone who holds a role; returns how many people that is."""
    people = tuple(sorted({grant.telegram_id for grant, _member in await uow.roles.all()}))
    if people:
        uow.emit(MenusRefreshed(people, now))
    return len(people)
