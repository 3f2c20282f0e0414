"""The schema's personal-data guard, shared by its test and its twin.

Which columns may hold a person is decided here by the column's type alone, never by reading
the declarations it checks: a Telegram id is a BigInteger; a name, text a person typed or a raw
update is Text, JSON, or a String with no length or one of 32 characters and more (shorter
strings are codes: a status, a language, a place code). Every such column must be named, once,
by some capability — in `PersonalData.columns` (how /deleteme erases it) or in `impersonal`
(why it holds nobody) — and every name declared must be a column that exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import JSON, BigInteger, Column, MetaData, String, Text
from sqlalchemy.types import TypeDecorator, TypeEngine

from bot.personal import PersonalData

SHORT_CODE = 32
"""Strings shorter than this are codes (statuses, languages, place and competence ids)."""


def _underlying(kind: TypeEngine[object]) -> TypeEngine[object]:
    """The type the database stores: SQLModel's AutoString and our UTCDateTime decorate one."""
    while isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return kind


def may_hold_a_person(column: Column[object]) -> bool:
    kind = _underlying(column.type)
    if isinstance(kind, (BigInteger, JSON, Text)):
        return True
    if isinstance(kind, String):
        return kind.length is None or kind.length >= SHORT_CODE
    return False


def personal_columns(metadata: MetaData) -> list[str]:
    """Every "table.column" of the schema that may hold a person, by type alone."""
    return sorted(f"{table.name}.{column.name}" for table in metadata.sorted_tables
                  for column in table.columns if may_hold_a_person(column))


def problems(metadata: MetaData, declared: Iterable[tuple[str, PersonalData]]) -> list[str]:
    """What the declarations get wrong about the schema, one line each (empty: nothing)."""
    owners: dict[str, list[str]] = {}
    for name, personal in declared:
        for column in (*personal.columns, *personal.impersonal):
            owners.setdefault(column, []).append(name)
    existing = {f"{table.name}.{column.name}" for table in metadata.sorted_tables
                for column in table.columns}
    found = [f"{column} may hold a person and no capability declares it"
             for column in personal_columns(metadata) if column not in owners]
    found += [f"{column} is declared by {', '.join(names)} but is no column of the schema"
              for column, names in sorted(owners.items()) if column not in existing]
    found += [f"{column} is declared more than once: {', '.join(names)}"
              for column, names in sorted(owners.items()) if len(names) > 1]
    return found


def undeclared(found: Sequence[str]) -> list[str]:
    """The columns named as undeclared in `problems`' answer."""
    suffix = " may hold a person and no capability declares it"
    return [line.removesuffix(suffix) for line in found if line.endswith(suffix)]
