#!/usr/bin/env python3
"""What a person's update costs through the bot's real routers, against bare aiogram.

The project's side is the worker as it runs: `create_dispatcher` (context middleware with its
unit of work and locale cache, FSM with event isolation, member middleware, i18n, every router
of `get_routers()`), a Bot built by `create_bot` (its CommitBeforeReply session middleware
included) whose session is a LocalSession over a LocalBotAPI keeping no history
(auto_create_chats: no network, no HTTP). Bare aiogram is a `Dispatcher()` with one handler
that does the same database work as the project's handler (the statements `--profile` counts on
the project's side, through a plain session of the same engine, in one transaction) and makes
the same Bot API calls with the same text and keyboard (taken from the project's own reply to
a probe update), through the same Bot. Both get raw updates through `feed_raw_update`, one at
a time. What the ratio then measures is what the bot's stack adds to the work itself: the
middlewares, the router tree, the FSM, rendering the reply, and the ORM as the project uses it.

Three things people do:
- `/help`: a command, from a registered member (their roles are read);
- typed skills: a registered member editing their profile types their skills (FSM state
  Onboarding:skills, data {"mode": "profile"}: the row is written and the profile card shown);
- a button: the member presses the "skills" field button (ProfileCb) on the profile card
  (state Profile:menu): the query is answered and the prompt sent.
The FSM state is written straight into the storage before the timing.

Each by NEW members (a Telegram id the worker has never seen: its locale cache misses and reads
the database once) and by RETURNING members (each seen once before, not timed). The members
(profile: citizen in Milan) are bulk-inserted. The FSM is in memory (MemoryStorage) and in
Redis (`redis_storage` on a prefix of the benchmark's own, deleted at the end). Set-ups: a
fresh PostgreSQL database with either storage (the deployment with several workers), and an
SQLite file with MemoryStorage (the single-process default).

A run: every case and population once, `--updates` updates each, the project and bare aiogram
interleaved in chunks of 10 updates (which goes first alternating), bare aiogram on members of
its own, gc.collect() before each phase. Every reply, the FSM state after, and (typed skills)
the rows written on both sides are checked. One warm-up run of 50 updates per phase (not
counted), then `--runs` runs; each figure is the median of the runs, with the min–max of the
ratio.

    .venv/bin/python bench/routers_bench.py [--updates 200] [--runs 3] [--setups ...]
    .venv/bin/python bench/routers_bench.py --profile      # + where the project's time goes
    BENCH_PROFILE_SORT=tottime BENCH_PROFILE_TOP=60 .venv/bin/python bench/routers_bench.py --profile

Targets: project / bare per update <= 1.5 with MemoryStorage, <= 2.5 with Redis.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import benchkit
from benchkit import Figure, at_most, info

TARGETS = {"memory": 1.5, "redis": 2.5}
TERRITORY = "F205"  # Milan
POPULATIONS = ("new", "returning")
WARM_UP = 50  # updates per case and population in the warm-up run
CASE_KEYS = ("help", "typed", "button")
CHUNK = 10  # updates fed to one side before the other side's turn
# --profile: how many functions to list, sorted by what (cProfile's keys: cumulative, tottime)
PROFILE_TOP = int(os.environ.get("BENCH_PROFILE_TOP", "25"))
PROFILE_SORT = os.environ.get("BENCH_PROFILE_SORT", "cumulative")


@dataclass(frozen=True)
class Case:
    key: str
    title: str
    state: str | None  # the FSM state the member is in when the update arrives
    data: dict[str, Any]
    after: str | None  # the state they must be in once it is handled


def cases(keys: tuple[str, ...] = CASE_KEYS) -> list[Case]:
    from bot.flows.onboarding.states import Onboarding
    from bot.flows.profile_card import Profile

    profile = {"mode": "profile"}
    every = [
        Case("help", "/help", None, {}, None),
        Case("typed", "typed skills (profile flow)", Onboarding.skills.state, profile,
             Profile.menu.state),
        Case("button", "profile field button", Profile.menu.state, profile,
             Onboarding.skills.state),
    ]
    return [case for case in every if case.key in keys]


class Recorder:
    """A session middleware keeping the Bot API calls made (for the probe only)."""

    def __init__(self) -> None:
        self.calls: list[Any] = []

    async def __call__(self, make_request: Any, bot: Any, method: Any) -> Any:
        self.calls.append(method)
        return await make_request(bot, method)


def bare_dispatcher(case: Case, text: str, markup: Any, sessions: Any) -> Any:
    """Bare aiogram doing the same work: one handler, the same database work as the project's
    handler for that update (the same statements, through a plain session of the same engine,
    in one transaction), then the same Bot API calls with the same text and keyboard.

    The work is what the project's path was measured to run (`--profile` counts it): `/help`
    reads the member row and their role grants; typed skills reads the member, writes the
    skills and reads their teams for the card; the field button reads the member. Bare aiogram
    without it would compare the project's database round trips against nothing, and no
    middleware or router could make that ratio small (see bench/README.md).
    """
    from aiogram import Dispatcher
    from aiogram.types import CallbackQuery, Message
    from sqlmodel import col, select

    from storage.models import Member, Membership, RoleGrant, Team

    async def read_member(session: Any, telegram_id: int) -> Any:
        query = select(Member).where(Member.telegram_id == telegram_id)
        return (await session.exec(query)).one_or_none()

    dispatcher = Dispatcher()
    if case.key == "button":
        async def press(callback: CallbackQuery) -> None:
            async with sessions() as session, session.begin():
                member = await read_member(session, callback.from_user.id)
            assert member is not None
            await callback.answer()
            assert isinstance(callback.message, Message)
            await callback.message.answer(text, reply_markup=markup)

        dispatcher.callback_query.register(press)
    elif case.key == "help":
        async def help_(message: Message) -> None:
            assert message.from_user is not None
            async with sessions() as session, session.begin():
                member = await read_member(session, message.from_user.id)
                grants = (await session.exec(select(RoleGrant).where(
                    RoleGrant.telegram_id == message.from_user.id))).all()
            assert member is not None and not grants
            await message.answer(text, reply_markup=markup)

        dispatcher.message.register(help_)
    else:
        async def typed(message: Message) -> None:
            assert message.from_user is not None and message.text is not None
            async with sessions() as session, session.begin():
                member = await read_member(session, message.from_user.id)
                member.skills = message.text
                await session.flush()
                teams = (await session.exec(
                    select(Team).join(Membership, col(Membership.team_id) == col(Team.id))
                    .where(Membership.member_id == member.id))).all()
            assert not teams
            await message.answer(text, reply_markup=markup)

        dispatcher.message.register(typed)
    return dispatcher


@dataclass
class Outputs:
    """What the bot said through the LocalBotAPI: messages (texts) and toasts, per phase."""

    messages: list[str] = field(default_factory=list)
    toasts: list[str] = field(default_factory=list)

    def __call__(self, output: Any) -> None:
        (self.toasts if output.kind == "toast" else self.messages).append(output.text)

    def take(self) -> tuple[list[str], list[str]]:
        taken = self.messages, self.toasts
        self.messages, self.toasts = [], []
        return taken


@dataclass
class Phase:
    """The figures of one case × population × storage, over the runs."""

    project_us: list[float] = field(default_factory=list)
    bare_us: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    problems: Counter[str] = field(default_factory=Counter)


class Bench:
    def __init__(self, url: str, sessions: Any, api: Any, updates: int, profile: bool,
                 keys: tuple[str, ...] = CASE_KEYS) -> None:
        self.url, self.sessions, self.api, self.updates = url, sessions, api, updates
        self.profile = profile
        self.bot = benchkit.project_bot(api)
        self.outputs = Outputs()
        api.listeners.append(self.outputs)
        self.cases = cases(keys)
        self.returning = list(range(updates))  # member numbers of the returning pool
        self.next_new = updates
        self.bare: dict[str, Any] = {}
        self.expected: dict[str, set[str]] = {}
        self.profiles: dict[str, pstats.Stats] = {}
        self.skills_tag = 0

    # --- members, updates, states -------------------------------------------------------------

    def fresh(self, count: int | None = None) -> list[int]:
        """Members this worker has never seen."""
        count = count or self.updates
        numbers = list(range(self.next_new, self.next_new + count))
        self.next_new += count
        return numbers

    def make_update(self, case: Case, number: int, tag: str) -> dict[str, Any]:
        user = benchkit.member_id(number)
        if case.key == "help":
            return benchkit.message_update(user, "/help")
        if case.key == "typed":
            return benchkit.message_update(user, f"facilitazione, grafica, {tag}")
        from bot.ui.callbacks.profile import ProfileCb

        if user not in self.api.users:
            self.api.add_user(user, f"Persona {number}", language_code="it")
        return self.api.callback_update(user_id=user, chat_id=user, message_id=1,
                                        data=ProfileCb(field="skills").pack())

    async def set_states(self, dispatcher: Any, case: Case, numbers: list[int]) -> None:
        from aiogram.fsm.storage.base import StorageKey

        for number in numbers:
            user = benchkit.member_id(number)
            key = StorageKey(bot_id=self.bot.id, chat_id=user, user_id=user)
            await dispatcher.storage.set_state(key, case.state)
            await dispatcher.storage.set_data(key, dict(case.data))

    async def wrong_states(self, dispatcher: Any, case: Case, numbers: list[int]) -> int:
        from aiogram.fsm.storage.base import StorageKey

        wrong = 0
        for number in numbers:
            user = benchkit.member_id(number)
            state = await dispatcher.storage.get_state(
                StorageKey(bot_id=self.bot.id, chat_id=user, user_id=user))
            wrong += state != case.after
        return wrong

    async def skills_written(self, tag: str) -> int:
        from sqlmodel import func, select

        from storage.models import Member

        async with self.sessions() as session:
            query = select(func.count()).select_from(Member).where(
                Member.skills == f"facilitazione, grafica, {tag}")  # type: ignore[arg-type]
            return int((await session.exec(query)).one())

    # --- the probe: what the project answers, for bare aiogram to say the same ----------------

    async def probe(self, dispatcher: Any) -> None:
        """One update per case through the project with a recording Bot: bare aiogram's
        handlers make the same calls (text, keyboard); the replies expected in each language."""
        recorder = Recorder()
        bot = benchkit.project_bot(self.api)
        bot.session.middleware(recorder)
        for case in self.cases:
            texts: set[str] = set()
            first: Any = None
            for number in self.fresh(2):  # one member speaks Italian, the next English
                await self.set_states(dispatcher, case, [number])
                recorder.calls.clear()
                await dispatcher.feed_raw_update(bot, self.make_update(case, number, "probe"))
                sent = [call for call in recorder.calls if type(call).__name__ == "SendMessage"]
                if len(sent) != 1:
                    raise RuntimeError(f"{case.title}: the project sent {len(sent)} messages "
                                       f"to a probe update, not 1: {recorder.calls}")
                first = first or sent[0]
                texts.add(sent[0].text)
            self.expected[case.key] = texts
            self.bare[case.key] = bare_dispatcher(case, first.text, first.reply_markup,
                                                 self.sessions)
        self.outputs.take()

    # --- timing -------------------------------------------------------------------------------

    async def feed(self, dispatcher: Any, updates: list[dict[str, Any]], *,
                   collect: bool = True) -> float:
        if collect:
            gc.collect()
        began = time.perf_counter()
        for update in updates:
            await dispatcher.feed_raw_update(self.bot, update)
        return time.perf_counter() - began

    async def phase(self, project: Any, case: Case, population: str, numbers: list[int],
                    run: int, storage: str, into: Phase | None) -> None:
        """Time the project and bare aiogram on the same kind of update; check the answers."""
        self.skills_tag += 1
        tag = f"r{self.skills_tag}"
        await self.set_states(project, case, numbers)
        mine = [self.make_update(case, n, tag) for n in numbers]
        # Bare aiogram works on members of its own (it keeps no cache, so any member it never
        # served does) and types its own skills: the project's rows are then checked as it left
        # them, and neither side writes a value already stored (the ORM would skip the UPDATE).
        theirs = [self.make_update(case, n, f"{tag}b") for n in self.fresh(len(numbers))]
        self.outputs.take()
        seconds = {"project": 0.0, "bare": 0.0}
        said: dict[str, list[str]] = {"project": [], "bare": []}
        toasts: dict[str, list[str]] = {"project": [], "bare": []}
        dispatchers = {"project": project, "bare": self.bare[case.key]}
        updates = {"project": mine, "bare": theirs}
        # Interleaved in chunks of CHUNK updates, the side going first alternating: the other
        # work on this shared machine comes and goes within seconds, and both sides then meet
        # the same of it (long stretches one after the other gave ratios of 0.7-1.8 for one case).
        gc.collect()
        for index, begin in enumerate(range(0, len(numbers), CHUNK)):
            for side in (("project", "bare") if (index + run) % 2 else ("bare", "project")):
                seconds[side] += await self.feed(dispatchers[side],
                                                 updates[side][begin:begin + CHUNK],
                                                 collect=False)
                messages, shown = self.outputs.take()
                said[side] += messages
                toasts[side] += shown
        problems: Counter[str] = Counter()
        problems.update(self.check(case, said["project"], toasts["project"], len(numbers)))
        problems["wrong state after"] = await self.wrong_states(project, case, numbers)
        if case.key == "typed":
            problems["skills not written"] = len(numbers) - await self.skills_written(tag)
            problems["bare aiogram: skills not written"] = (len(numbers)
                                                            - await self.skills_written(f"{tag}b"))
        problems["bare aiogram: replies missing or extra"] = abs(len(said["bare"]) - len(numbers))
        problems["bare aiogram: toasts"] = len(toasts["bare"])
        if into is None:
            return
        into.project_us.append(seconds["project"] / len(numbers) * 1e6)
        into.bare_us.append(seconds["bare"] / len(numbers) * 1e6)
        into.ratios.append(seconds["project"] / seconds["bare"])
        into.problems.update({k: v for k, v in problems.items() if v})
        if self.profile and run == 1:
            await self.profile_phase(project, case, population, numbers, storage, tag)

    async def profile_phase(self, project: Any, case: Case, population: str,
                            numbers: list[int], storage: str, tag: str) -> None:
        """The project's side of the phase again (new members: others never seen), under
        cProfile, counting the SQL statements and Redis commands each update makes."""
        from sqlalchemy import event

        if population == "new":
            numbers = self.fresh(len(numbers))
        await self.set_states(project, case, numbers)
        again = [self.make_update(case, n, tag + "p") for n in numbers]
        statements: Counter[str] = Counter()

        def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements[" ".join(statement.split()[:4])[:60]] += 1

        engine = self.sessions.kw["bind"].sync_engine
        event.listen(engine, "before_cursor_execute", count)
        redis = getattr(project.storage, "redis", None)
        commands: Counter[str] = Counter()
        if redis is not None:
            original = redis.execute_command

            async def counted(*args: Any, **kwargs: Any) -> Any:
                commands[str(args[0])] += 1
                return await original(*args, **kwargs)

            redis.execute_command = counted
        gc.collect()
        profiler = cProfile.Profile()
        profiler.enable()
        for update in again:
            await project.feed_raw_update(self.bot, update)
        profiler.disable()
        event.remove(engine, "before_cursor_execute", count)
        if redis is not None:
            del redis.execute_command
        self.outputs.take()
        per = len(numbers)
        title = (f"{benchkit.backend_name(self.url)} + {storage}, {case.title}, {population}: "
                 f"per update "
                 f"{sum(statements.values()) / per:.1f} SQL statements ("
                 + ", ".join(f"{n / per:.1f}× {k}" for k, n in statements.most_common()) + ")"
                 + (f"; {sum(commands.values()) / per:.1f} Redis commands ("
                    + ", ".join(f"{n / per:.1f}× {k}" for k, n in commands.most_common()) + ")"
                    if redis is not None else ""))
        self.profiles[title] = pstats.Stats(profiler)

    def check(self, case: Case, said: list[str], toasts: list[str], expected: int
              ) -> Counter[str]:
        problems: Counter[str] = Counter()
        problems["replies missing or extra"] = abs(len(said) - expected)
        problems["toasts (stale button?)"] = len(toasts)
        if case.key != "typed":  # the profile card names the person: checked by its effects
            problems["unexpected replies"] = sum(text not in self.expected[case.key]
                                                 for text in said)
        return problems

    async def storage_runs(self, project: Any, storage: str, runs: int
                           ) -> dict[tuple[str, str], Phase]:
        phases = {(case.key, population): Phase() for case in self.cases
                  for population in POPULATIONS}
        # The returning pool is seen once (not timed) by this worker: its locale cache has them.
        await self.set_states(project, self.cases[0], self.returning)
        await self.feed(project, [self.make_update(self.cases[0], n, "seen")
                                  for n in self.returning])
        self.outputs.take()
        for run in range(runs + 1):  # run 0 warms both stacks up and is not counted
            count = self.updates if run else WARM_UP
            for case in self.cases:
                for population in POPULATIONS:
                    numbers = (self.fresh(count) if population == "new"
                               else self.returning[:count])
                    await self.phase(project, case, population, numbers, run, storage,
                                     phases[case.key, population] if run else None)
        return phases


def figures_of(storage: str, phases: dict[tuple[str, str], Phase], titles: dict[str, str]
               ) -> list[Figure]:
    target = TARGETS[storage]
    table: list[Figure] = []
    for (case_key, population), phase in phases.items():
        ratio = benchkit.median(phase.ratios)
        project, bare = benchkit.median(phase.project_us), benchkit.median(phase.bare_us)
        name = f"{titles[case_key]}, {population}"
        figure = at_most(name, ratio, target, "{:.2f}")
        table.append(Figure(figure.name, f"{figure.value} ({min(phase.ratios):.2f}–"
                                         f"{max(phase.ratios):.2f}) {project:6.0f} / {bare:4.0f} µs",
                            figure.target, figure.met))
        for problem, count in phase.problems.items():
            table.append(Figure(f"  {name}: {problem}", str(count), "0", False))
    return table


def print_profiles(profiles: dict[str, pstats.Stats], top: int) -> None:
    """Self time per package, and the functions with the most cumulative time."""
    for title, stats in profiles.items():
        by_package: Counter[str] = Counter()
        total = 0.0
        for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
            self_time = row[2]
            total += self_time
            by_package[package_of(filename, name)] += self_time
        print(f"\nprofile: {title} (cProfile, self time by package; total {total:.2f} s "
              "for the phase's updates, inflated by the profiler)")
        for package, seconds in by_package.most_common(16):
            print(f"  {package:<34} {seconds:6.3f} s  {seconds / total:4.0%}")
        buffer = io.StringIO()
        stats.stream = buffer  # type: ignore[attr-defined]
        stats.sort_stats(PROFILE_SORT).print_stats(top)
        lines = [line for line in buffer.getvalue().splitlines() if line.strip()]
        start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
        print("  cumulative:")
        for line in lines[start:start + top + 1]:
            print(f"  {line[:150]}")


def package_of(filename: str, name: str = "") -> str:
    """Where a function's self time is counted: a package, a part of the project, or what a
    built-in does (waiting in epoll is the time the database or Redis takes to answer)."""
    if filename == "~":
        if "epoll" in name or "select" in name:
            return "waiting for I/O (epoll)"
        return f"built-in: {name.strip('{}')[:40]}"
    if filename.startswith("<"):
        return "builtins / frozen"
    parts = filename.replace("\\", "/").split("/")
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    for root in ("bot", "storage", "scheduler", "playground", "domain", "bench"):
        if root in parts:
            after = parts[parts.index(root):]
            return "/".join(after[:2]).removesuffix(".py")
    return "stdlib: " + parts[-1].removesuffix(".py")


async def measure_backend(backend: str, updates: int, runs: int, storages: list[str],
                          profile: bool, keys: tuple[str, ...]) -> list[Figure]:
    from cohesion.app import create_dispatcher, redis_storage

    # The returning pool, then per run (the warm-up's WARM_UP updates, each counted run's
    # `updates`): new members for the project (3 cases) and bare aiogram's own (6 phases);
    # --profile's new members (3 cases); the probes and spare: 100.
    members = (updates + 9 * (WARM_UP + runs * updates) * len(storages)
               + (3 * updates * len(storages) if profile else 0) + 100)
    results: list[Figure] = []
    with benchkit.workdir("bench_routers_") as directory:
        async with benchkit.database(backend, directory) as url:
            await benchkit.add_members(url, members, actor_type="citizen",
                                       territory_code=TERRITORY)
            async with benchkit.engine_for(url) as (_engine, sessions):
                api = benchkit.local_api()
                bench = Bench(url, sessions, api, updates, profile, keys)
                for storage in storages:
                    async with benchkit.redis_prefix() as prefix:
                        fsm = (redis_storage(benchkit.REDIS_URL, prefix=prefix)
                               if storage == "redis" else None)
                        from aiogram.fsm.storage.memory import MemoryStorage

                        project = create_dispatcher(
                            settings=benchkit.settings_for(url), sessions=sessions,
                            clock=benchkit.system_clock, storage=fsm or MemoryStorage())
                        try:
                            if not bench.bare:
                                await bench.probe(project)
                            began = time.perf_counter()
                            phases = await bench.storage_runs(project, storage, runs)
                            elapsed = time.perf_counter() - began
                        finally:
                            await project.storage.close()
                    title = (f"{backend_title(backend)}, FSM in {storage}: project / bare per "
                             f"update, median of {runs} runs (min–max), project / bare µs "
                             f"({elapsed:.0f} s)")
                    table = figures_of(storage, phases, {c.key: c.title for c in bench.cases})
                    benchkit.print_table(title, table)
                    results += table
                await bench.bot.session.close()
                if profile:
                    print_profiles(bench.profiles, PROFILE_TOP)
    return results


def backend_title(backend: str) -> str:
    return "SQLite" if backend == "sqlite" else "PostgreSQL"


DEFAULT_SETUPS = "postgresql/memory,postgresql/redis,sqlite/memory"


async def measure(updates: int, runs: int, setups: list[tuple[str, str]], profile: bool,
                  keys: tuple[str, ...] = CASE_KEYS) -> list[Figure]:
    print(f"routers: the project's dispatcher vs bare aiogram, {updates} updates per case and "
          f"population, {runs} runs (+1 warm-up of {WARM_UP}); "
          + ", ".join(f"{backend_title(b)} + FSM in {s}" for b, s in setups))
    results: list[Figure] = []
    skipped: dict[str, str | None] = {}
    for backend in dict.fromkeys(backend for backend, _storage in setups):
        storages = [storage for b, storage in setups if b == backend]
        if backend == "postgresql":
            skipped.setdefault("postgresql", await benchkit.postgres_available())
        if "redis" in storages:
            skipped.setdefault("redis", await benchkit.redis_available())
            if skipped["redis"]:
                print(f"\nRedis: skipped ({skipped['redis']})")
                storages.remove("redis")
        if skipped.get(backend):
            print(f"\n{backend_title(backend)}: skipped ({skipped[backend]})")
            continue
        if storages:
            results += await measure_backend(backend, updates, runs, storages, profile, keys)
    results.append(info("targets", ", ".join(f"FSM in {k}: project / bare <= {v}"
                                             for k, v in TARGETS.items())))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=200, help="updates per case and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--setups", default=DEFAULT_SETUPS,
                        help="comma-separated database/storage pairs: postgresql or sqlite, "
                             "memory or redis")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the project's side of the first run (cProfile)")
    parser.add_argument("--cases", default=",".join(CASE_KEYS),
                        help="comma-separated cases: help, typed, button")
    args = parser.parse_args(argv)
    keys = tuple(key for key in args.cases.split(",") if key)
    if not keys or set(keys) - set(CASE_KEYS):
        parser.error(f"--cases takes some of {', '.join(CASE_KEYS)}")
    setups = [(pair.split("/")[0], pair.split("/")[1]) for pair in args.setups.split(",") if pair]
    return benchkit.run(lambda: measure(args.updates, args.runs, setups, args.profile,
                                               keys))


if __name__ == "__main__":
    sys.exit(main())
