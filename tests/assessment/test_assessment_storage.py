"""Assessment runs on SQLite and PostgreSQL: answers kept as given, one open run, finishing with
scores, the latest scores (what training and the expert hour read), history, erasure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot import capabilities
from bot.services.assessment import weakest_competences
from storage.uow import UnitOfWork
from tests.conftest import Clock
from tests.helpers.rows import add_member

Factory = Callable[[], UnitOfWork]


async def test_runs_answers_scores_and_erasure(uow_factory: Factory, clock: Clock) -> None:
    now = clock()
    async with uow_factory() as uow:
        await add_member(uow, 501, "Anna", now=now)
        assert await weakest_competences(uow, telegram_id=501) == []
        run = await uow.assessments.start(telegram_id=501, framework_version=1, now=now)
        await uow.assessments.answer(run_id=run.id, statement_id="digital.1", rating=2, now=now)
        await uow.assessments.answer(run_id=run.id, statement_id="digital.1", rating=3, now=now)
        await uow.assessments.answer(run_id=run.id, statement_id="impact.1", rating=1, now=now)
    async with uow_factory() as uow:
        run = await uow.assessments.open_run(501)
        assert run is not None
        assert await uow.assessments.answers(run.id) == {"digital.1": 3, "impact.1": 1}
        await uow.assessments.finish(run, scores={"digital": (3.0, "intermediate"),
                                                  "impact": (1.0, "foundation")}, now=now)
    later = now + timedelta(days=30)
    async with uow_factory() as uow:
        assert await uow.assessments.open_run(501) is None
        assert await weakest_competences(uow, telegram_id=501) == ["impact", "digital"]
        second = await uow.assessments.start(telegram_id=501, framework_version=1, now=later)
        await uow.assessments.finish(second, scores={"digital": (2.0, "foundation"),
                                                     "impact": (4.0, "advanced")}, now=later)
    async with uow_factory() as uow:
        assert await weakest_competences(uow, telegram_id=501) == ["digital", "impact"]
        runs = await uow.assessments.finished_runs(501)
        assert [r.started_at for r in runs] == [later, now]
        assert await uow.assessments.scores(runs[1].id) == {"digital": (3.0, "intermediate"),
                                                            "impact": (1.0, "foundation")}
        member = await uow.members.by_telegram_id(501)
        assert member is not None
        await capabilities.erase(uow, capabilities.person_of(member), now=now)
    async with uow_factory() as uow:
        assert await uow.assessments.finished_runs(501) == []
        assert await uow.assessments.latest_scores(501) == {}
