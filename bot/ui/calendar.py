"""Calendar files (.ics), built with the maintained ``icalendar`` package: one event per file,
from plain values, for every capability that hands people a date to keep (a table's meeting,
an expert hour). The wording (summary, description) is the caller's, in the language in use.

A changed event keeps its ``uid`` and raises ``sequence``, and a cancelled one keeps both and
says CANCELLED, so calendars update the event they hold instead of adding another."""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event


def calendar_file(*, uid: str, start: datetime, end: datetime, summary: str, now: datetime,
                  prodid: str, sequence: int = 0, description: str | None = None,
                  location: str | None = None, url: str | None = None, cancelled: bool = False,
                  method: str | None = None) -> bytes:
    """The event as the bytes of an .ics file; ``now`` is its DTSTAMP. ``method`` (an iTIP
    method such as PUBLISH) is written only when given."""
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    if method is not None:
        calendar.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    if description is not None:
        event.add("description", description)
    if location is not None:
        event.add("location", location)
    if url is not None:
        event.add("url", url)
    event.add("sequence", sequence)
    if cancelled:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return bytes(calendar.to_ical())
