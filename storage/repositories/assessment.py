"""Self-assessment queries: a member's open run, its answers, finishing it with its scores,
the latest scores and the history. Never commits (the unit of work does)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import col, select

from storage.models.assessment import AssessmentAnswer, AssessmentRun, AssessmentScore
from storage.repositories.base import _Repository


class AssessmentRepository(_Repository):
    async def open_run(self, telegram_id: int) -> AssessmentRun | None:
        """The member's unfinished run, if any (at most one: ``start`` reuses it)."""
        query = (select(AssessmentRun)
                 .where(AssessmentRun.member_telegram_id == telegram_id,
                        col(AssessmentRun.finished_at).is_(None),
                        col(AssessmentRun.discarded_at).is_(None))
                 .order_by(col(AssessmentRun.started_at).desc()).limit(1))
        return (await self.session.exec(query)).first()

    async def start(self, *, telegram_id: int, framework_version: int,
                    now: datetime) -> AssessmentRun:
        run = AssessmentRun(member_telegram_id=telegram_id, framework_version=framework_version,
                            started_at=now)
        self.session.add(run)
        await self.session.flush()
        return run

    async def discard(self, run: AssessmentRun, *, now: datetime) -> None:
        """Drop an unfinished run's answers (the person starts again). The row stays, marked,
        so its id is never given to another run and its old buttons stay stale."""
        await self.session.exec(delete(AssessmentAnswer).where(
            col(AssessmentAnswer.run_id) == run.id))
        run.discarded_at = now
        self.session.add(run)
        await self.session.flush()

    async def answers(self, run_id: int) -> dict[str, int]:
        """statement id -> rating, for one run."""
        query = select(AssessmentAnswer.statement_id, AssessmentAnswer.rating).where(
            AssessmentAnswer.run_id == run_id)
        return {statement: int(rating) for statement, rating in (await self.session.exec(query))}

    async def answer(self, *, run_id: int, statement_id: str, rating: int,
                     now: datetime) -> None:
        """Record (or change, going back) one rating."""
        query = select(AssessmentAnswer).where(AssessmentAnswer.run_id == run_id,
                                               AssessmentAnswer.statement_id == statement_id)
        row = (await self.session.exec(query)).one_or_none()
        if row is None:
            self.session.add(AssessmentAnswer(run_id=run_id, statement_id=statement_id,
                                              rating=rating, answered_at=now))
        else:
            row.rating, row.answered_at = rating, now
        await self.session.flush()

    async def finish(self, run: AssessmentRun, *, scores: Mapping[str, tuple[float, str]],
                     now: datetime) -> None:
        """Close the run with its (score, level) per competence."""
        assert run.id is not None
        await self.session.exec(delete(AssessmentScore).where(
            col(AssessmentScore.run_id) == run.id))
        for competence_id, (score, level) in scores.items():
            self.session.add(AssessmentScore(run_id=run.id, competence_id=competence_id,
                                             score=score, level=level))
        run.finished_at = now
        self.session.add(run)
        await self.session.flush()

    async def finished_runs(self, telegram_id: int, *, limit: int = 10) -> list[AssessmentRun]:
        """The member's finished runs, newest first."""
        query = (select(AssessmentRun)
                 .where(AssessmentRun.member_telegram_id == telegram_id,
                        col(AssessmentRun.finished_at).is_not(None))
                 .order_by(col(AssessmentRun.finished_at).desc(), col(AssessmentRun.id).desc())
                 .limit(limit))
        return list((await self.session.exec(query)).all())

    async def scores(self, run_id: int) -> dict[str, tuple[float, str]]:
        """competence id -> (score, level) of a finished run."""
        query = select(AssessmentScore.competence_id, AssessmentScore.score,
                       AssessmentScore.level).where(AssessmentScore.run_id == run_id)
        return {cid: (float(score), level)
                for cid, score, level in (await self.session.exec(query))}

    async def latest_scores(self, telegram_id: int) -> dict[str, float]:
        """competence id -> score of the member's latest finished run ({} if none), in one query."""
        latest = (select(func.max(AssessmentRun.id))
                  .where(AssessmentRun.member_telegram_id == telegram_id,
                         col(AssessmentRun.finished_at).is_not(None))
                  .scalar_subquery())
        query = select(AssessmentScore.competence_id, AssessmentScore.score).where(
            AssessmentScore.run_id == latest)
        return {cid: float(score) for cid, score in (await self.session.exec(query))}

    async def forget_person(self, telegram_id: int) -> None:
        """Erasure: every run of this person, with its answers and scores."""
        runs = select(AssessmentRun.id).where(col(AssessmentRun.member_telegram_id) == telegram_id)
        for model in (AssessmentAnswer, AssessmentScore):
            await self.session.exec(delete(model).where(
                col(model.run_id).in_(runs)))
        await self.session.exec(delete(AssessmentRun).where(
            col(AssessmentRun.member_telegram_id) == telegram_id))
