"""A table as a calendar file (.ics), with the maintained ``icalendar`` package."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event

from bot.services.tables import TableView
from bot.ui.texts import tables as texts

DURATION = timedelta(hours=2)


def calendar_file(table: TableView, *, now: datetime, domain: str = "cohesionmakers") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Cohesion Makers//tables//IT")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"table-{table.id}@{domain}")
    event.add("dtstamp", now)
    event.add("dtstart", table.starts_at)
    event.add("dtend", table.starts_at + DURATION)
    event.add("summary", texts.ics_title(table))
    event.add("location", table.place)
    if table.agenda_points:
        event.add("description", "\n".join(f"- {p}" for p in table.agenda_points))
    if table.status == "cancelled":
        event.add("status", "CANCELLED")
    event.add("sequence", table.revision - 1)
    calendar.add_component(event)
    return bytes(calendar.to_ical())
