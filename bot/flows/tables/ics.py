"""A table as a calendar file (.ics), built by bot.ui.calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.services.tables import TableView
from bot.ui.calendar import calendar_file as ics_file
from bot.ui.texts import tables as texts

DURATION = timedelta(hours=2)


def calendar_file(table: TableView, *, now: datetime, domain: str = "cohesionmakers") -> bytes:
    return ics_file(
        uid=f"table-{table.id}@{domain}", start=table.starts_at,
        end=table.starts_at + DURATION, summary=texts.ics_title(table), now=now,
        prodid="-//Cohesion Makers//tables//IT", sequence=table.revision - 1,
        description="\n".join(f"- {p}" for p in table.agenda_points) or None,
        location=table.place, cancelled=table.status in ("cancelled", "skipped"))
