"""Periods: presets, the one before, typed periods in Italian and English, Rome days."""

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.period import Period, parse_period, preset

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(("name", "start", "end"), [
    ("this_month", date(2026, 6, 1), date(2026, 6, 15)),
    ("last_month", date(2026, 5, 1), date(2026, 5, 31)),
    ("last_3_months", date(2026, 3, 1), date(2026, 5, 31)),
    ("this_year", date(2026, 1, 1), date(2026, 6, 15)),
])
def test_presets(name: str, start: date, end: date) -> None:
    assert preset(name, TODAY) == Period(start, end)  # type: ignore[arg-type]


def test_last_month_in_january_is_december() -> None:
    assert preset("last_month", date(2027, 1, 10)) == Period(date(2026, 12, 1), date(2026, 12, 31))


def test_previous_of_whole_months_is_the_months_before() -> None:
    assert Period(date(2026, 3, 1), date(2026, 3, 31)).previous() == Period(
        date(2026, 2, 1), date(2026, 2, 28))
    assert Period(date(2026, 3, 1), date(2026, 5, 31)).previous() == Period(
        date(2025, 12, 1), date(2026, 2, 28))
    assert Period(date(2026, 1, 1), date(2026, 12, 31)).previous() == Period(
        date(2025, 1, 1), date(2025, 12, 31))


def test_previous_of_a_month_or_year_so_far_is_the_same_days_before() -> None:
    assert Period(date(2026, 12, 1), date(2026, 12, 7)).previous() == Period(
        date(2026, 11, 1), date(2026, 11, 7))
    assert Period(date(2026, 1, 1), date(2026, 12, 7)).previous() == Period(
        date(2025, 1, 1), date(2025, 12, 7))
    assert Period(date(2026, 3, 1), date(2026, 5, 15)).previous() == Period(
        date(2025, 12, 1), date(2026, 2, 15))
    # 1–30 March after February's 28 days: to February's end.
    assert Period(date(2026, 3, 1), date(2026, 3, 30)).previous() == Period(
        date(2026, 2, 1), date(2026, 2, 28))


def test_previous_of_other_periods_has_as_many_days() -> None:
    period = Period(date(2026, 6, 3), date(2026, 6, 17))
    assert period.previous() == Period(date(2026, 5, 19), date(2026, 6, 2))
    assert period.previous().days == period.days == 15


def test_utc_bounds_follow_rome_across_summer_time() -> None:
    # 29 March 2026: clocks go forward in Rome; that day is 23 hours long.
    start, end = Period(date(2026, 3, 29), date(2026, 3, 29)).utc_bounds()
    assert start == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    assert Period(date(2026, 3, 29), date(2026, 3, 29)).contains(
        datetime(2026, 3, 29, 21, 59, tzinfo=UTC))
    assert not Period(date(2026, 3, 29), date(2026, 3, 29)).contains(
        datetime(2026, 3, 29, 22, 0, tzinfo=UTC))


@pytest.mark.parametrize(("text", "start", "end"), [
    ("dal 1/3 al 31/5", date(2026, 3, 1), date(2026, 5, 31)),
    ("Dal 1/3/2025 al 31/5/2025", date(2025, 3, 1), date(2025, 5, 31)),
    ("1/3 - 31/5", date(2026, 3, 1), date(2026, 5, 31)),
    ("2026-03-01 - 2026-05-31", date(2026, 3, 1), date(2026, 5, 31)),
    ("from March to May", date(2026, 3, 1), date(2026, 5, 31)),
    ("da marzo a maggio", date(2026, 3, 1), date(2026, 5, 31)),
    ("from 1 March to 31 May", date(2026, 3, 1), date(2026, 5, 31)),
    ("from March 1st to May 31st", date(2026, 3, 1), date(2026, 5, 31)),
    ("dal 1 marzo al 31 maggio 2025", date(2025, 3, 1), date(2025, 5, 31)),
    ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("marzo", date(2026, 3, 1), date(2026, 3, 31)),
    ("March 2025", date(2025, 3, 1), date(2025, 3, 31)),
    ("settembre", date(2025, 9, 1), date(2025, 9, 30)),  # not yet begun this year: last year's
    ("dal 1/11 al 31/1", date(2025, 11, 1), date(2026, 1, 31)),
    ("il mese scorso", date(2026, 5, 1), date(2026, 5, 31)),
    ("this year", date(2026, 1, 1), date(2026, 6, 15)),
    ("quest'anno", date(2026, 1, 1), date(2026, 6, 15)),
])
def test_typed_periods(text: str, start: date, end: date) -> None:
    assert parse_period(text, today=TODAY) == Period(start, end)


@pytest.mark.parametrize("text", [
    "", "   ", "boh", "dal 31/2 al 3/3", "dal 31/5/2026 al 1/3/2026", "1990-2026", "dal 1/3",
    "from tomorrow", "13/13", "dal 1/1/2000 al 31/12/2026",
])
def test_unreadable_or_impossible_periods(text: str) -> None:
    assert parse_period(text, today=TODAY) is None


def test_key_round_trip() -> None:
    period = Period(date(2026, 3, 1), date(2026, 5, 31))
    assert period.key() == "20260301-20260531"
    assert Period.from_key(period.key()) == period
    assert Period.from_key("20260231-20260301") is None
    assert Period.from_key("x") is None
    assert Period.from_key("20260501-20260301") is None


def test_a_buttons_period_is_a_preset_or_a_key_no_longer_than_five_years() -> None:
    from domain.period import LONGEST_DAYS, chosen

    today = date(2026, 12, 7)
    assert chosen("this_month", today) == Period(date(2026, 12, 1), today)
    assert chosen("20260301-20260531", today) == Period(date(2026, 3, 1), date(2026, 5, 31))
    longest = Period(date(2020, 1, 1), date(2020, 1, 1) + timedelta(days=LONGEST_DAYS - 1))
    assert chosen(longest.key(), today) == longest
    assert chosen("19000101-20261207", today) is None  # a forged button asking for decades
    assert chosen("typed", today) is None and chosen("x", today) is None
