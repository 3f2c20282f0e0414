"""The one calendar-file builder (bot/ui/calendar.py), read back with icalendar as a calendar
application would: every value in its place, the optional ones only when given."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from bot.ui.calendar import calendar_file

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
START, END = datetime(2026, 12, 3, 17, 0, tzinfo=UTC), datetime(2026, 12, 3, 19, 0, tzinfo=UTC)


def test_an_event_with_everything_given() -> None:
    calendar = Calendar.from_ical(calendar_file(
        uid="table-7@cohesionmakers", start=START, end=END, summary="Tavolo – Milano", now=NOW,
        prodid="-//Cohesion Makers//tables//IT", sequence=2, description="- Bilancio\n- Turni",
        location="Via Roma 1, Milano", url="https://meet.example/x", cancelled=True,
        method="PUBLISH"))
    assert (str(calendar["prodid"]), str(calendar["method"])) == (
        "-//Cohesion Makers//tables//IT", "PUBLISH")
    [event] = calendar.walk("VEVENT")
    assert str(event["uid"]) == "table-7@cohesionmakers"
    assert (event.decoded("dtstart"), event.decoded("dtend"), event.decoded("dtstamp")) == (
        START, END, NOW)
    assert str(event["summary"]) == "Tavolo – Milano"
    assert str(event["description"]) == "- Bilancio\n- Turni"
    assert str(event["location"]) == "Via Roma 1, Milano"
    assert str(event["url"]) == "https://meet.example/x"
    assert (int(event["sequence"]), str(event["status"])) == (2, "CANCELLED")


def test_the_optional_values_are_left_out_unless_given() -> None:
    calendar = Calendar.from_ical(calendar_file(
        uid="expert-booking-5@cohesionmakers", start=START, end=END, summary="Free hour",
        now=NOW, prodid="-//Cohesion Makers//expert hour//IT"))
    assert "method" not in calendar
    [event] = calendar.walk("VEVENT")
    assert int(event["sequence"]) == 0
    assert [name for name in ("description", "location", "url", "status") if name in event] == []
