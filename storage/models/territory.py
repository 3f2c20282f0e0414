"""The territory table: the ISTAT places, loaded from the data file by storage.migrate."""

from sqlmodel import Field, SQLModel


class Territory(SQLModel, table=True):
    """A region, province or comune of the ISTAT hierarchy (codes as in domain.territory)."""

    code: str = Field(primary_key=True, max_length=8)
    kind: str = Field(max_length=10)
    name: str = Field(max_length=120)
    parent_code: str | None = Field(default=None, max_length=8, index=True)
    region_code: str = Field(max_length=8, index=True)
