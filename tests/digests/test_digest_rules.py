"""The digests' rules, worked out by hand: the weekly moment in Rome (09:00 is 08:00 UTC in
winter, 07:00 UTC after the change to summer time), never at night, the past week's days, the
needs most in want of help and the teams that need an observer's attention.

Dates are fixed days (the rules take ``now``; no test reads the wall clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from domain.balance import NeedFacts
from domain.digests import (
    TeamWeek,
    iso_week,
    most_wanting,
    needing_attention,
    past_week,
    release_due,
    week_moment,
)
from domain.needs.rules import NeedStatus
from domain.period import Period

# Monday 30 November 2026 (winter: Rome is UTC+1); Monday 29 March 2027, the day after the last
# Sunday of March (summer: UTC+2).
WINTER_MONDAY = date(2026, 11, 30)
SUMMER_MONDAY = date(2027, 3, 29)


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def test_the_moment_is_monday_nine_in_rome_in_winter_and_in_summer() -> None:
    assert week_moment(utc(WINTER_MONDAY + timedelta(days=3), 12)) == utc(WINTER_MONDAY, 8)
    assert week_moment(utc(SUMMER_MONDAY, 12)) == utc(SUMMER_MONDAY, 7)
    assert not release_due(utc(WINTER_MONDAY, 7, 59))
    assert release_due(utc(WINTER_MONDAY, 8))
    assert not release_due(utc(SUMMER_MONDAY, 6, 59))
    assert release_due(utc(SUMMER_MONDAY, 7))
    # Sunday evening is the week before's: its moment has passed, but it is night in Rome.
    assert not release_due(utc(WINTER_MONDAY - timedelta(days=1), 21))


def test_never_at_night_but_later_in_the_week_by_day() -> None:
    tuesday = WINTER_MONDAY + timedelta(days=1)
    assert not release_due(utc(tuesday, 20))     # 21:00 in Rome
    assert not release_due(utc(tuesday, 6, 59))  # 07:59 in Rome
    assert release_due(utc(tuesday, 7))          # 08:00 in Rome
    assert release_due(utc(WINTER_MONDAY + timedelta(days=6), 19, 59))  # Sunday 20:59


def test_another_moment_from_the_settings() -> None:
    friday = WINTER_MONDAY + timedelta(days=4)
    assert not release_due(utc(friday, 15, 59), weekday=4, hour=17)
    assert release_due(utc(friday, 16), weekday=4, hour=17)
    assert past_week(utc(friday, 16), weekday=4, hour=17) == Period(date(2026, 11, 27),
                                                                    date(2026, 12, 3))


def test_the_week_and_its_key() -> None:
    assert iso_week(utc(WINTER_MONDAY, 8)) == "2026-W49"
    # Sunday 23:30 in Rome is Sunday 22:30 UTC: still that Sunday's week.
    assert iso_week(utc(WINTER_MONDAY - timedelta(days=1), 22, 30)) == "2026-W48"
    assert iso_week(utc(WINTER_MONDAY - timedelta(days=1), 23, 30)) == "2026-W49"
    assert past_week(utc(WINTER_MONDAY, 8)) == Period(date(2026, 11, 23), date(2026, 11, 29))
    assert past_week(utc(SUMMER_MONDAY, 7)) == Period(date(2027, 3, 22), date(2027, 3, 28))
    assert past_week(utc(WINTER_MONDAY, 8)).key() == "20261123-20261129"


def need(id_: int, pledged: int, target: int, days_ago: int,
         status: NeedStatus = "open") -> NeedFacts:
    return NeedFacts(id=id_, title=f"n{id_}", category="food", unit="parcels",
                     target=Decimal(target), pledged=Decimal(pledged), delivered=Decimal(0),
                     status=status, posted_at=utc(WINTER_MONDAY, 8) - timedelta(days=days_ago),
                     territory_chain=("F205", "P-MI", "R-03"), team_id=1)


def test_the_needs_most_in_want_least_covered_then_oldest() -> None:
    needs = [need(1, 5, 10, 3), need(2, 0, 10, 1), need(3, 0, 4, 9), need(4, 1, 10, 2),
             need(5, 10, 10, 30, status="covered"), need(6, 0, 10, 40, status="closed")]
    assert [n.id for n in most_wanting(needs)] == [3, 2, 4]
    assert most_wanting([]) == []


def test_the_teams_that_need_attention() -> None:
    teams = [TeamWeek(1, "calm", 0.9, 0, True),
             TeamWeek(2, "two waiting", 0.6, 2, True),
             TeamWeek(3, "low", 0.2, 0, True),
             TeamWeek(4, "quiet", None, 0, False),
             TeamWeek(5, "one waiting", 0.1, 1, False),
             TeamWeek(6, "lower", 0.1, 0, True)]
    assert [t.team_id for t in needing_attention(teams)] == [2, 5, 6, 3, 4]
    assert [t.team_id for t in needing_attention(teams, limit=2)] == [2, 5]
