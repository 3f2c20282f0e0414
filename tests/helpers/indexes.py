"""Which foreign keys and which filtered or sorted columns of a schema no index serves: the
check of tests/schema/test_indexes.py, which a capability's storage tests also run on their
own queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Index, MetaData, Table, UniqueConstraint


def where_of(index: Index) -> str | None:
    """The predicate of a partial index (the same on both backends, or it is reported)."""
    postgresql = index.dialect_options["postgresql"].get("where")
    sqlite = index.dialect_options["sqlite"].get("where")
    if postgresql is None and sqlite is None:
        return None
    if str(postgresql) != str(sqlite):
        return f"<differs: {postgresql} / {sqlite}>"
    return " ".join(str(postgresql).split())


def _leading(table: Table) -> list[tuple[tuple[str, ...], str | None]]:
    """Every column sequence an index or key of the table leads with, and its predicate."""
    keys: list[tuple[tuple[str, ...], str | None]] = [
        (tuple(c.name for c in table.primary_key.columns), None)]
    keys += [(tuple(c.name for c in constraint.columns), None)
             for constraint in table.constraints if isinstance(constraint, UniqueConstraint)]
    keys += [((column.name,), None) for column in table.columns if column.unique]
    keys += [(tuple(str(getattr(e, "name", e)) for e in index.expressions), where_of(index))
             for index in table.indexes]
    return keys


def _covered(table: Table, columns: Sequence[str], where: str | None) -> bool:
    return any(tuple(found[:len(columns)]) == tuple(columns) and predicate == where
               for found, predicate in _leading(table))


def unindexed_foreign_keys(metadata: MetaData) -> list[str]:
    """Foreign keys that lead no full index, primary key or unique constraint (a partial index
    does not serve the delete of a parent row, so it does not count)."""
    missing = []
    for table in metadata.sorted_tables:
        for foreign_key in table.foreign_key_constraints:
            columns = [column.name for column in foreign_key.columns]
            if not _covered(table, columns, None):
                missing.append(f"{table.name}.{','.join(columns)}")
    return missing


def unindexed_filters(metadata: MetaData,
                      required: Iterable[tuple[str, tuple[str, ...], str | None]]) -> list[str]:
    missing = []
    for name, columns, where in required:
        table = metadata.tables.get(name)
        if table is None or not _covered(table, columns, where):
            missing.append(f"{name}({', '.join(columns)})" + (f" WHERE {where}" if where else ""))
    return missing
