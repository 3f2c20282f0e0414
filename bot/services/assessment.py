"""The self-assessment's use cases: start or resume a run, rate one statement, go back one,
finish with the scores, and the result (with the change since the previous run).

The database is the truth: every rating is written when given, so a run paused, or cut by a
restart, resumes on any worker from its answers. A press names the run and the statement it
was shown for; a press for a run that is not the person's open one, or for a statement past
the first unanswered one, is stale and changes nothing (``StalePress``).

Shared with training and the expert hour: ``weakest_competences`` — what a member's latest
finished assessment says they should work on first — and ``competences_to_grow``, the few of
those the expert hour matches experts on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.personal import Person, Shown
from domain.assessment import (
    Framework,
    Statement,
    competence_scores,
    load_framework,
    to_grow,
    weakest,
)
from storage.models.assessment import AssessmentRun
from storage.uow import UnitOfWork

#: How many of the weakest competences the training path starts from.
PATH_LENGTH = 3


class StalePress(Exception):
    """A button for a run or a statement that is no longer the one to answer."""


@dataclass(frozen=True, slots=True)
class Screen:
    """One statement to show: which, where in the run, and the rating already given."""

    run_id: int
    index: int
    total: int
    statement: Statement
    rating: int | None


@dataclass(frozen=True, slots=True)
class CompetenceResult:
    competence_id: str
    score: float
    level_id: str
    previous: float | None  # the score of the run before, if there was one


@dataclass(frozen=True, slots=True)
class Result:
    run_id: int
    finished_at: datetime
    competences: tuple[CompetenceResult, ...]  # in the framework's order
    strongest: tuple[str, ...]
    weakest: tuple[str, ...]
    path: tuple[str, ...]                      # the training path: the weakest, in order
    previous_at: datetime | None


@dataclass(frozen=True, slots=True)
class Status:
    open_run_id: int | None
    answered: int
    total: int
    has_result: bool


def _framework(framework: Framework | None) -> Framework:
    return framework or load_framework()


async def weakest_competences(uow: UnitOfWork, *, telegram_id: int,
                              framework: Framework | None = None) -> list[str]:
    """Competence ids of the member's latest finished assessment, weakest first (ties in the
    framework's order); [] if they never finished one."""
    scores = await uow.assessments.latest_scores(telegram_id)
    return weakest(_framework(framework), scores)


async def competences_to_grow(uow: UnitOfWork, *, telegram_id: int,
                              framework: Framework | None = None) -> list[str]:
    """The competences the member most wants to grow: the weakest of their latest finished
    assessment (as many as the training path starts from), none at the top level."""
    scores = await uow.assessments.latest_scores(telegram_id)
    return to_grow(_framework(framework), scores, PATH_LENGTH)


async def status(uow: UnitOfWork, *, telegram_id: int,
                 framework: Framework | None = None) -> Status:
    framework = _framework(framework)
    run = await uow.assessments.open_run(telegram_id)
    answered = len(await uow.assessments.answers(run.id)) if run and run.id else 0
    finished = await uow.assessments.finished_runs(telegram_id, limit=1)
    return Status(open_run_id=run.id if run else None, answered=answered,
                  total=len(framework.statements), has_result=bool(finished))


def _screen(framework: Framework, run_id: int, index: int, answers: dict[str, int]) -> Screen:
    statements = framework.statements
    statement = statements[index]
    return Screen(run_id=run_id, index=index, total=len(statements), statement=statement,
                  rating=answers.get(statement.id))


def _first_unanswered(framework: Framework, answers: dict[str, int]) -> int:
    for index, statement in enumerate(framework.statements):
        if statement.id not in answers:
            return index
    return len(framework.statements) - 1


async def begin(uow: UnitOfWork, *, telegram_id: int, now: datetime, fresh: bool,
                framework: Framework | None = None) -> Screen:
    """The screen to show: the open run's first unanswered statement, or (``fresh``, or no
    open run) the first statement of a new run; starting afresh discards the open run."""
    framework = _framework(framework)
    run = await uow.assessments.open_run(telegram_id)
    if run is not None and fresh:
        await uow.assessments.discard(run, now=now)
        run = None
    if run is None:
        run = await uow.assessments.start(telegram_id=telegram_id,
                                          framework_version=framework.version, now=now)
    assert run.id is not None
    answers = await uow.assessments.answers(run.id)
    return _screen(framework, run.id, _first_unanswered(framework, answers), answers)


async def current_screen(uow: UnitOfWork, *, telegram_id: int,
                         framework: Framework | None = None) -> Screen | None:
    """The open run's first unanswered statement; None when no run is open."""
    framework = _framework(framework)
    run = await uow.assessments.open_run(telegram_id)
    if run is None or run.id is None:
        return None
    answers = await uow.assessments.answers(run.id)
    return _screen(framework, run.id, _first_unanswered(framework, answers), answers)


async def _open(uow: UnitOfWork, telegram_id: int, run_id: int) -> AssessmentRun:
    run = await uow.assessments.open_run(telegram_id)
    if run is None or run.id != run_id:
        raise StalePress
    return run


async def rate(uow: UnitOfWork, *, telegram_id: int, run_id: int, index: int, rating: int,
               now: datetime, framework: Framework | None = None) -> Screen | Result:
    """Record ``rating`` for the statement at ``index``; the next screen, or the result when
    every statement has an answer."""
    framework = _framework(framework)
    statements = framework.statements
    if not framework.scale_min <= rating <= framework.scale_max or not 0 <= index < len(statements):
        raise StalePress
    run = await _open(uow, telegram_id, run_id)
    answers = await uow.assessments.answers(run_id)
    if index > _first_unanswered(framework, answers) and statements[index].id not in answers:
        raise StalePress  # a statement the person has not reached
    await uow.assessments.answer(run_id=run_id, statement_id=statements[index].id,
                                 rating=rating, now=now)
    answers[statements[index].id] = rating
    if len(answers) >= len(statements) and all(s.id in answers for s in statements):
        return await _finish(uow, framework, run, answers, now)
    following = index + 1 if index + 1 < len(statements) else _first_unanswered(framework, answers)
    if statements[following].id not in answers:
        following = _first_unanswered(framework, answers)
    return _screen(framework, run_id, following, answers)


async def back(uow: UnitOfWork, *, telegram_id: int, run_id: int, index: int,
               framework: Framework | None = None) -> Screen:
    """The statement before ``index``, with the rating given to it."""
    framework = _framework(framework)
    if not 1 <= index < len(framework.statements):
        raise StalePress
    await _open(uow, telegram_id, run_id)
    answers = await uow.assessments.answers(run_id)
    if index > _first_unanswered(framework, answers):
        raise StalePress
    return _screen(framework, run_id, index - 1, answers)


async def pause(uow: UnitOfWork, *, telegram_id: int, run_id: int,
                framework: Framework | None = None) -> Status:
    """Nothing to write (every answer is already kept): how far the run has come."""
    await _open(uow, telegram_id, run_id)
    return await status(uow, telegram_id=telegram_id, framework=framework)


async def _finish(uow: UnitOfWork, framework: Framework, run: AssessmentRun,
                  answers: dict[str, int], now: datetime) -> Result:
    scores = competence_scores(framework, answers)
    await uow.assessments.finish(
        run, scores={cid: (score, framework.level_of(score).id) for cid, score in scores.items()},
        now=now)
    result = await latest_result(uow, telegram_id=run.member_telegram_id, framework=framework)
    assert result is not None
    return result


async def latest_result(uow: UnitOfWork, *, telegram_id: int,
                        framework: Framework | None = None) -> Result | None:
    """The latest finished run's result, with the run before it for the change; None if the
    person never finished one."""
    framework = _framework(framework)
    runs = await uow.assessments.finished_runs(telegram_id, limit=2)
    if not runs:
        return None
    latest = runs[0]
    assert latest.id is not None and latest.finished_at is not None
    scores = await uow.assessments.scores(latest.id)
    previous: dict[str, tuple[float, str]] = {}
    if len(runs) > 1 and runs[1].id is not None:
        previous = await uow.assessments.scores(runs[1].id)
    lines = tuple(
        CompetenceResult(competence_id=c.id, score=scores[c.id][0], level_id=scores[c.id][1],
                         previous=previous[c.id][0] if c.id in previous else None)
        for c in framework.competences if c.id in scores)
    order = weakest(framework, {cid: s for cid, (s, _level) in scores.items()})
    top = max(s for s, _level in scores.values())
    bottom = min(s for s, _level in scores.values())
    return Result(
        run_id=latest.id, finished_at=latest.finished_at, competences=lines,
        strongest=tuple(line.competence_id for line in lines if line.score == top),
        weakest=tuple(line.competence_id for line in lines if line.score == bottom),
        path=tuple(order[:PATH_LENGTH]),
        previous_at=runs[1].finished_at if len(runs) > 1 else None)


async def show_person(uow: UnitOfWork, person: Person) -> Shown:
    """/mydata: each self-assessment run: when, its answers, and its scores once finished."""
    runs = await uow.assessments.finished_runs(person.telegram_id, limit=1000)
    open_run = await uow.assessments.open_run(person.telegram_id)
    if open_run is not None:
        runs.append(open_run)
    out: list[dict[str, object]] = []
    for run in runs:
        assert run.id is not None
        out.append({
            "started_at": run.started_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "answers": await uow.assessments.answers(run.id),
            "scores": {cid: {"score": score, "level": level}
                       for cid, (score, level) in (await uow.assessments.scores(run.id)).items()},
        })
    return {"self_assessments": out}


async def erase_person(uow: UnitOfWork, person: Person, now: datetime) -> None:
    await uow.assessments.forget_person(person.telegram_id)
