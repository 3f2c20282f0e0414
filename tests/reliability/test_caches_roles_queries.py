"""The lazy locale cache across workers, roles granted before consent, and set-based queries.

Each test says in a comment which earlier behaviour it catches.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.capabilities import notice_kinds
from bot.config import Settings, get_settings
from cohesion.app import create_dispatcher, redis_storage
from cohesion.cli import main
from playground.driver import LocalChat
from scheduler.jobs import release_due_notices
from storage.db import create_engine, create_session_factory
from storage.models import Member, Team
from storage.uow import UnitOfWork
from tests.conftest import REDIS_URL, T0, Clock
from tests.world import Press, Step, World

MARCO, SARA, LUCA = 2001, 2002, 2003  # demo personas (bot/demo.py); Luca speaks English
GIULIA = 1001                          # a demo persona with no member row
NADIA = 424242                         # given a role before she ever talks to the bot
NADIA_GROUP = -1001000000077


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[tuple[str, bool]]]:
    """Every statement sent to the database meanwhile, as (SQL, executemany)."""
    seen: list[tuple[str, bool]] = []

    def record(_conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any,
               executemany: bool) -> None:
        seen.append((statement, executemany))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def on(world: World, chat: LocalChat, user_id: int, steps: Sequence[Step], *,
             chat_id: int | None = None) -> None:
    """Feed the steps to one given worker."""
    world.chat = chat
    await world.converse(user_id, steps, chat_id=chat_id)


def _seen_write(sql: str) -> bool:
    """The member middleware's once-a-day write of the day a member was last seen."""
    return sql.lstrip().upper().startswith("UPDATE MEMBER") and "last_seen_on" in sql


def member(telegram_id: int, clock: Clock, *, name: str, language: str = "it") -> Member:
    return Member(telegram_id=telegram_id, display_name=name, language=language,
                  consent_at=clock(), onboarded_at=clock(), actor_type="citizen",
                  territory_code="F205", created_at=clock())


# --- 1. the locale cache ----------------------------------------------------------------------


@pytest.fixture
async def workers(settings: Settings, clock: Clock, redis_prefix: str
                  ) -> AsyncIterator[tuple[World, LocalChat, LocalChat]]:
    """Two workers (dispatchers with their own RedisStorage on one prefix), one Bot API."""
    world = World(settings, clock)
    await world.load_demo()
    chats = [LocalChat(create_dispatcher(settings=settings, sessions=world.sessions,
                                         storage=redis_storage(REDIS_URL, redis_prefix),
                                         clock=clock), world.bot, world.api)
             for _ in range(2)]
    yield world, chats[0], chats[1]
    for chat in chats:
        await chat.dispatcher.storage.close()
    await world.close()


async def cached_language(prefix: str, chat_id: int) -> str | None:
    """What the shared locale hash in Redis holds for the chat."""
    client = Redis.from_url(REDIS_URL)
    try:
        value = await client.hget(f"{prefix}:locale", str(chat_id))
    finally:
        await client.aclose()
    return value.decode() if isinstance(value, bytes) else value


async def test_a_language_changed_on_one_worker_is_used_by_the_other(
        workers: tuple[World, LocalChat, LocalChat], redis_prefix: str) -> None:
    # Catches a per-worker, in-process copy of the languages in front of Redis: worker B has
    # already answered Luca in English, so such a copy would keep answering him in English.
    world, a, b = workers
    world.person(LUCA, "Luca", "it")  # his Telegram is in Italian; he chose English with us
    await on(world, b, LUCA, [("/help", "What you can do")])
    await on(world, a, LUCA, [("/language", "Choose the language:"),
                              (Press("Italiano"), "d’ora in poi ti scriverò in italiano")])
    await on(world, b, LUCA, [("/help", "Cosa puoi fare")])
    assert await cached_language(redis_prefix, LUCA) == "it"
    world.person(MARCO, "Marco", "it")  # and the other way round
    await on(world, b, MARCO, [("/help", "Cosa puoi fare")])
    await on(world, a, MARCO, [("/language", "Scegli la lingua:"),
                               (Press("English"), "from now on I'll write in English")])
    await on(world, b, MARCO, [("/help", "What you can do")])


async def test_after_a_redis_flush_a_member_is_answered_in_their_database_language(
        workers: tuple[World, LocalChat, LocalChat], redis_prefix: str) -> None:
    # Catches the old load-once cache: it loaded every language once, remembered in the
    # process that it had, and after a flush took a registered member for a stranger —
    # answering Luca (English in the database) in his Telegram's language, Italian.
    world, _a, b = workers
    world.person(LUCA, "Luca", "it")
    await on(world, b, LUCA, [("/help", "What you can do")])
    client = Redis.from_url(REDIS_URL)
    keys = [key async for key in client.scan_iter(f"{redis_prefix}:*")]
    assert keys  # the locale hash at least
    await client.delete(*keys)
    await client.aclose()
    await on(world, b, LUCA, [("/help", "What you can do")])
    assert await cached_language(redis_prefix, LUCA) == "en"  # kept again, in Redis


async def test_in_memory_a_first_update_reads_the_language_with_one_query(
        settings: Settings, clock: Clock) -> None:
    # Catches a cache that is filled once for everybody (one full read of members and groups
    # at the first update): a member who registered after that — here written by another
    # process — would be taken for a stranger and answered in Italian, and the first update
    # cost two whole-table reads instead of one single-row query.
    world = World(settings, clock)
    await world.load_demo()
    world.person(LUCA, "Luca", "it")
    world.person(GIULIA, "Giulia", "it")
    await world.converse(LUCA, [("/help", "What you can do")])  # his first update
    await world.converse(GIULIA, [("/privacy", "Cohesion Makers mette in rete")])
    async with world.uow() as uow:  # registered meanwhile, by another process
        await uow.members.add(member(3001, clock, name="Ada", language="en"))
    world.person(3001, "Ada", "it")
    with statements(world.engine) as first:
        await world.converse(3001, [("/privacy", "Cohesion Makers connects citizens")])
    with statements(world.engine) as second:
        await world.converse(3001, [("/privacy", "Cohesion Makers connects citizens")])
    # One single-row read; the other statement is the once-a-day write of the day she was
    # last seen (/members' "last active"), not repeated on her next update.
    reads = [sql for sql, _many in first if not sql.lstrip().upper().startswith("UPDATE")]
    assert len(reads) == 1 and "member.language" in reads[0]
    assert [_seen_write(sql) for sql, _many in first] == [False, True]
    assert second == []  # then it is kept: /privacy needs no database at all
    await world.close()


async def test_a_new_face_s_member_row_is_read_once_for_the_locale_and_the_handler(
        settings: Settings, clock: Clock) -> None:
    # Catches the locale cache and MemberMiddleware each reading the member (the language,
    # then the row): /help from someone not seen before cost three statements, not two.
    world = World(settings, clock)
    await world.load_demo()
    async with world.uow() as uow:
        await uow.members.add(member(3002, clock, name="Ada", language="en"))
    world.person(3002, "Ada", "it")
    with statements(world.engine) as first:
        await world.converse(3002, [("/help", "What you can do")])   # English: her row's
    with statements(world.engine) as second:
        await world.converse(3002, [("/help", "What you can do")])
    member_reads = [sql for sql, _many in first if sql.lstrip().upper().startswith("SELECT")
                    and "FROM MEMBER" in " ".join(sql.upper().split())]
    assert len(member_reads) == 1, first
    # the member row and the role grants (and, on the first update of the day only, the write
    # of the day she was last seen)
    assert [sql for sql, _many in first if not _seen_write(sql)] == [
        sql for sql, _many in second]
    assert len(first) == 3 and sum(_seen_write(sql) for sql, _many in first) == 1
    assert len(second) == 2
    await world.close()


# --- 2. roles granted before the person talks to the bot ----------------------------------------


@pytest.fixture
def cli(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> Iterator[Any]:
    """`cohesion …` on the test's SQLite database, run in a thread (it calls asyncio.run)."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    get_settings.cache_clear()

    def run_blocking(*args: str) -> tuple[int, str, str]:
        code = main(list(args), clock=Clock(T0))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    async def run(*args: str) -> tuple[int, str, str]:
        return await asyncio.to_thread(run_blocking, *args)

    yield run
    get_settings.cache_clear()


async def test_a_role_granted_before_consent_stores_no_member_and_follows_the_person(
        cli: Any, settings: Settings, clock: Clock) -> None:
    # Catches grants keyed by a member row: `role grant` had to create a member (data about a
    # person who never consented), `role list` had no "(not in the bot yet)", and erasure
    # relied on the member row's cascade — grants keyed by Telegram id must be deleted by
    # /deleteme itself, or they would survive the erasure.
    world = World(settings, clock)
    await world.load_demo()
    async with world.uow() as uow:
        bergamo = next(t for t in await uow.teams.all() if t.name.endswith("Bergamo"))
    assert bergamo.id is not None
    code, out, _ = await cli("role", "grant", "designer", "--user", str(NADIA),
                             "--team", str(bergamo.id))
    assert code == 0 and out.strip() == "granted"
    async with world.uow() as uow:
        assert await uow.members.by_telegram_id(NADIA) is None
        assert await uow.teams.designer_names([bergamo.id]) == {bergamo.id: ["Sara", "?"]}
    listed = (await cli("role", "list"))[1].splitlines()
    assert f"{NADIA}  (not in the bot yet)  designer  team {bergamo.id}" in listed
    assert f"{SARA}  Sara  designer  team {bergamo.id}" in listed

    world.person(NADIA, "Nadia", "en")
    await world.converse(NADIA, [
        ("/start", "Choose"), (Press("English"), "agree"), (Press("I agree"), ""),
        (Press("Citizen"), ""), ("Brescia", ""), (Press("Skip"), ""),
        (Press("Skip"), "Thank you, Nadia"),
        (f"/start team_{bergamo.id}", "You have been invited to <b>Cohesion Makers Bergamo</b>"),
        (Press("Join"), "Welcome to <b>Cohesion Makers Bergamo</b>"),
        ("/team", "Designer: Sara, Nadia"),
        ("/help", ["As a designer", "/linkgroup"]),
    ])
    async with world.uow() as uow:
        assert await uow.teams.designer_names([bergamo.id]) == {bergamo.id: ["Sara", "Nadia"]}
    assert f"{NADIA}  Nadia  designer" in (await cli("role", "list"))[1]
    world.api.add_group(NADIA_GROUP, "Amici di Bergamo", admins=(NADIA,))
    await world.chat.add_bot(NADIA_GROUP, by_user_id=NADIA)
    await world.converse(NADIA, [  # the team speaks Italian
        ("/linkgroup", "Questo gruppo ora è collegato a <b>Cohesion Makers Bergamo</b>"),
    ], chat_id=NADIA_GROUP)

    await world.converse(NADIA, [("/deleteme", "Are you sure?"),
                                 (Press("Yes"), "Your data has been erased")])
    async with world.uow() as uow:
        assert await uow.members.by_telegram_id(NADIA) is None
        assert await uow.roles.of_person(NADIA) == []
        assert await uow.teams.designer_names([bergamo.id]) == {bergamo.id: ["Sara"]}
    assert str(NADIA) not in (await cli("role", "list"))[1]
    await world.close()


# --- 3. set-based queries -------------------------------------------------------------------------

TERRITORIES = ("F205", "A794", "B157", "R-03", "P-MB")


async def test_the_team_command_costs_the_same_for_one_team_and_for_four(
        settings: Settings, clock: Clock) -> None:
    # Catches the team card built per team (designers and member count queried for each
    # team): /team cost 2 more statements for every team the member had joined.
    world = World(settings, clock)
    async with world.uow() as uow:
        teams = [await uow.teams.add(Team(name=f"Team {n}", territory_code=code,
                                          created_at=clock()))
                 for n, code in enumerate(TERRITORIES[:4], 1)]
        one = await uow.members.add(member(5001, clock, name="Una", language="en"))
        four = await uow.members.add(member(5002, clock, name="Quattro", language="en"))
        for index, team in enumerate(teams):
            assert team.id is not None and one.id is not None and four.id is not None
            await uow.memberships.join(member_id=four.id, team_id=team.id, now=clock())
            if index == 0:
                await uow.memberships.join(member_id=one.id, team_id=team.id, now=clock())
            for d in range(2):  # two designers per team, with member rows
                designer = await uow.members.add(member(6000 + 10 * index + d, clock,
                                                        name=f"D{index}{d}"))
                await uow.roles.grant(telegram_id=designer.telegram_id, role="designer",
                                      team_id=team.id, now=clock())
        # and one more on the last team who never talked to the bot (no member row)
        await uow.roles.grant(telegram_id=7777, role="designer", team_id=teams[3].id,
                              now=clock())
    counts = []
    for user_id, expected in ((5001, ["<b>Team 1</b>", "Designer: D00, D01", "2 members"]),
                              (5002, ["<b>Team 4</b>", "Designer: D30, D31, ?", "1 member"])):
        world.person(user_id, "x", "en")
        await world.converse(user_id, [("/privacy", "Privacy")])  # the language is now cached
        with statements(world.engine) as seen:
            await world.converse(user_id, [("/team", expected)])
        counts.append(len(seen))
    assert counts[0] == counts[1], counts
    await world.close()


@pytest.fixture
async def database(db_url: str) -> AsyncIterator[tuple[AsyncEngine,
                                                      async_sessionmaker[AsyncSession]]]:
    engine = create_engine(db_url)
    yield engine, create_session_factory(engine)
    await engine.dispose()


async def test_team_list_is_one_statement_for_any_number_of_teams(
        database: tuple[AsyncEngine, async_sessionmaker[AsyncSession]], clock: Clock) -> None:
    # Catches `cohesion team list` counting members team by team (1 + N statements).
    engine, sessions = database
    async with UnitOfWork(sessions) as uow:
        teams = [await uow.teams.add(Team(name=f"Team {n}", territory_code=code,
                                          created_at=clock()))
                 for n, code in enumerate(TERRITORIES, 1)]
        for n, index in enumerate((0, 0, 0, 1, 1, 2)):  # 3, 2, 1 members, then none
            person = await uow.members.add(member(8000 + n, clock, name=f"M{n}"))
            assert person.id is not None
            await uow.memberships.join(member_id=person.id, team_id=teams[index].id or 0,
                                       now=clock())
    async with UnitOfWork(sessions) as uow:
        await uow.territories.get("F205")  # the transaction is open before counting
        with statements(engine) as seen:
            rows = await uow.teams.all_with_member_counts()
    assert len(seen) == 1, seen
    assert [(team.name, team.members) for team in rows] == [
        ("Team 1", 3), ("Team 2", 2), ("Team 3", 1), ("Team 4", 0), ("Team 5", 0)]


async def test_an_announcement_fans_out_in_the_same_statements_for_3_or_30_members(
        database: tuple[AsyncEngine, async_sessionmaker[AsyncSession]], clock: Clock) -> None:
    # Catches a fan-out that inserts one outbox row per recipient (or reads per member): the
    # release then costs a statement more for every member of the team.
    engine, sessions = database
    team_ids: dict[int, int] = {}
    async with UnitOfWork(sessions) as uow:
        for size, code, group in ((3, "F205", -1001000000103), (30, "A794", -1001000000130)):
            team = await uow.teams.add(Team(name=f"Team of {size}", territory_code=code,
                                            group_chat_id=group, linked_at=clock(),
                                            created_at=clock()))
            await uow.groups.record_joined(chat_id=group, title=team.name, language="it",
                                           now=clock())
            assert team.id is not None
            team_ids[size] = team.id
            for n in range(size):
                person = await uow.members.add(member(
                    10_000 * size + n, clock, name=f"P{n}", language="en" if n % 2 else "it"))
                assert person.id is not None
                await uow.memberships.join(member_id=person.id, team_id=team.id, now=clock())
    counted: dict[int, list[tuple[str, bool]]] = {}
    for size, team_id in team_ids.items():
        async with UnitOfWork(sessions) as uow:
            await uow.notices.schedule(key=f"announce-{size}", kind="team_announcement",
                                       due_at=clock(), expires_at=None,
                                       params={"team_id": team_id, "text": "Ciao",
                                               "members": True})
        async with UnitOfWork(sessions) as uow:
            await uow.territories.get("F205")  # the transaction is open before counting
            with statements(engine) as seen:
                assert await release_due_notices(uow, now=clock(), kinds=notice_kinds()) == (1, 0)
        counted[size] = seen
        async with UnitOfWork(sessions) as uow:
            notice = await uow.notices.get(f"announce-{size}")
            assert notice is not None and notice.note == f"{size + 1} messages"
    assert len(counted[3]) == len(counted[30]), counted
    inserts = [many for sql, many in counted[30] if sql.lstrip().upper().startswith(
        "INSERT INTO OUTBOX")]
    assert inserts == [True]  # the 31 rows in one executemany
    async with UnitOfWork(sessions) as uow:
        assert len(await uow.outbox.all()) == 4 + 31
