"""The date and time of a table, as designers type them: the table came first, the parser after.

``now`` is pinned to Wednesday 2 December 2026, 10:00 in Rome. Each phrasing has the moment it
means, or the question to ask again ("ask again" keeps what was understood). Never a guess: a
date without a time asks for the time, "giovedì 18" (the 18th? 18:00?) asks again.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from domain.calendar import ROME
from domain.tables import (
    AskAgain,
    Recurrence,
    When,
    holiday_name,
    next_dates,
    parse_when,
)

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ROME)


def at(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=ROME)


READ = [
    # the phrasings
    ("giovedì 18:00", at(2026, 12, 3, 18)),
    ("3/12 ore 18", at(2026, 12, 3, 18)),
    ("25/2/2027 ore 18", at(2027, 2, 25, 18)),
    ("domani alle 17", at(2026, 12, 3, 17)),
    ("tra due settimane alle 18", at(2026, 12, 16, 18)),
    ("next Thursday 6pm", at(2026, 12, 3, 18)),
    # Italian
    ("lunedì prossimo alle 9:30", at(2026, 12, 7, 9, 30)),
    ("il 5 gennaio alle 18", at(2027, 1, 5, 18)),
    ("5 gennaio 2027 18:00", at(2027, 1, 5, 18)),
    ("oggi alle 21", at(2026, 12, 2, 21)),
    ("dopodomani alle 10", at(2026, 12, 4, 10)),
    ("18:30 di venerdì", at(2026, 12, 4, 18, 30)),
    ("venerdì alle 18.30", at(2026, 12, 4, 18, 30)),
    ("Sabato 10:00", at(2026, 12, 5, 10)),
    ("mercoledì 18:00", at(2026, 12, 2, 18)),  # today, still to come
    ("mercoledì 9:00", at(2026, 12, 9, 9)),  # today's has passed: next week's
    ("stasera alle 9", at(2026, 12, 2, 21)),
    ("domani alle 6 di sera", at(2026, 12, 3, 18)),
    ("domani a mezzogiorno", at(2026, 12, 3, 12)),
    ("10 dicembre ore 18:30", at(2026, 12, 10, 18, 30)),
    ("15-1-27 ore 17", at(2027, 1, 15, 17)),
    ("15.01.2027 18:00", at(2027, 1, 15, 18)),
    ("tra 3 giorni alle 18", at(2026, 12, 5, 18)),
    ("fra una settimana alle 17:30", at(2026, 12, 9, 17, 30)),
    ("1/12 ore 18", at(2027, 12, 1, 18)),  # no year and already gone: next year's
    ("giovedi 18h30", at(2026, 12, 3, 18, 30)),
    ("lun 14 dic alle 18", at(2026, 12, 14, 18)),
    # English
    ("tomorrow at 5pm", at(2026, 12, 3, 17)),
    ("Dec 3 18:00", at(2026, 12, 3, 18)),
    ("3/12 at 6pm", at(2026, 12, 3, 18)),
    ("next Wednesday at 9am", at(2026, 12, 9, 9)),
    ("tomorrow at noon", at(2026, 12, 3, 12)),
    ("December 10th at 7:30pm", at(2026, 12, 10, 19, 30)),
    ("in 10 days at 6pm", at(2026, 12, 12, 18)),
    ("in two weeks at 18:00", at(2026, 12, 16, 18)),
    ("the day after tomorrow at 10am", at(2026, 12, 4, 10)),
    ("tonight at 8", at(2026, 12, 2, 20)),
    ("Friday, 11 December 2026, 6:15 pm", at(2026, 12, 11, 18, 15)),
    ("thursday 6 pm", at(2026, 12, 3, 18)),

]

ASK = [
    ("tra due settimane", "no_time", date(2026, 12, 16), None),
    ("in two weeks", "no_time", date(2026, 12, 16), None),
    ("domani", "no_time", date(2026, 12, 3), None),
    ("giovedì", "no_time", date(2026, 12, 3), None),
    ("alle 18", "no_date", None, time(18)),
    ("18:00", "no_date", None, time(18)),
    ("giovedì 18", "unreadable", None, None),  # the 18th, or 18:00? ask
    ("boh", "unreadable", None, None),
    ("", "unreadable", None, None),
    ("la settimana prossima", "unreadable", None, None),
    ("32/13", "bad_date", None, None),
    ("31/2 ore 18", "bad_date", None, None),
    ("30/02/2027 ore 18", "bad_date", None, None),
    ("ieri alle 5", "past", date(2026, 12, 1), time(5)),
    ("1/1/2020 ore 18", "past", date(2020, 1, 1), time(18)),
    ("2/12 ore 9", "past", date(2026, 12, 2), time(9)),
    ("domani alle 25", "bad_time", date(2026, 12, 3), None),
    ("domani alle 18:75", "bad_time", date(2026, 12, 3), None),
    ("tomorrow 13pm", "bad_time", date(2026, 12, 3), None),
    ("martedì 17 dicembre alle 18", "bad_date", None, None),  # the 17th is a Thursday
]


@pytest.mark.parametrize(("text", "expected"), READ, ids=[t for t, _ in READ])
def test_phrasings_read_to_the_moment_they_mean(text: str, expected: datetime) -> None:
    result = parse_when(text, now=NOW)
    assert isinstance(result, When), result
    assert result.at == expected
    assert result.at.tzinfo is ROME


@pytest.mark.parametrize(("text", "code", "day", "hour"), ASK, ids=[t or "empty" for t, *_ in ASK])
def test_phrasings_that_ask_again(text: str, code: str, day: date | None,
                                  hour: time | None) -> None:
    result = parse_when(text, now=NOW)
    assert result == AskAgain(code, day=day, hour=hour)  # type: ignore[arg-type]


def test_the_table_has_at_least_forty_phrasings_in_both_languages() -> None:
    assert len(READ) + len(ASK) >= 40


def test_a_partial_answer_is_completed_by_the_next_one() -> None:
    assert parse_when("18", now=NOW, day=date(2026, 12, 16)) == When(at(2026, 12, 16, 18))
    assert parse_when("alle 18:30", now=NOW, day=date(2026, 12, 3)) == When(
        at(2026, 12, 3, 18, 30))
    assert parse_when("giovedì", now=NOW, hour=time(18)) == When(at(2026, 12, 3, 18))
    assert parse_when("18", now=NOW) == AskAgain("unreadable")  # a bare number is not a time


def test_warnings_for_a_holiday_and_an_unlikely_hour() -> None:
    immacolata = parse_when("8/12 ore 18", now=NOW)
    assert isinstance(immacolata, When)
    assert immacolata.warnings == ("holiday",)
    assert holiday_name(date(2026, 12, 8), "en") == "Immaculate Conception"
    early = parse_when("domani alle 5", now=NOW)
    assert isinstance(early, When) and early.warnings == ("unlikely_hour",)
    both = parse_when("6/1/2027 ore 3", now=NOW)
    assert isinstance(both, When) and both.warnings == ("holiday", "unlikely_hour")
    plain = parse_when("giovedì 18:00", now=NOW)
    assert isinstance(plain, When) and plain.warnings == ()


def test_weekly_and_monthly_recurrence_keep_the_wall_clock_time() -> None:
    first = at(2027, 3, 4, 18)  # the first Thursday of March; summer time starts on the 28th
    assert next_dates(first, Recurrence("weekly"), 4) == [
        at(2027, 3, 11, 18), at(2027, 3, 18, 18), at(2027, 3, 25, 18), at(2027, 4, 1, 18)]
    assert next_dates(first, Recurrence("monthly"), 3) == [
        at(2027, 4, 1, 18), at(2027, 5, 6, 18), at(2027, 6, 3, 18)]
    last = at(2026, 12, 31, 18)  # a fifth Thursday is "the last Thursday"
    assert next_dates(last, Recurrence("monthly"), 2) == [at(2027, 1, 28, 18), at(2027, 2, 25, 18)]
    assert next_dates(first, Recurrence("none"), 3) == []
