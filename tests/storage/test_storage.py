"""Repositories, the unit of work and migrations, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from storage.db import async_url, create_engine
from storage.migrate import downgrade, prepare_database, upgrade
from storage.models import Member, RoleName, Team
from tests.conftest import PG_ADMIN_URL, _pg_admin

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_plain_urls_get_their_async_driver() -> None:
    assert async_url("sqlite:///data/x.sqlite3") == "sqlite+aiosqlite:///data/x.sqlite3"
    assert async_url("postgresql://u:p@h/db") == "postgresql+asyncpg://u:p@h/db"
    assert async_url("postgres://u@h/db") == "postgresql+asyncpg://u@h/db"
    assert async_url("postgresql+psycopg://u@h/db") == "postgresql+asyncpg://u@h/db"
    assert async_url("sqlite+aiosqlite:///x") == "sqlite+aiosqlite:///x"


async def test_territories_are_loaded(uow_factory) -> None:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        assert await uow.territories.count() > 7800
        milano = await uow.territories.get("F205")
        assert milano is not None and milano.parent_code == "P-MI" and milano.region_code == "R-03"


async def test_members_teams_memberships_and_roles(uow_factory) -> None:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        member = await uow.members.get_or_create(telegram_id=9_000_000_001, now=T0)  # beyond 32 bits
        member.consent_at = T0
        team = await uow.teams.add(Team(name="Cohesion Makers Bergamo", territory_code="A794", created_at=T0))
        await uow.teams.add(Team(name="Cohesion Makers Lombardia", territory_code="R-03",
                                 group_chat_id=-1001000000777, created_at=T0))
        assert member.id and team.id
        assert (await uow.memberships.join(member_id=member.id, team_id=team.id, now=T0))[1] is True
        assert (await uow.memberships.join(member_id=member.id, team_id=team.id, now=T0))[1] is False
        person = member.telegram_id
        assert (await uow.roles.grant(telegram_id=person, role="designer", team_id=team.id,
                                      now=T0))[1]
        assert not (await uow.roles.grant(telegram_id=person, role="designer",
                                          team_id=team.id, now=T0))[1]
        await uow.roles.grant(telegram_id=person, role="observer", territory_code="P-BG", now=T0)
        # A role for someone who never talked to the bot: no member row is made for them.
        await uow.roles.grant(telegram_id=555, role="expert", now=T0)
        assert await uow.members.by_telegram_id(555) is None
    async with uow_factory() as uow:
        member2 = await uow.members.by_telegram_id(9_000_000_001)
        assert member2 is not None and member2.consent_at == T0  # aware UTC on both backends
        assert member2.consent_at.tzinfo is not None
        teams = await uow.teams.in_territories(["A794", "P-BG", "R-03"])
        assert [t.name for t in teams] == ["Cohesion Makers Bergamo", "Cohesion Makers Lombardia"]
        assert [t.name for t in await uow.teams.of_member(member2.id or 0)] == [
            "Cohesion Makers Bergamo"]
        assert await uow.teams.member_count(teams[0].id or 0) == 1
        assert [m.telegram_id for m in await uow.teams.designers(teams[0].id or 0)] == [
            9_000_000_001]
        roles = {(r.role, r.team_id, r.territory_code)
                 for r in await uow.roles.of_person(9_000_000_001)}
        assert roles == {("designer", teams[0].id, None), ("observer", None, "P-BG")}
        assert await uow.roles.revoke(telegram_id=9_000_000_001, role=RoleName.OBSERVER,
                                      territory_code="P-BG")
        assert not await uow.roles.revoke(telegram_id=9_000_000_001, role=RoleName.OBSERVER,
                                          territory_code="P-BG")
        assert [t.id for t in await uow.teams.designed_by(9_000_000_001)] == [teams[0].id]
        # no name given yet: shown as "?"; a team without designers is absent
        assert await uow.teams.designer_names([teams[0].id or 0, teams[1].id or 0]) == {
            teams[0].id: ["?"]}
        assert await uow.teams.member_counts([teams[0].id or 0, teams[1].id or 0]) == {
            teams[0].id: 1}
        listed = await uow.teams.all_with_member_counts()
        assert [(t.name, t.members) for t in listed] == [
            ("Cohesion Makers Bergamo", 1), ("Cohesion Makers Lombardia", 0)]
        assert [(t.id, t.territory_code, t.language, t.group_linked) for t in listed] == [
            (teams[0].id, teams[0].territory_code, "it", False),
            (teams[1].id, teams[1].territory_code, "it", True)]


async def test_a_failed_unit_of_work_changes_nothing(uow_factory) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError):
        async with uow_factory() as uow:
            await uow.members.add(Member(telegram_id=42, created_at=T0))
            raise RuntimeError("the handler failed")
    async with uow_factory() as uow:
        assert await uow.members.by_telegram_id(42) is None


async def test_a_unit_of_work_that_reads_nothing_opens_no_session(uow_factory) -> None:  # type: ignore[no-untyped-def]
    uow = uow_factory()
    async with uow:
        pass
    assert uow._session is None


async def test_telegram_ids_are_unique(uow_factory) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        async with uow_factory() as uow:
            await uow.members.add(Member(telegram_id=7, created_at=T0))
            await uow.members.add(Member(telegram_id=7, created_at=T0))


async def test_erasing_a_member_removes_memberships_and_roles(uow_factory) -> None:  # type: ignore[no-untyped-def]
    from bot import capabilities

    async with uow_factory() as uow:
        member = await uow.members.add(Member(telegram_id=77, created_at=T0))
        team = await uow.teams.add(Team(name="T", territory_code="F205", created_at=T0))
        await uow.memberships.join(member_id=member.id or 0, team_id=team.id or 0, now=T0)
        await uow.roles.grant(telegram_id=77, role="designer", team_id=team.id, now=T0)
    async with uow_factory() as uow:
        member = await uow.members.by_telegram_id(77)
        assert member is not None
        await capabilities.erase(uow, capabilities.person_of(member), now=T0)
    async with uow_factory() as uow:
        team = (await uow.teams.all())[0]
        assert await uow.teams.member_count(team.id or 0) == 0
        assert await uow.teams.designers(team.id or 0) == []
        assert await uow.roles.of_person(77) == []


async def test_groups_left_unlinked(uow_factory) -> None:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        await uow.groups.record_joined(chat_id=-100_1, title="A", language="it", now=T0)
        await uow.groups.record_joined(chat_id=-100_2, title="B", language="en", now=T0)
        await uow.teams.add(Team(name="T", territory_code="F205", group_chat_id=-100_2, created_at=T0))
    async with uow_factory() as uow:
        assert await uow.groups.unlinked_joined_before(T0) == []
        due = await uow.groups.unlinked_joined_before(T0 + timedelta(seconds=1))
        assert [g.chat_id for g in due] == [-100_1]


def _migration_round_trip(url: str) -> None:
    upgrade(url)
    downgrade(url, "base")
    upgrade(url)


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    await engine.dispose()
    return names


# Every table of the models (found in storage/models, not listed here), and Alembic's own.
EXPECTED_TABLES = {*SQLModel.metadata.tables, "alembic_version"}


def test_migrations_up_down_up_on_sqlite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    _migration_round_trip(url)
    assert asyncio.run(_tables(url)) == EXPECTED_TABLES
    asyncio.run(prepare_database(url))  # idempotent: a second run changes nothing
    asyncio.run(prepare_database(url))


def test_migrations_up_down_up_on_postgresql(pg_database: str) -> None:
    name = f"cm_migrate_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        _migration_round_trip(url)
        assert asyncio.run(_tables(url)) == EXPECTED_TABLES
        asyncio.run(prepare_database(url))
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def test_schema_matches_the_models(db_url: str) -> None:
    """Autogenerate finds nothing to do: the migrations and the models agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    engine = create_engine(db_url)
    async with engine.connect() as connection:
        diff = await connection.run_sync(
            lambda c: compare_metadata(MigrationContext.configure(c), SQLModel.metadata))
        version = (await connection.execute(text("SELECT version_num FROM alembic_version"))
                   ).scalar_one()
    await engine.dispose()
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    assert diff == []
    assert version == ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()
