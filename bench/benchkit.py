"""What the benchmarks share: databases, the Bot API server in its own process, raw updates,
the project's worker and bare aiogram side by side, and a table of figures against targets.

Only the standard library is imported at module level: `memory_bench.py` measures a bare
aiogram process, and importing SQLAlchemy or the gazetteer here would inflate it. Everything
else is imported inside the function that needs it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bot.clock import system_clock  # noqa: E402  (the benchmarks run in real time)

if TYPE_CHECKING:
    from aiogram import Bot, Dispatcher
    from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.config import Settings
    from playground.api import LocalBotAPI

# The local chat's token: no request made with it ever reaches Telegram.
TOKEN = "7000000001:local-chat-no-telegram"
PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
PONG = "pong"
OK = "ok"


# --- figures and targets ------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One measured figure; `met` is None when no target applies (shown as information)."""

    name: str
    value: str
    target: str = ""
    met: bool | None = None


def at_least(name: str, value: float, target: float, fmt: str = "{:.3f}") -> Figure:
    return Figure(name, fmt.format(value), f">= {fmt.format(target)}", value >= target)


def at_most(name: str, value: float, target: float, fmt: str = "{:.3f}") -> Figure:
    return Figure(name, fmt.format(value), f"<= {fmt.format(target)}", value <= target)


def info(name: str, value: str) -> Figure:
    return Figure(name, value)


def print_table(title: str, figures: Sequence[Figure]) -> None:
    width = max(len(f.name) for f in figures)
    value_width = max(8, *(len(f.value) for f in figures))
    print(f"\n{title}")
    for f in figures:
        verdict = "" if f.met is None else ("ok" if f.met else "MISSED")
        print(f"  {f.name:<{width}}  {f.value:>{value_width}}  {f.target:<10} {verdict}".rstrip())
    sys.stdout.flush()


def missed(figures: Iterable[Figure]) -> list[Figure]:
    return [f for f in figures if f.met is False]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def rss_mib() -> float:
    """Resident memory of this process (VmRSS), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


@contextlib.contextmanager
def workdir(prefix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=prefix) as name:
        yield Path(name)


@contextlib.contextmanager
def collect_first() -> Iterator[None]:
    """A collection before a timed stretch, so one round does not pay for another's garbage."""
    gc.collect()
    yield


async def timed(work: Callable[[], Awaitable[Any]], runs: int) -> list[float]:
    """Seconds of each of ``runs`` calls, after one warm-up call."""
    await work()
    times = []
    for _ in range(runs):
        with collect_first():
            began = time.perf_counter()
            await work()
            times.append(time.perf_counter() - began)
    return times


# --- databases ----------------------------------------------------------------------------------


async def prepare(url: str) -> None:
    from storage.migrate import prepare_database

    await prepare_database(url)


@contextlib.asynccontextmanager
async def sqlite_database(directory: Path, name: str = "bench") -> AsyncIterator[str]:
    """A migrated SQLite file (schema and territories) in `directory`, which the caller removes."""
    url = f"sqlite:///{directory / f'{name}.sqlite3'}"
    await prepare(url)
    yield url


async def _pg_admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN_URL.replace("postgresql://", "postgres://"))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def postgres_available() -> str | None:
    """None if PostgreSQL answers, else why not."""
    try:
        await asyncio.wait_for(_pg_admin("SELECT 1"), timeout=5)
    except Exception as error:  # whatever the failure, the PostgreSQL rows are skipped
        return f"{type(error).__name__}: {error}"
    return None


@contextlib.asynccontextmanager
async def postgres_database(*, migrate: bool = True) -> AsyncIterator[str]:
    """A fresh `bench_<random>` database, migrated; dropped at the end whatever happens."""
    name = f"bench_{uuid.uuid4().hex[:12]}"
    await _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
        if migrate:
            await prepare(url)
        yield url
    finally:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.asynccontextmanager
async def database(backend: str, directory: Path, name: str = "bench") -> AsyncIterator[str]:
    if backend == "sqlite":
        async with sqlite_database(directory, name) as url:
            yield url
    else:
        async with postgres_database() as url:
            yield url


async def on_each_backend(backends: str, prefix: str,
                          measure: Callable[[str], Awaitable[list[Figure]]]) -> list[Figure]:
    """``measure`` on a fresh database of each of ``backends`` ("sqlite,postgresql"), its
    figures gathered; PostgreSQL said skipped (and why) when it cannot be reached."""
    figures: list[Figure] = []
    with workdir(prefix) as directory:
        for backend in backends.split(","):
            if backend == "postgresql" and (why := await postgres_available()):
                figures.append(info("PostgreSQL", f"skipped ({why})"))
                continue
            async with database(backend, directory) as url:
                figures += await measure(url)
    return figures


def backend_name(url: str) -> str:
    return "SQLite" if url.startswith("sqlite") else "PostgreSQL"


@contextlib.asynccontextmanager
async def engine_for(url: str) -> AsyncIterator[tuple[AsyncEngine, async_sessionmaker[AsyncSession]]]:
    from storage.db import create_engine, create_session_factory

    engine = create_engine(url)
    try:
        yield engine, create_session_factory(engine)
    finally:
        await engine.dispose()


MEMBER_BASE = 100_000_000  # telegram ids of the benchmark's members: MEMBER_BASE + n


def member_id(n: int) -> int:
    return MEMBER_BASE + n


async def add_members(url: str, count: int, *, start: int = 0, actor_type: str | None = None,
                      territory_code: str | None = None) -> float:
    """Bulk-insert `count` registered members (telegram ids member_id(start..)); seconds taken.

    PostgreSQL gets them by COPY, SQLite by one executemany in one transaction. With
    `actor_type` and `territory_code` their profile has those too (a comune code such as
    "F205", Milan), as after a real onboarding.
    """
    began = time.perf_counter()
    now = system_clock()
    languages = ("it", "en")
    if url.startswith("sqlite"):
        from sqlalchemy import insert

        from storage.models import Member

        rows = [{"telegram_id": member_id(n), "display_name": f"Persona {n}",
                 "language": languages[n % 2], "consent_at": now, "onboarded_at": now,
                 "created_at": now, "actor_type": actor_type, "territory_code": territory_code}
                for n in range(start, start + count)]
        async with engine_for(url) as (engine, _sessions), engine.begin() as connection:
            for chunk in range(0, len(rows), 20_000):
                await connection.execute(insert(Member), rows[chunk:chunk + 20_000])
    else:
        records = [(member_id(n), f"Persona {n}", languages[n % 2], now, now, now, actor_type,
                    territory_code) for n in range(start, start + count)]
        await copy_records(url, "member", ["telegram_id", "display_name", "language",
                                           "consent_at", "onboarded_at", "created_at",
                                           "actor_type", "territory_code"], records)
    return time.perf_counter() - began


async def copy_records(url: str, table: str, columns: list[str],
                       records: Iterable[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY `records` into `table` through asyncpg, then ANALYZE it."""
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgresql://", "postgres://"))
    try:
        await connection.copy_records_to_table(table, records=records, columns=columns)
        await connection.execute(f'ANALYZE "{table}"')
    finally:
        await connection.close()


def broadcast_items(count: int, *, first_chat: int, per_chat: int = 1, private_chats: int = 0,
                    tag: str = "bench") -> list[Any]:
    """`count` outbox rows over `count // per_chat` chats, as announcements fan out: the first
    row of every chat, then the second of every chat, and so on. The first `private_chats`
    chats are people (member_id(n)), the others groups (first_chat - n). Texts differ per row,
    so the server can tell a duplicate from the next announcement."""
    from storage.repositories import OutboxItem

    chats = [member_id(n) if n < private_chats else first_chat - n
             for n in range(count // per_chat)]
    return [OutboxItem(key=f"{tag}-{round_}-{chat}", chat_id=chat,
                       text=f"Annuncio {round_ + 1} ({tag}): la squadra si riunisce giovedì")
            for round_ in range(per_chat) for chat in chats]


async def enqueue(url: str, items: Sequence[Any]) -> float:
    """`items` through OutboxRepository.enqueue_many in one unit of work; seconds from the
    call to the commit (the engine and its first connection are ready before)."""
    from sqlalchemy import text

    from bot.capabilities import unit_of_work  # events reach the notifiers

    async with engine_for(url) as (engine, sessions):
        async with engine.connect() as connection:  # open the pool's connection untimed
            await connection.execute(text("SELECT 1"))
        gc.collect()
        began = time.perf_counter()
        async with unit_of_work(sessions) as uow:
            added = await uow.outbox.enqueue_many(items, now=system_clock())
        seconds = time.perf_counter() - began
    if added != len(items):
        raise RuntimeError(f"enqueue_many added {added} of {len(items)} rows")
    return seconds


async def add_outbox_history(url: str, count: int, chats: Sequence[int], *,
                             sent_at: Any) -> float:
    """`count` outbox rows already `sent` (at `sent_at`, before any gap matters), spread evenly
    over `chats`: a bot's delivery history. COPY on PostgreSQL, executemany on SQLite; seconds."""
    began = time.perf_counter()
    payload = '{"text": "Annuncio passato: la squadra si è riunita"}'
    columns = ["key", "chat_id", "method", "payload", "status", "attempts", "not_before",
               "sent_at", "created_at"]

    def rows(start: int, stop: int) -> list[tuple[Any, ...]]:
        return [(f"history-{n}", chats[n % len(chats)], "sendMessage", payload, "sent", 1,
                 sent_at, sent_at, sent_at) for n in range(start, stop)]

    chunk = 100_000
    if url.startswith("sqlite"):
        from sqlalchemy import insert

        from storage.models import OutboxMessage

        async with engine_for(url) as (engine, _sessions), engine.begin() as connection:
            for start in range(0, count, chunk):
                await connection.execute(insert(OutboxMessage), [
                    dict(zip(columns, row, strict=True))
                    for row in rows(start, min(count, start + chunk))])
            await connection.exec_driver_sql("ANALYZE outbox")
    else:
        import asyncpg

        connection = await asyncpg.connect(url.replace("postgresql://", "postgres://"))
        try:
            for start in range(0, count, chunk):
                await connection.copy_records_to_table(
                    "outbox", records=rows(start, min(count, start + chunk)), columns=columns)
            await connection.execute("VACUUM ANALYZE outbox")
        finally:
            await connection.close()
    return time.perf_counter() - began


async def outbox_statuses(url: str) -> dict[str, int]:
    from bot.capabilities import unit_of_work  # events reach the notifiers

    async with engine_for(url) as (_engine, sessions), unit_of_work(sessions) as uow:
        return await uow.outbox.by_status()


# --- the Bot API server in its own process ------------------------------------------------------


@dataclass
class ServerProcess:
    """`python -m playground.server` running apart; `base_url` is where it listens."""

    process: asyncio.subprocess.Process
    base_url: str

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        import aiohttp

        async with aiohttp.ClientSession() as client, client.request(
                method, f"{self.base_url}{path}", json=body,
                timeout=aiohttp.ClientTimeout(total=60)) as response:
            response.raise_for_status()
            return await response.json()

    async def stats(self, *, deliveries: bool = False) -> dict[str, Any]:
        flag = "?deliveries=1" if deliveries else ""
        result: dict[str, Any] = await self._request("GET", f"/_stats{flag}")
        return result

    async def reset(self, *, limits: str | None = None, mode: str | None = None) -> None:
        body = {key: value for key, value in (("limits", limits), ("mode", mode)) if value}
        await self._request("POST", "/_reset", body)


@contextlib.asynccontextmanager
async def bot_api_server(*, mode: str, limits: str, token: str = TOKEN) -> AsyncIterator[ServerProcess]:
    command = [sys.executable, "-m", "playground.server", "--token", token, "--auto-create",
               "--mode", mode, "--limits", limits]
    process = await asyncio.create_subprocess_exec(*command, cwd=REPO_ROOT,
                                                   stdout=asyncio.subprocess.PIPE)
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), timeout=30)
        base_url = line.decode().strip()
        if not base_url.startswith("http"):
            raise RuntimeError(f"the Bot API server did not start: {line!r}")
        yield ServerProcess(process, base_url)
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout=10)
            except TimeoutError:
                process.kill()
                await process.wait()


# --- a broadcast through the real sender -------------------------------------------------------


@dataclass(frozen=True)
class ScaledLimits:
    """Telegram's limits times `scale`, given alike to the server and to the sender."""

    scale: float

    @property
    def overall(self) -> int:
        return round(30 * self.scale)

    @property
    def private(self) -> int:
        return max(1, round(1 * self.scale))

    @property
    def group_per_minute(self) -> int:
        return max(1, round(20 * self.scale))

    def server_spec(self) -> str:
        return f"overall={self.overall}/1,private={self.private}/1,group={self.group_per_minute}/60"

    def sender_limits(self) -> Any:
        from scheduler.pacer import Limits

        return Limits(overall_per_second=self.overall, private_per_second=self.private,
                      group_per_minute=self.group_per_minute)


STALL = 0.015  # a pause between deliveries this long: 15 paced sends at 1,000/s, 4.5 at 300/s


@dataclass(frozen=True)
class BroadcastResult:
    count: int
    enqueue_seconds: float  # enqueue_many and its commit
    seconds: float  # the sender's start to the last delivery the server accepted
    delivered: int  # distinct (chat, text) the server accepted
    not_sent_rows: int  # outbox rows whose status is not "sent" at the end
    violations: dict[str, int]
    duplicates: int
    answered_429: int
    sender_stats: Any
    sender_cpu: float  # CPU seconds this process used while sending
    server_cpu: float  # CPU seconds the server process used meanwhile
    stalls: list[float]  # pauses between two deliveries longer than STALL seconds

    @property
    def lost(self) -> int:
        return max(self.count - self.delivered, self.not_sent_rows)

    def rate(self) -> float:
        return self.count / self.seconds

    def enqueue_rate(self) -> float:
        return self.count / self.enqueue_seconds

    def stall_summary(self) -> str:
        """How much of the time went in pauses between deliveries (each batch's claim)."""
        if not self.stalls:
            return "none"
        return (f"{len(self.stalls)}, {sum(self.stalls):.2f} s "
                f"(median {median(self.stalls) * 1e3:.0f} ms)")


async def broadcast(url: str, server: ServerProcess, limits: ScaledLimits, *,
                    count: int | None = None, first_chat: int = -1_000_000,
                    items: Sequence[Any] | None = None) -> BroadcastResult:
    """Enqueue `items` (default: `count` messages to as many groups from `first_chat` down),
    timing enqueue_many; then time OutboxSender.drain() from its start to the last delivery
    the server accepted (both clocks are CLOCK_MONOTONIC)."""
    from cohesion.app import create_bot
    from cohesion.run import freeze_startup_heap
    from scheduler.sender import OutboxSender

    if items is None:
        assert count is not None
        items = broadcast_items(count, first_chat=first_chat)
    count = len(items)
    await server.reset()
    enqueue_seconds = await enqueue(url, items)
    bot = create_bot(settings_for(url, api_base=server.base_url))
    try:
        async with engine_for(url) as (_engine, sessions):
            sender = OutboxSender(bot, sessions, clock=system_clock, limits=limits.sender_limits())
            # As `cohesion scheduler` and the bot do once started (cohesion.run.freeze_startup_heap):
            # what lives now (here also the items and the earlier runs' results, where a
            # service has its modules and caches) is out of the full collections' way.
            freeze_startup_heap()
            server_cpu, sender_cpu = server.cpu_seconds(), time.process_time()
            began = time.monotonic()
            await sender.drain(timeout=30 + 3 * count / limits.overall)
            sender_cpu, server_cpu = (time.process_time() - sender_cpu,
                                      server.cpu_seconds() - server_cpu)
            stats = await server.stats(deliveries=True)
    finally:
        await bot.session.close()
    statuses = await outbox_statuses(url)
    times = sorted(delivery[2] for delivery in stats["deliveries"])
    last = times[-1] if times else time.monotonic()
    stalls = [after - before for before, after in zip(times, times[1:], strict=False)
              if after - before > STALL]
    return BroadcastResult(
        count=count, enqueue_seconds=enqueue_seconds, seconds=last - began,
        delivered=len({(chat, text) for chat, text, *_rest in stats["deliveries"]}),
        not_sent_rows=sum(n for status, n in statuses.items() if status != "sent"),
        violations=stats["violations"], duplicates=stats["duplicates"],
        answered_429=stats["answered_429"], sender_stats=sender.stats, sender_cpu=sender_cpu,
        server_cpu=server_cpu, stalls=stalls)


# --- bots, dispatchers, updates -----------------------------------------------------------------


def settings_for(url: str, *, api_base: str | None = None) -> Settings:
    from bot.config import Settings

    return Settings(_env_file=None, bot_token=TOKEN, telegram_api_base=api_base,  # type: ignore[call-arg]
                    database_url=url, redis_url=None,
                    # load from a few senders: the throttle counts it (its cost is measured)
                    # but must not drop it
                    throttle_person_updates=10**9, throttle_group_updates=10**9)


def local_api() -> LocalBotAPI:
    """The in-process Bot API, cheap: it keeps no history and accepts any chat."""
    from playground.api import LocalBotAPI

    return LocalBotAPI(auto_create_chats=True, keep_history=False)


def local_bot(api: LocalBotAPI) -> Bot:
    """A Bot as create_bot builds it, answered in process by `api` (no network)."""
    from aiogram import Bot
    from aiogram.client.default import DefaultBotProperties
    from aiogram.enums import ParseMode

    from playground.session import LocalSession

    return Bot(token=TOKEN, session=LocalSession(api),
               default=DefaultBotProperties(parse_mode=ParseMode.HTML,
                                            link_preview_is_disabled=True))


def project_bot(api: LocalBotAPI) -> Bot:
    """The Bot exactly as the worker builds it (`create_bot`: the CommitBeforeReply session
    middleware included), its session a LocalSession over `api` (no network)."""
    from cohesion.app import create_bot
    from playground.session import LocalSession

    return create_bot(settings_for("sqlite://"), session=LocalSession(api))


REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


async def redis_available() -> str | None:
    """None if Redis answers, else why not."""
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        await asyncio.wait_for(client.ping(), timeout=5)
    except Exception as error:  # whatever the failure, the Redis rows are skipped
        return f"{type(error).__name__}: {error}"
    finally:
        await client.aclose()
    return None


@contextlib.asynccontextmanager
async def redis_prefix() -> AsyncIterator[str]:
    """A key prefix of the benchmark's own (`bench_<random>`); its keys are deleted at the end."""
    from redis.asyncio import Redis

    prefix = f"bench_{uuid.uuid4().hex[:12]}"
    try:
        yield prefix
    finally:
        client = Redis.from_url(REDIS_URL)
        try:
            keys = [key async for key in client.scan_iter(f"{prefix}:*", count=10_000)]
            for chunk in range(0, len(keys), 10_000):
                await client.delete(*keys[chunk:chunk + 10_000])
        finally:
            await client.aclose()


async def cmd_ping(message: Any) -> None:
    """The trivial reply: no database, no state, a constant text."""
    await message.answer(PONG)


def register_ping(dispatcher: Dispatcher) -> None:
    """On the dispatcher itself: its own handlers run before every included router's."""
    from aiogram.filters import Command

    dispatcher.message.register(cmd_ping, Command("ping"))


def bare_dispatcher() -> Dispatcher:
    from aiogram import Dispatcher

    dispatcher = Dispatcher()
    register_ping(dispatcher)
    return dispatcher


def project_dispatcher(sessions: async_sessionmaker[AsyncSession], url: str) -> Dispatcher:
    """The project's whole stack (create_dispatcher: middlewares, i18n, FSM in memory, every
    router), plus the benchmark's own handlers."""
    from aiogram.fsm.storage.memory import MemoryStorage

    from cohesion.app import create_dispatcher

    dispatcher = create_dispatcher(settings=settings_for(url), sessions=sessions,
                                   clock=system_clock, storage=MemoryStorage())
    register_ping(dispatcher)
    register_skills(dispatcher)
    return dispatcher


async def cmd_benchskills(message: Any, member: Any, command: Any) -> None:
    """A flow step with one read, one write and a reply: the member row (which the project's
    middleware loads for handlers that take `member`) gets new skills; the unit of work commits
    when the handler returns."""
    if member is None:
        await message.answer("not registered")
        return
    member.skills = (command.args or "")[:300]
    await message.answer(OK)


def register_skills(dispatcher: Dispatcher) -> None:
    from aiogram.filters import Command

    dispatcher.message.register(cmd_benchskills, Command("benchskills"))


_update_ids = iter(range(1, 1 << 62))


def message_update(user_id: int, text: str, *, language_code: str = "it") -> dict[str, Any]:
    """A raw update as Telegram sends it: `text` written by `user_id` in their private chat."""
    message: dict[str, Any] = {
        "message_id": next(_update_ids), "date": int(system_clock().timestamp()),
        "chat": {"id": user_id, "type": "private", "first_name": f"Persona {user_id}"},
        "from": {"id": user_id, "is_bot": False, "first_name": f"Persona {user_id}",
                 "language_code": language_code},
        "text": text,
    }
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": next(_update_ids), "message": message}


async def feed_all(dispatcher: Dispatcher, bot: Bot, updates: Sequence[dict[str, Any]],
                   *, in_flight: int = 1) -> float:
    """Feed `updates` (one at a time, or `in_flight` at once); seconds taken."""
    began = time.perf_counter()
    if in_flight == 1:
        for update in updates:
            await dispatcher.feed_raw_update(bot, update)
    else:
        slots = asyncio.Semaphore(in_flight)

        async def one(update: dict[str, Any]) -> None:
            async with slots:
                await dispatcher.feed_raw_update(bot, update)

        await asyncio.gather(*(one(update) for update in updates))
    return time.perf_counter() - began


class ReplyCounter:
    """Counts what the bot said through a LocalBotAPI, by text."""

    def __init__(self, api: LocalBotAPI) -> None:
        self.by_text: dict[str, int] = {}
        api.listeners.append(self._on_output)

    def _on_output(self, output: Any) -> None:
        self.by_text[output.text] = self.by_text.get(output.text, 0) + 1

    def take(self) -> dict[str, int]:
        counts, self.by_text = self.by_text, {}
        return counts


# --- running --------------------------------------------------------------------------------------


def run(main: Callable[[], Coroutine[Any, Any, list[Figure]]]) -> int:
    """Run a benchmark's coroutine; exit status 0 even when a target is missed (these are
    measurements, not tests), 1 only when the benchmark itself could not run."""
    began = time.perf_counter()
    figures = asyncio.run(main())
    misses = missed(figures)
    verdict = (f"{len(misses)} target(s) MISSED: " + ", ".join(f.name for f in misses)
               if misses else "all targets met")
    print(f"\n{verdict}  ({time.perf_counter() - began:.0f} s)")
    return 0
