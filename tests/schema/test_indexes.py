"""Every foreign key, and every column a query filters or sorts by, leads an index — read from
the models (SQLModel.metadata), which the migrations match (tests/test_storage.py checks that
autogenerate finds no difference; this file also checks the partial indexes' predicates, which
autogenerate does not compare).

Fails before migration 0004: member.territory_code and rolegrant.territory_code (foreign keys)
and groupchat.joined_at had no index, and the outbox had none of its partial indexes.
"""

from __future__ import annotations

import re

from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, Table, UniqueConstraint, text
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers every table)
from storage.db import create_engine
from tests.helpers.indexes import unindexed_filters, unindexed_foreign_keys, where_of

# (table, leading columns, predicate of a partial index or None), built from every `.where(`,
# `.order_by(`, `.join(` and `group_by(` in storage/repositories (their method in the comment).
FILTERED: list[tuple[str, tuple[str, ...], str | None]] = [
    ("member", ("telegram_id",), None),           # by_telegram_id, language, roles' joins
    ("membership", ("member_id", "team_id"), None),  # get; teams.of_member
    ("membership", ("team_id",), None),           # member_count(s), members, reachable_members
    ("team", ("territory_code",), None),          # in_territories
    ("team", ("group_chat_id",), None),           # by_group_chat, with_groups, unlinked groups
    ("groupchat", ("joined_at",), None),          # unlinked_joined_before
    ("rolegrant", ("telegram_id",), None),        # of_person, find, forget_person, designed_by
    ("rolegrant", ("team_id",), None),            # designers, designer_names
    ("scheduled_notice", ("key",), None),         # get, schedule's ON CONFLICT
    ("scheduled_notice", ("status", "due_at"), None),  # due
    ("outbox", ("key",), None),                   # enqueue's ON CONFLICT
    ("outbox", ("status", "not_before"), None),   # backlog, open_rows, reclaim_stale, purge, by_status
    ("outbox", ("id",), "status = 'pending'"),    # claim: the candidates, in id order
    ("outbox", ("chat_id", "id"), "status IN ('pending', 'sending')"),  # claim, close/move_chat
    ("outbox", ("chat_id", "sent_at"), "status = 'sent'"),  # claim: sent lately
    ("processed_update", ("seen_at",), None),     # forget_before
    ("training_enrolment", ("member_telegram_id",), None),  # enrolment, advance_many, forget_person
    ("training_enrolment", ("paused", "next_due_at"), None),  # due (the sweep)
    ("training_progress", ("member_telegram_id", "module_id"), None),  # progress(_of), opened
    ("training_push", ("key",), None),            # log_pushes' ON CONFLICT
    ("training_push", ("member_telegram_id",), None),  # pushes_of, forget_person
    ("expert_profile", ("telegram_id",), None),   # profile_of
    ("expert_profile", ("active",), None),        # profiles
    ("expert_slot", ("expert_id", "starts_at"), None),  # slots_of, free_slots
    ("expert_slot", ("starts_at",), None),        # free_slots' order
    ("expert_booking", ("slot_id",), "status = 'active'"),  # active_booking_on, the one-per-slot
    ("expert_booking", ("member_telegram_id",), "status = 'active'"),  # active_booking_of
    ("expert_booking", ("member_telegram_id",), None),  # bookings_of
]


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
