"""Personal data has an owner: every column that may hold a person (by its type, see
tests/privacy/guard.py) is declared, once, by a capability — how /deleteme erases it, or why
it holds nobody — and nothing is declared that is not a column. The twins show the guard fails
on a table added without a declaration, on a declaration of nothing, and on one made twice."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, Text
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers every table)
from bot.capabilities import personal_data
from bot.personal import PersonalData
from tests.privacy.guard import personal_columns, problems, undeclared


def test_every_column_that_may_hold_a_person_is_declared_once() -> None:
    assert problems(SQLModel.metadata, personal_data()) == []


def test_the_rule_sees_ids_text_and_long_strings_not_codes() -> None:
    # Read from the live schema, so a change of the rule that blinds it shows here first.
    found = set(personal_columns(SQLModel.metadata))
    assert {"member.telegram_id", "member.display_name", "member.skills", "outbox.payload",
            "failed_update.payload", "table_minutes.attendance", "need.title"} <= found
    assert not {"member.language", "member.actor_type", "outbox.status", "need.status",
                "pledge.quantity", "member.created_at", "need.id"} & found


def _schema_with_a_note() -> MetaData:
    """The real schema and one more table, added as a new capability might forget to declare."""
    metadata = MetaData()
    for table in SQLModel.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table("note", metadata, Column("id", Integer, primary_key=True),
          Column("author_telegram_id", BigInteger, nullable=False),
          Column("text", Text, nullable=False), Column("kind", String(12), nullable=False))
    return metadata


def _added(found: list[str]) -> list[str]:
    """What a twin adds to the guard's answer on the real schema (the twins hold whatever that
    answer is today: each shows its own failure, not the state of the declarations)."""
    known = set(problems(SQLModel.metadata, personal_data()))
    return [line for line in found if line not in known]


def test_twin_a_table_nobody_declared_fails_naming_its_columns() -> None:
    found = _added(problems(_schema_with_a_note(), personal_data()))
    assert undeclared(found) == ["note.author_telegram_id", "note.text"]  # not the short kind
    assert len(found) == 2


def test_twin_declaring_a_column_that_does_not_exist_fails() -> None:
    ghost = PersonalData(columns={"member.phone_number": "the row is deleted"},
                         impersonal={"nowhere.at_all": "nothing"})
    assert _added(problems(SQLModel.metadata, [*personal_data(), ("ghost", ghost)])) == [
        "member.phone_number is declared by ghost but is no column of the schema",
        "nowhere.at_all is declared by ghost but is no column of the schema"]


def test_twin_a_column_declared_twice_fails() -> None:
    again = PersonalData(impersonal={"member.display_name": "said by a second capability"})
    assert _added(problems(SQLModel.metadata, [*personal_data(), ("again", again)])) == [
        "member.display_name is declared more than once: members, again"]
