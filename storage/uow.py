"""Unit of work: one transaction per update (or per CLI command / job), opened only when used.

A reply that needs no database pays for none: the session is created on first access.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.repositories.assessment import AssessmentRepository
from storage.repositories.expert import ExpertRepository
from storage.repositories.group import GroupChatRepository
from storage.repositories.member import MemberRepository
from storage.repositories.membership import MembershipRepository
from storage.repositories.need import NeedRepository
from storage.repositories.notice import NoticeRepository
from storage.repositories.nudge import NudgeRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.role import RoleRepository
from storage.repositories.table import TableRepository
from storage.repositories.team import TeamRepository
from storage.repositories.territory import TerritoryRepository
from storage.repositories.training import TrainingRepository
from storage.repositories.update_log import UpdateLogRepository


class UnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        # Languages this unit of work changed (chat id -> language; None: the person was
        # erased), for the bot's locale cache to take after the commit.
        self.language_notes: dict[int, str | None] = {}

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
    def needs(self) -> NeedRepository:
        return NeedRepository(self.session)

    @property
    def nudges(self) -> NudgeRepository:
        return NudgeRepository(self.session)

    @property
    def tables(self) -> TableRepository:
        return TableRepository(self.session)

    @property
    def training(self) -> TrainingRepository:
        return TrainingRepository(self.session)

    @property
    def updates(self) -> UpdateLogRepository:
        return UpdateLogRepository(self.session)

    def note_language(self, chat_id: int, language: str | None) -> None:
        """A service changed who speaks what: a member's or a group's language (None when a
        member's data is erased)."""
        self.language_notes[chat_id] = language

    async def commit(self) -> None:
        if self._session is not None:
            await self._session.commit()

    async def commit_if_open(self) -> None:
        """Commit what this unit of work has done so far, if it has begun anything (the
        session stays usable: the next statement begins a new transaction)."""
        if self._session is not None and self._session.in_transaction():
            await self._session.commit()

    async def rollback(self) -> None:
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
