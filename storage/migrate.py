"""Schema migrations (Alembic) and the territory table, both idempotent: run them at every start."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (every table in SQLModel.metadata, for empty_data)
from domain.territory import Gazetteer
from storage.db import create_engine, create_session_factory
from storage.uow import UnitOfWork

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema to `revision`. Synchronous: call it outside a running event loop."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


async def upgrade_async(engine: AsyncEngine, url: str) -> None:
    """The same from async code: Alembic runs on a connection of `engine`."""
    config = alembic_config(url)

    def run(connection: object) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def sync_territories(uow: UnitOfWork, gazetteer: Gazetteer | None = None) -> int:
    """Insert the territories the data file has and the table lacks; refresh names. Returns inserts."""
    gazetteer = gazetteer or Gazetteer.load()
    rows = [
        {"code": p.code, "kind": p.kind, "name": p.name, "parent_code": p.parent_code,
         "region_code": p.region_code}
        for p in gazetteer.places()
    ]
    known = {territory.code: territory for territory in await uow.territories.all()}
    missing = [row for row in rows if row["code"] not in known]
    # Parents first, so a foreign key to a parent never points at a row not yet there.
    order = {"region": 0, "province": 1, "comune": 2}
    missing.sort(key=lambda row: order[str(row["kind"])])
    inserted = await uow.territories.add_many(missing)
    for row in rows:
        territory = known.get(str(row["code"]))
        if territory is not None and (territory.name, territory.parent_code) != (
            row["name"], row["parent_code"]
        ):
            territory.name, territory.parent_code = str(row["name"]), row["parent_code"]
    return inserted


async def prepare_database(url: str) -> None:
    """Migrate and load territories: what `cohesion migrate` does."""
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            await sync_territories(uow)
    finally:
        await engine.dispose()


#: Reference data, loaded by `prepare_database` from the data files: kept when data is emptied.
REFERENCE_TABLES = frozenset({"territory"})


async def empty_data(uow: UnitOfWork) -> None:
    """Delete every row but the reference data, in the unit of work's transaction (a demo's
    reset: `cohesion demo --reset`, the playground's button). PostgreSQL restarts its id
    sequences, as SQLite does on an emptied table, so the demo gets the same ids again."""
    tables = [table for table in SQLModel.metadata.sorted_tables
              if table.name not in REFERENCE_TABLES]
    session = uow.session
    if (session.bind.dialect.name if session.bind else "") == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        await session.exec(  # type: ignore[call-overload]
            text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    for table in reversed(tables):  # children before the rows they point to
        await session.exec(table.delete())
