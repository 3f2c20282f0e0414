"""Every foreign key, and every column a query filters or sorts by, leads an index — read from
the models (SQLModel.metadata), which the migrations match (tests/test_storage.py checks that
autogenerate finds no difference; this file also checks the partial indexes' predicates, which
autogenerate does not compare).

Fails before migration 0004: member.territory_code and rolegrant.territory_code (foreign keys)
and groupchat.joined_at had no index, and the outbox had none of its partial indexes.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, Table, UniqueConstraint, text
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers every table)
from storage.db import create_engine
from tests.helpers.indexes import unindexed_filters, unindexed_foreign_keys, where_of


def declared_filters() -> list[tuple[str, tuple[str, ...], str | None]]:
    """Every repository module's FILTERED: the filters and orders its queries lean on (kept
    beside the queries, so a new repository declares its own)."""
    import storage.repositories

    found = []
    for module in pkgutil.iter_modules(storage.repositories.__path__):
        loaded = importlib.import_module(f"storage.repositories.{module.name}")
        found += list(getattr(loaded, "FILTERED", ()))
    return found


FILTERED = declared_filters()


def test_every_foreign_key_leads_an_index() -> None:
    assert unindexed_foreign_keys(SQLModel.metadata) == []


def test_every_filtered_or_sorted_column_leads_an_index() -> None:
    assert unindexed_filters(SQLModel.metadata, FILTERED) == []


def test_the_checks_can_fail() -> None:
    # A toy schema: one unindexed foreign key, one indexed, one covered by a composite unique
    # key; a partial index does not cover a filter that wants every row, nor another predicate.
    toy = MetaData()
    Table("parent", toy, Column("id", Integer, primary_key=True))
    Table("child", toy, Column("id", Integer, primary_key=True),
          Column("parent_id", Integer, ForeignKey("parent.id")),
          Column("other_id", Integer, ForeignKey("parent.id"), index=True),
          Column("third_id", Integer, ForeignKey("parent.id")),
          Column("state", Integer),
          UniqueConstraint("third_id", "other_id"),
          Index("ix_child_open", "state", postgresql_where=text("state = 1"),
                sqlite_where=text("state = 1")))
    assert unindexed_foreign_keys(toy) == ["child.parent_id"]
    assert unindexed_filters(toy, [("child", ("state",), None),
                                   ("child", ("state",), "state = 2"),
                                   ("child", ("state",), "state = 1"),
                                   ("child", ("other_id",), None),
                                   ("nowhere", ("x",), None)]) == [
        "child(state)", "child(state) WHERE state = 2", "nowhere(x)"]


def _literals(predicate: str) -> set[str]:
    return set(re.findall(r"'([^']*)'", predicate))


async def test_the_partial_indexes_keep_their_predicates_in_the_database(db_url: str) -> None:
    # Alembic's autogenerate compares an index's name and columns, not its WHERE: a migration
    # that created a partial index as a full one (or with other statuses) would pass
    # test_schema_matches_the_models. This reads the predicates the database holds.
    engine = create_engine(db_url)
    try:
        async with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                query = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            else:
                query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            held = {name: definition for name, definition in
                    (await connection.execute(text(query))).all()}
    finally:
        await engine.dispose()
    partial = {index.name: where_of(index) for table in SQLModel.metadata.sorted_tables
               for index in table.indexes if where_of(index) is not None}
    assert set(partial) == {"ix_outbox_pending", "ix_outbox_open_chat", "ix_outbox_sent_chat",
                            "uq_expert_booking_slot_active", "uq_expert_booking_member_active"}
    for name, where in partial.items():
        definition = held[str(name)]
        assert " WHERE " in definition.upper(), definition
        predicate = definition[definition.upper().index(" WHERE "):]
        assert "status" in predicate and _literals(predicate) == _literals(str(where)), (
            name, definition)
    full = [name for table in SQLModel.metadata.sorted_tables for index in table.indexes
            if where_of(index) is None and (name := str(index.name)) in held]
    assert full and all(" WHERE " not in held[name].upper() for name in full)
