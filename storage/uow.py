"""Unit of work: one transaction per update (or per CLI command / job), opened only when used.

A reply that needs no database pays for none: the session is created on first access.

Services record what happened as events (`uow.emit(PledgeMade(...))`). Before each commit the
unit of work hands the events to `publish` — the notifiers the composition root wired in,
which turn them into outbox rows — so a change, its events and the messages they cause commit
or roll back together. Storage knows nothing of who listens: a unit of work made without
`publish` that is asked to commit events refuses, rather than lose them in silence.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from types import TracebackType
from typing import TypeVar

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db import scrub
from storage.repositories.assessment import AssessmentRepository
from storage.repositories.expert import ExpertRepository
from storage.repositories.group import GroupChatRepository
from storage.repositories.impact import ImpactRepository
from storage.repositories.impact_export import ImpactExportRepository
from storage.repositories.member import MemberRepository
from storage.repositories.membership import MembershipRepository
from storage.repositories.need import NeedRepository
from storage.repositories.notice import NoticeRepository
from storage.repositories.nudge import NudgeRepository
from storage.repositories.organisation import OrganisationRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.role import RoleRepository
from storage.repositories.service import LocalServiceRepository
from storage.repositories.statement import StatementRepository
from storage.repositories.table import TableRepository
from storage.repositories.team import TeamRepository
from storage.repositories.territory import TerritoryRepository
from storage.repositories.training import TrainingRepository
from storage.repositories.update_log import UpdateLogRepository

R = TypeVar("R")

Publisher = Callable[["UnitOfWork", Sequence[object]], Awaitable[None]]
"""Turns a batch of events into outbox rows (and nothing else) in the unit of work given."""


class UnpublishedEvents(RuntimeError):
    """Events were emitted in a unit of work that has nobody to hand them to."""


class UnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *,
                 publish: Publisher | None = None) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        self._publish = publish
        self.events: list[object] = []
        # Languages this unit of work changed (chat id -> language; None: the person was
        # erased), for the bot's locale cache to take after the commit.
        self.language_notes: dict[int, str | None] = {}
        # Set by an erasure: once it has committed, the database's files are scrubbed of the
        # erased rows' old copies (storage.db.scrub: SQLite's write-ahead log is truncated).
        self.scrub_after_commit = False

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self._sessions()
        return self._session

    @property
    def loaded_session(self) -> AsyncSession | None:
        """The session if this unit of work opened one, without opening it."""
        return self._session

    @property
    def members(self) -> MemberRepository:
        return MemberRepository(self.session)

    @property
    def teams(self) -> TeamRepository:
        return TeamRepository(self.session)

    @property
    def memberships(self) -> MembershipRepository:
        return MembershipRepository(self.session)

    @property
    def roles(self) -> RoleRepository:
        return RoleRepository(self.session)

    @property
    def territories(self) -> TerritoryRepository:
        return TerritoryRepository(self.session)

    @property
    def groups(self) -> GroupChatRepository:
        return GroupChatRepository(self.session)

    @property
    def organisations(self) -> OrganisationRepository:
        return OrganisationRepository(self.session)

    @property
    def local_services(self) -> LocalServiceRepository:
        return LocalServiceRepository(self.session)

    @property
    def outbox(self) -> OutboxRepository:
        return OutboxRepository(self.session)

    @property
    def notices(self) -> NoticeRepository:
        return NoticeRepository(self.session)

    @property
    def assessments(self) -> AssessmentRepository:
        return AssessmentRepository(self.session)

    @property
    def experts(self) -> ExpertRepository:
        return ExpertRepository(self.session)

    @property
    def impact_export(self) -> ImpactExportRepository:
        return ImpactExportRepository(self.session)

    @property
    def impact(self) -> ImpactRepository:
        return ImpactRepository(self.session)

    @property
    def needs(self) -> NeedRepository:
        return NeedRepository(self.session)

    @property
    def nudges(self) -> NudgeRepository:
        return NudgeRepository(self.session)

    @property
    def statements(self) -> StatementRepository:
        return StatementRepository(self.session)

    @property
    def tables(self) -> TableRepository:
        return TableRepository(self.session)

    @property
    def training(self) -> TrainingRepository:
        return TrainingRepository(self.session)

    @property
    def updates(self) -> UpdateLogRepository:
        return UpdateLogRepository(self.session)

    def repository(self, kind: Callable[[AsyncSession], R]) -> R:
        """Any aggregate's repository on this unit of work's session: a new capability's
        repository needs no property here (`uow.repository(StoryRepository)`)."""
        return kind(self.session)

    def note_language(self, chat_id: int, language: str | None) -> None:
        """A service changed who speaks what: a member's or a group's language (None when a
        member's data is erased)."""
        self.language_notes[chat_id] = language

    def emit(self, event: object) -> None:
        """Record that something happened; its notifiers run before the next commit."""
        self.events.append(event)

    async def publish_events(self) -> None:
        """Hand the events so far to the notifiers (which may emit more: handled in turn)."""
        while self.events:
            if self._publish is None:
                kinds = sorted({type(event).__name__ for event in self.events})
                raise UnpublishedEvents(f"events {kinds} emitted in a unit of work made "
                                        "without notifiers (use the composition's factory)")
            batch, self.events = self.events, []
            await self._publish(self, batch)

    async def commit(self) -> None:
        await self.publish_events()
        if self._session is not None:
            await self._session.commit()
            await self._scrub()

    async def commit_if_open(self) -> None:
        """Commit what this unit of work has done so far, if it has begun anything (the
        session stays usable: the next statement begins a new transaction)."""
        await self.publish_events()
        if self._session is not None and self._session.in_transaction():
            await self._session.commit()
            await self._scrub()

    async def _scrub(self) -> None:
        if self.scrub_after_commit and self._session is not None:
            self.scrub_after_commit = False
            await scrub(self._session)

    async def rollback(self) -> None:
        self.events.clear()
        if self._session is not None:
            await self._session.rollback()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> UnitOfWork:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                await self.commit()
            else:
                await self.rollback()
        finally:
            await self.close()
