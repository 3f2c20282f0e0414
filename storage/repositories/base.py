"""What every repository shares: the session holder, table and rowcount helpers, and the
dialect-aware INSERT … ON CONFLICT DO NOTHING used for idempotent writes."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Table, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


def _table(model: type[SQLModel]) -> Table:
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


def _rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount or 0)


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session


async def _plan_for_values(session: AsyncSession) -> None:
    """For the reports' aggregates, on PostgreSQL: plan each run of a statement for its values.

    The driver prepares each statement once per connection, and PostgreSQL may switch a
    prepared statement to a generic plan, made without the values, after its fifth run — for a
    report over a scope's teams and a period's bounds that plan was several times slower (a
    region's year went from 0.7 s to 3 s from the sixth report on). For this transaction only.
    """
    if session.get_bind().dialect.name == "postgresql":
        connection = await session.connection()
        await connection.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def _insert_ignoring_duplicates(session: AsyncSession, table: Any, values: dict[str, Any],
                                key: str) -> Any:
    """INSERT … ON CONFLICT (key) DO NOTHING, in the dialect of the session's database."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return pg_insert(table).values(**values).on_conflict_do_nothing(index_elements=[key])
    return sqlite_insert(table).values(**values).on_conflict_do_nothing(index_elements=[key])


def _insert_many_ignoring_duplicates(session: AsyncSession, table: Any, key: str) -> Any:
    """The same, for an executemany of parameter rows."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return pg_insert(table).on_conflict_do_nothing(index_elements=[key])
    return sqlite_insert(table).on_conflict_do_nothing(index_elements=[key])
