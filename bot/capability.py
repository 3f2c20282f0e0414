"""What a capability declares about itself, once: its commands, its routers, its timed jobs and
timed notices, who it tells what (its notifier), and what it keeps about a person — how
`/mydata` shows it and how `/deleteme` erases it.

`bot.capabilities.CAPABILITIES` is the ordered list of these declarations; the dispatcher, the
menus, `/help`, the scheduler, the notifiers run by the unit of work, `/mydata`, `/deleteme`
and the schema's personal-data guard are all built from it, so a new capability adds itself
there and touches nothing else that is shared (but the catalogs and a migration).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiogram import Router

from bot.commands import CommandSpec
from bot.personal import PersonalData
from storage.repositories import OutboxItem
from storage.repositories.notice import DueNotice
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    from bot.config import Settings


@dataclass(frozen=True)
class JobContext:
    """What a timed job is given: its own unit of work, the clock's `now`, the settings, and a
    way to wake the sender early (for a job that commits a batch at a time)."""

    uow: UnitOfWork
    now: datetime
    settings: Settings
    on_enqueued: Callable[[], None]


@dataclass(frozen=True)
class Job:
    """A sweep the single scheduler runs every `every` (and once at start, to catch up), in a
    unit of work of its own. `run` returns how much it did (rows enqueued, items settled): the
    sender is woken when it is not 0."""

    name: str
    every: timedelta
    run: Callable[[JobContext], Awaitable[int]]


Due = tuple[DueNotice, dict[str, Any]]
"""A scheduled notice that fell due, and its params."""

NoticeRenderer = Callable[[UnitOfWork, Sequence[Due], datetime],
                          Awaitable[dict[int, list[OutboxItem]]]]
"""Turns a batch of due notices of one kind into outbox rows, by notice id (the wording of a
timed notice: a reminder, a feedback request…)."""

EventHandler = Callable[[UnitOfWork, Any], Awaitable[None]]
"""A notifier's handler of one kind of event: reads what it needs, enqueues outbox rows in
each recipient's language, changes no business row."""


@dataclass(frozen=True)
class Capability:
    """One capability, declared once (see the module's docstring)."""

    name: str
    commands: Sequence[CommandSpec] = ()
    routers: Callable[[Sequence[CommandSpec]], Sequence[Router]] | None = None
    routing: int = 0
    """Where its routers stand: -1 before the others (the group redirect), 1 after them (a
    conversation that reads any text in its states), 0 in the list's order."""
    jobs: Sequence[Job] = ()
    notices: Mapping[str, NoticeRenderer] = field(default_factory=dict)
    notifier: Mapping[type, EventHandler] = field(default_factory=dict)
    personal: PersonalData = field(default_factory=PersonalData)
