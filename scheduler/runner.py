"""The in-process scheduler of the embedded setup (one process, APScheduler on the bot's loop)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from scheduler.jobs import leave_unlinked
from storage.uow import UnitOfWork


def utc_now() -> datetime:
    return datetime.now(UTC)


def create_scheduler(bot: Bot, sessions: async_sessionmaker[AsyncSession], *, grace: timedelta,
                     clock: Callable[[], datetime] = utc_now) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone="Europe/Rome")

    async def leave_unlinked_groups() -> None:
        async with UnitOfWork(sessions) as uow:
            await leave_unlinked(bot, uow, now=clock(), grace=grace)

    # misfire_grace_time: after a pause the check still runs once (coalesced), never skipped.
    scheduler.add_job(leave_unlinked_groups, "interval", minutes=15, id="leave_unlinked_groups",
                      next_run_time=clock(), coalesce=True, misfire_grace_time=3600)
    return scheduler
