"""A deadline is read by the same day reader as a table's date (domain.days): the same words
in Italian and English, a past day refused, and "entro"/"by" with no day left in the title."""

from __future__ import annotations

from datetime import date

import pytest

from domain.days import parse_day
from domain.needs import OneLine, ParseError, parse_deadline, parse_one_line

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(("text", "expected"), [
    ("sabato prossimo", date(2026, 11, 28)),
    ("next Saturday", date(2026, 11, 28)),
    ("giovedì prossimo", date(2026, 12, 3)),   # "next" on the day itself is a week away
    ("domani", date(2026, 11, 27)),
    ("tomorrow", date(2026, 11, 27)),
    ("oggi", TODAY),
    ("tra 2 settimane", date(2026, 12, 10)),
    ("in two weeks", date(2026, 12, 10)),
    ("15 dicembre", date(2026, 12, 15)),
    ("December 15th", date(2026, 12, 15)),
    ("15.12", date(2026, 12, 15)),
    ("20/11", date(2027, 11, 20)),             # already past this year: next year's
])
def test_a_deadline_is_read_like_a_tables_day(text: str, expected: date) -> None:
    assert parse_deadline(text, today=TODAY) == expected


def test_the_day_reader_refuses_a_time_and_names_a_day_that_does_not_exist() -> None:
    assert parse_day("sabato 18:00", today=TODAY) == "unreadable"
    assert parse_day("31/02", today=TODAY) == "bad_date"
    assert parse_day("lun 14 dic", today=TODAY) == date(2026, 12, 14)


@pytest.mark.parametrize("text", ["ieri", "yesterday", "25/11/2026"])
def test_a_day_before_today_is_an_error(text: str) -> None:
    assert parse_deadline(text, today=TODAY) == ParseError("past_deadline", value=text)


def read(text: str) -> OneLine:
    line = parse_one_line(text, today=TODAY)
    assert isinstance(line, OneLine), line
    return line


def test_the_one_line_reads_words_after_entro_or_by() -> None:
    line = read("/newneed 20 ore Spesa solidale #cibo entro sabato prossimo")
    assert (line.title, line.deadline) == ("Spesa solidale", date(2026, 11, 28))
    line = read("/newneed 10 hours Walk by the river by next Saturday")
    assert (line.title, line.deadline) == ("Walk by the river", date(2026, 11, 28))
    line = read("/newneed 20 ore Spesa entro 15/12 per la scuola")
    assert (line.title, line.deadline) == ("Spesa per la scuola", date(2026, 12, 15))


def test_the_one_line_refuses_a_past_day_instead_of_keeping_it_in_the_title() -> None:
    assert parse_one_line("20 ore Spesa entro ieri", today=TODAY) == ParseError(
        "past_deadline", value="ieri")
    assert parse_one_line("20 hours Shopping by yesterday.", today=TODAY) == ParseError(
        "past_deadline", value="yesterday")
    assert parse_one_line("20 ore Spesa entro domani entro sabato", today=TODAY) == ParseError(
        "many_deadlines", value="domani, sabato")
