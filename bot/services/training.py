"""Training's use cases: the member's path, opening modules, the check and "useful?", the
rhythm and the pause, and what the scheduler's sweeps push (to members and team groups).

A member is enrolled the first time they open /training: their path comes from their latest
finished assessment (domain.training.choose_path), or is the starter path until they take one
(then the next /training tailors it, keeping what they did). Every press is checked here again:
the member is registered, the module is in their path, the step is the current one; anything
else raises TrainingProblem and changes nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.personal import Person, Shown
from domain.assessment import Framework, load_framework
from domain.calendar import ROME
from domain.training import (
    DEFAULT_RHYTHM,
    RHYTHMS,
    Catalogue,
    Module,
    choose_path,
    load_catalogue,
    next_due,
    next_module,
    pill_of_week,
    week_key,
)
from storage.models import Member
from storage.models.training import TrainingEnrolment, TrainingProgress
from storage.repositories.training import Advance, DueEnrolment, PillGroup, PushRow
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

SWEEP_BATCH = 10_000  # due members per query (and per transaction)


class TrainingProblem(Exception):
    """Why a press or a choice changes nothing: its code picks the answer's text."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class PathStep:
    module: Module
    done: bool


@dataclass(frozen=True, slots=True)
class TrainingView:
    steps: Sequence[PathStep]
    assessed: bool
    rhythm: str
    paused: bool
    next_due_at: datetime | None
    next_module: Module | None  # None: every module done


@dataclass(frozen=True, slots=True)
class ModuleView:
    module: Module
    answered: int | None        # the option chosen, if the check was answered
    useful: bool | None


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    module: Module
    correct: bool


@dataclass(frozen=True, slots=True)
class DuePush:
    """One module to push to one member, and the key its outbox row and log carry."""

    key: str
    telegram_id: int
    language: str
    module: Module


@dataclass(frozen=True, slots=True)
class PillPush:
    key: str
    group: PillGroup
    module: Module


def _check_member(member: Member | None) -> Member:
    if member is None or not member.is_onboarded:
        raise TrainingProblem("not_registered")
    return member


def _path(enrolment: TrainingEnrolment) -> list[str]:
    try:
        path = json.loads(enrolment.path)
    except ValueError:
        return []
    return [str(m) for m in path] if isinstance(path, list) else []


async def _enrolment(uow: UnitOfWork, member: Member, now: datetime, *, framework: Framework,
                     catalogue: Catalogue) -> TrainingEnrolment:
    """The member's enrolment, made on their first /training; the path is chosen again when an
    assessment finished after it was chosen (the first one, or a retake), keeping what they
    did, their rhythm and their pause."""
    enrolment = await uow.training.enrolment(member.telegram_id)
    runs = await uow.assessments.finished_runs(member.telegram_id, limit=1)
    finished = runs[0].finished_at if runs else None
    if enrolment is not None and (finished is None or (
            enrolment.tailored_at is not None and finished <= enrolment.tailored_at)):
        return enrolment
    scores = await uow.assessments.latest_scores(member.telegram_id) if finished else {}
    path = choose_path(framework, catalogue, scores)
    tailored_at = finished
    if enrolment is None:
        return await uow.training.enrol(TrainingEnrolment(
            member_telegram_id=member.telegram_id, path=json.dumps(list(path.module_ids)),
            tailored_at=tailored_at, position=0, rhythm=DEFAULT_RHYTHM,
            next_due_at=next_due(now, DEFAULT_RHYTHM), enrolled_at=now, updated_at=now))
    done = await _done(uow, member.telegram_id)
    enrolment.path = json.dumps(list(path.module_ids))
    enrolment.tailored_at, enrolment.updated_at = tailored_at, now
    enrolment.position = _past_done(list(path.module_ids), 0, done)
    if enrolment.position >= len(path.module_ids):
        enrolment.next_due_at = None
    elif enrolment.next_due_at is None:
        enrolment.next_due_at = next_due(now, enrolment.rhythm)
    await uow.session.flush()
    return enrolment


async def _done(uow: UnitOfWork, telegram_id: int) -> set[str]:
    return {mid for mid, row in (await uow.training.progress(telegram_id)).items()
            if row.done_at is not None}


def _past_done(path: Sequence[str], position: int, done: set[str]) -> int:
    """The first position from `position` whose module is not done (pushes skip done ones)."""
    while position < len(path) and path[position] in done:
        position += 1
    return position


def _view(enrolment: TrainingEnrolment, progress: dict[str, TrainingProgress],
          catalogue: Catalogue) -> TrainingView:
    done = {mid for mid, row in progress.items() if row.done_at is not None}
    path = [m for m in _path(enrolment) if catalogue.get(m) is not None]
    following = next_module(path, done, min(enrolment.position, len(path)))
    return TrainingView(
        steps=[PathStep(module, module.id in done)
               for module in (catalogue.get(m) for m in path) if module is not None],
        assessed=enrolment.assessed, rhythm=enrolment.rhythm, paused=enrolment.paused,
        next_due_at=enrolment.next_due_at,
        next_module=catalogue.get(following) if following else None)


async def overview(uow: UnitOfWork, *, member: Member | None, now: datetime,
                   framework: Framework | None = None,
                   catalogue: Catalogue | None = None) -> TrainingView:
    """/training: the member's path (enrolling them the first time), what is done, what next."""
    member = _check_member(member)
    catalogue = catalogue or load_catalogue()
    enrolment = await _enrolment(uow, member, now, framework=framework or load_framework(),
                                 catalogue=catalogue)
    return _view(enrolment, await uow.training.progress(member.telegram_id), catalogue)


async def _enrolled(uow: UnitOfWork, member: Member | None) -> TrainingEnrolment:
    member = _check_member(member)
    enrolment = await uow.training.enrolment(member.telegram_id)
    if enrolment is None:
        raise TrainingProblem("not_enrolled")
    return enrolment


async def _open(uow: UnitOfWork, enrolment: TrainingEnrolment, module: Module,
                now: datetime) -> ModuleView:
    row = await uow.training.opened(enrolment.member_telegram_id, module.id, now)
    path = _path(enrolment)
    if module.id in path and path.index(module.id) >= enrolment.position:
        # the member went ahead: the push after this one is the next module not done
        done = await _done(uow, enrolment.member_telegram_id)
        enrolment.position = _past_done(path, path.index(module.id) + 1, done)
        enrolment.updated_at = now
        if enrolment.position >= len(path):
            enrolment.next_due_at = None
    await uow.session.flush()
    return ModuleView(module, row.answer, row.useful)


async def open_next(uow: UnitOfWork, *, member: Member | None, now: datetime,
                    catalogue: Catalogue | None = None) -> ModuleView:
    """"Open the next module now"; the next push then comes a rhythm from now."""
    catalogue = catalogue or load_catalogue()
    enrolment = await _enrolled(uow, member)
    view = _view(enrolment, await uow.training.progress(enrolment.member_telegram_id), catalogue)
    if view.next_module is None:
        raise TrainingProblem("path_done")
    opened = await _open(uow, enrolment, view.next_module, now)
    if enrolment.next_due_at is not None:
        enrolment.next_due_at = next_due(now, enrolment.rhythm)
    await uow.session.flush()
    return opened


async def open_module(uow: UnitOfWork, *, member: Member | None, module_id: str, now: datetime,
                      catalogue: Catalogue | None = None) -> ModuleView:
    """A module of the member's path (from a push's button)."""
    catalogue = catalogue or load_catalogue()
    enrolment = await _enrolled(uow, member)
    module = catalogue.get(module_id)
    if module is None or module_id not in _path(enrolment):
        raise TrainingProblem("not_in_path")
    return await _open(uow, enrolment, module, now)


async def answer(uow: UnitOfWork, *, member: Member | None, module_id: str, option: int,
                 now: datetime, catalogue: Catalogue | None = None) -> AnswerOutcome:
    """The check's answer, once: the module is then done, right or wrong."""
    member = _check_member(member)
    module = (catalogue or load_catalogue()).get(module_id)
    row = await uow.training.progress_of(member.telegram_id, module_id)
    if module is None or row is None:
        raise TrainingProblem("not_opened")
    if row.answer is not None:
        raise TrainingProblem("already_answered")
    if not 0 <= option < len(module.check.options):
        raise TrainingProblem("stale")
    row.answer, row.correct, row.done_at = option, option == module.check.answer, now
    await uow.session.flush()
    return AnswerOutcome(module, bool(row.correct))


def answer_pill(*, module_id: str, option: int, catalogue: Catalogue | None = None
                ) -> AnswerOutcome:
    """An answer to the week's pill pressed in a group: right or wrong, for the presser only.
    Nothing is stored (anyone in the group may press; a member's own path is in private)."""
    module = (catalogue or load_catalogue()).get(module_id)
    if module is None or not 0 <= option < len(module.check.options):
        raise TrainingProblem("stale")
    return AnswerOutcome(module, option == module.check.answer)


async def feedback(uow: UnitOfWork, *, member: Member | None, module_id: str, useful: bool,
                   now: datetime, catalogue: Catalogue | None = None) -> Module:
    """"Useful / not useful", once per module, after its check (kept for the impact report)."""
    member = _check_member(member)
    module = (catalogue or load_catalogue()).get(module_id)
    row = await uow.training.progress_of(member.telegram_id, module_id)
    if module is None or row is None or row.answer is None:
        raise TrainingProblem("stale")
    if row.useful is not None:
        raise TrainingProblem("feedback_given")
    row.useful, row.feedback_at = useful, now
    await uow.session.flush()
    return module


async def set_rhythm(uow: UnitOfWork, *, member: Member | None, rhythm: str,
                     now: datetime) -> TrainingEnrolment:
    enrolment = await _enrolled(uow, member)
    if rhythm not in RHYTHMS:
        raise TrainingProblem("stale")
    enrolment.rhythm, enrolment.updated_at = rhythm, now
    if enrolment.next_due_at is not None:
        enrolment.next_due_at = next_due(now, rhythm)
    await uow.session.flush()
    return enrolment


async def set_paused(uow: UnitOfWork, *, member: Member | None, paused: bool,
                     now: datetime) -> TrainingEnrolment:
    """Pause (no pushes) or resume (the next push a rhythm from now)."""
    enrolment = await _enrolled(uow, member)
    if enrolment.paused == paused:
        raise TrainingProblem("already_paused" if paused else "not_paused")
    enrolment.paused, enrolment.updated_at = paused, now
    if not paused and enrolment.position < len(_path(enrolment)):
        enrolment.next_due_at = next_due(now, enrolment.rhythm)
    await uow.session.flush()
    return enrolment


# --- the sweeps ------------------------------------------------------------------------------


def push_key(telegram_id: int, due_at: datetime) -> str:
    """One push per member per due moment: a rerun of the sweep finds the same key."""
    return f"training:{telegram_id}:{int(due_at.timestamp())}"


def plan_pushes(due: Sequence[DueEnrolment], *, now: datetime,
                catalogue: Catalogue) -> tuple[list[DuePush], list[Advance]]:
    """For each due member the module at their position (skipping any no longer in the
    catalogue), and their enrolment's move on; a finished path gets no push and no due time."""
    pushes: list[DuePush] = []
    advances: list[Advance] = []
    parsed: dict[str, list[str]] = {}
    for row in due:
        path = parsed.get(row.path)
        if path is None:
            try:
                loaded = json.loads(row.path)
            except ValueError:
                loaded = []
            path = parsed[row.path] = [str(m) for m in loaded] if isinstance(loaded, list) else []
        position = row.position
        while position < len(path) and catalogue.get(path[position]) is None:
            position += 1
        if position >= len(path):
            advances.append(Advance(row.telegram_id, row.due_at, position, None))
            continue
        module = catalogue.get(path[position])
        assert module is not None
        pushes.append(DuePush(push_key(row.telegram_id, row.due_at), row.telegram_id,
                              row.language, module))
        position += 1
        advances.append(Advance(row.telegram_id, row.due_at, position,
                                next_due(now, row.rhythm) if position < len(path) else None))
    return pushes, advances


async def due_pushes(uow: UnitOfWork, *, now: datetime, limit: int = SWEEP_BATCH,
                     catalogue: Catalogue | None = None) -> tuple[list[DuePush], list[Advance]]:
    """The members due now (one query) and what to push to each."""
    due = await uow.training.due(now, limit=limit)
    return plan_pushes(due, now=now, catalogue=catalogue or load_catalogue())


async def settle_pushes(uow: UnitOfWork, pushes: Sequence[DuePush], advances: Sequence[Advance],
                        *, now: datetime) -> None:
    """Log the pushes and move every due member on (one executemany each)."""
    await uow.training.log_pushes([PushRow(key=p.key, module_id=p.module.id,
                                           member_telegram_id=p.telegram_id) for p in pushes],
                                  now=now)
    await uow.training.advance_many(advances, now=now)


async def week_pills(uow: UnitOfWork, *, now: datetime,
                     catalogue: Catalogue | None = None) -> list[PillPush]:
    """This week's pill for every linked group not yet sent one this week (logged here, in the
    caller's transaction, so it goes once per group and week)."""
    catalogue = catalogue or load_catalogue()
    module = pill_of_week(catalogue, now)
    week = week_key(now)
    groups = {f"training-pill:{g.chat_id}:{week}": g for g in await uow.training.pill_groups()}
    added = await uow.training.log_pushes(
        [PushRow(key=key, module_id=module.id, group_chat_id=g.chat_id)
         for key, g in groups.items()], now=now)
    return [PillPush(key, groups[key], module) for key in added]


async def export(uow: UnitOfWork, *, telegram_id: int) -> dict[str, Any]:
    """The member's training, for /mydata."""
    enrolment = await uow.training.enrolment(telegram_id)
    progress = await uow.training.progress(telegram_id)
    return {
        "path": _path(enrolment) if enrolment else [],
        "rhythm": enrolment.rhythm if enrolment else None,
        "paused": enrolment.paused if enrolment else None,
        "next_module_due_at": (enrolment.next_due_at.isoformat()
                               if enrolment and enrolment.next_due_at else None),
        "modules": [{"module": row.module_id, "opened_at": row.opened_at.isoformat(),
                     "done_at": row.done_at.isoformat() if row.done_at else None,
                     "answer": row.answer, "correct": row.correct, "useful": row.useful}
                    for row in progress.values()],
        "pushes": [{"module": push.module_id, "at": push.sent_at.isoformat()}
                   for push in await uow.training.pushes_of(telegram_id)],
    }


async def set_rhythm_choice(uow: UnitOfWork, *, member: Member | None) -> TrainingEnrolment:
    """Before the rhythm buttons: the member is enrolled (their current rhythm is marked)."""
    return await _enrolled(uow, member)


async def show_person(uow: UnitOfWork, person: Person) -> Shown:
    return {"training": await export(uow, telegram_id=person.telegram_id)}


async def erase_person(uow: UnitOfWork, person: Person, now: datetime) -> None:
    await uow.training.forget_person(person.telegram_id)


@dataclass(frozen=True)
class TrainingHours:
    """The hours of the day (Rome) training pushes may go out: nobody is sent a module at
    night; the first sweep in the hours finds whoever fell due meanwhile."""

    from_hour: int = 9
    until_hour: int = 20

    def allow(self, now: datetime) -> bool:
        return self.from_hour <= now.astimezone(ROME).hour < self.until_hour


@dataclass(frozen=True, slots=True)
class ModulesDue:
    """These members are due their next module (logged and moved on): each is sent it."""

    pushes: tuple[DuePush, ...]
    now: datetime


@dataclass(frozen=True, slots=True)
class PillsDue:
    """This week's pill is due in these linked groups (logged once per group and week)."""

    pills: tuple[PillPush, ...]
    now: datetime


async def push_due_modules(uow: UnitOfWork, *, now: datetime, hours: TrainingHours | None = None,
                           batch: int | None = None) -> int:
    """The next module to every member due now: one query for the due members, one executemany
    for the push log and one bulk update of their next due time per batch, whose event the
    notifier turns into the outbox rows (one executemany) before the batch commits. Paused
    members, members who blocked the bot and erased ones are never read; the outbox key is the
    member and the due moment, so a rerun adds nothing. Returns the members pushed."""
    if not (hours or TrainingHours()).allow(now):
        return 0
    limit = batch or SWEEP_BATCH
    pushed = 0
    while True:
        pushes, advances = await due_pushes(uow, now=now, limit=limit)
        await settle_pushes(uow, pushes, advances, now=now)
        if pushes:
            uow.emit(ModulesDue(tuple(pushes), now))
        await uow.commit_if_open()
        pushed += len(pushes)
        if len(advances) < limit:
            break
    if pushed:
        log.info("training: %d modules pushed", pushed)
    return pushed


async def push_week_pills(uow: UnitOfWork, *, now: datetime,
                          hours: TrainingHours | None = None) -> int:
    """The week's training pill to every linked team group the bot can post in, once per
    group and ISO week (the push log's key). Returns the groups."""
    if not (hours or TrainingHours()).allow(now):
        return 0
    pills = await week_pills(uow, now=now)
    if pills:
        uow.emit(PillsDue(tuple(pills), now))
        log.info("training: %d pills to team groups", len(pills))
    return len(pills)
