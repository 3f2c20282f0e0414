"""The impact figures against examples computed by hand (the arithmetic is written out)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from domain.impact import (
    HelpLine,
    HourRate,
    NeedRecord,
    RetakeScores,
    TableCounts,
    ValueMethod,
    balance_figures,
    change,
    competence_changes,
    help_figures,
    median,
    need_figures,
    people_figures,
    social_value,
    table_figures,
)
from domain.period import Period

MAY = Period(date(2026, 5, 1), date(2026, 5, 31))
D = Decimal


def at(day: int, hour: int = 10, month: int = 5) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def need(id_: int, *, posted: datetime | None, first: datetime | None = None,
         covered: datetime | None = None, pledged: str = "0", target: str = "10",
         live: bool = True, category: str = "food", team: int = 1) -> NeedRecord:
    return NeedRecord(id=id_, team_id=team, category=category, target=D(target), posted_at=posted,
                      first_pledge_at=first, covered_at=covered, pledged_at_end=D(pledged),
                      live_at_end=live)


def figures(needs: list[NeedRecord], period: Period = MAY, days: int = 3):  # type: ignore[no-untyped-def]
    return need_figures(needs, period=period, fulfilled=0, closed=0, expired=0,
                        uncovered_after_days=days)


# --- medians ---------------------------------------------------------------------------------


def test_median_of_an_odd_count_is_the_middle_one() -> None:
    # sorted: 1h, 2h, 9h -> the middle is 2h
    assert median([timedelta(hours=9), timedelta(hours=1), timedelta(hours=2)]) == timedelta(
        hours=2)


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_ones() -> None:
    # sorted: 1h, 2h, 4h, 10h -> (2h + 4h) / 2 = 3h
    assert median([timedelta(hours=h) for h in (10, 1, 4, 2)]) == timedelta(hours=3)


def test_median_of_nothing_is_none() -> None:
    assert median([]) is None


# --- needs -----------------------------------------------------------------------------------


def test_an_empty_period_has_zeros_and_no_medians() -> None:
    result = figures([])
    assert (result.posted, result.covered, result.uncovered) == (0, 0, 0)
    assert result.median_to_first_pledge is None and result.median_to_coverage is None
    assert result.by_category == ()
    assert balance_figures([]).coverage_index is None
    assert balance_figures([]).spread is None


def test_a_need_posted_before_the_period_and_covered_in_it() -> None:
    # posted 20 April 10:00, first pledge 30 April 10:00 (before May), covered 2 May 10:00:
    # covered in May, not posted in May; time to coverage = 12 days; its first pledge is
    # April's, so May has no time to first pledge.
    old = need(1, posted=at(20, month=4), first=at(30, month=4), covered=at(2), pledged="10")
    result = figures([old])
    assert (result.posted, result.covered) == (0, 1)
    assert result.median_to_coverage == timedelta(days=12)
    assert result.median_to_first_pledge is None


def test_medians_over_the_needs_of_the_period() -> None:
    # first pledges after 2h, 4h, 6h -> median 4h; coverage after 1 day and 3 days -> 2 days
    needs = [need(1, posted=at(3), first=at(3, 12), covered=at(4, 10), pledged="10"),
             need(2, posted=at(5), first=at(5, 14), covered=at(8, 10), pledged="10"),
             need(3, posted=at(7), first=at(7, 16), pledged="5")]
    result = figures(needs)
    assert result.posted == 3 and result.covered == 2
    assert result.median_to_first_pledge == timedelta(hours=4)
    assert result.median_to_coverage == timedelta(days=2)


def test_a_need_is_uncovered_after_n_days_counted_to_the_period_end() -> None:
    # May ends 1 June 00:00 Rome = 31 May 22:00 UTC; N = 3 -> posted on or before 28 May 22:00
    needs = [need(1, posted=at(28, 21), pledged="9"),   # 3 days and 1 hour: uncovered
             need(2, posted=at(29, 10)),                # 2.5 days: not yet
             need(3, posted=at(1), pledged="10"),       # covered
             need(4, posted=at(1), live=False)]         # closed: not live
    assert figures(needs).uncovered == 1


def test_coverage_by_category_lowest_first() -> None:
    # food: min(5/10,1)=0.5 and min(20/10,1)=1 -> 0.75; health: 2/10 = 0.2
    needs = [need(1, posted=at(1), pledged="5"), need(2, posted=at(1), pledged="20"),
             need(3, posted=at(1), pledged="2", category="health"),
             need(4, posted=at(1), pledged="0", category="work", live=False)]
    result = figures(needs)
    assert [(c.category, c.needs) for c in result.by_category] == [("health", 1), ("food", 2)]
    assert [c.coverage for c in result.by_category] == pytest.approx([0.2, 0.75])


def test_balance_at_the_period_end_and_its_spread_across_teams() -> None:
    # team 1: 0.5 and 1 -> 0.75; team 2: 0.25. Index over the 3 needs: (0.5+1+0.25)/3
    # Gini of [0.25, 0.75]: Σ|xi−xj| = 2·0.5 = 1; 2 n² μ = 2·4·0.5 = 4 -> 0.25
    needs = [need(1, posted=at(1), pledged="5"), need(2, posted=at(1), pledged="30"),
             need(3, posted=at(1), pledged="1", target="4", team=2)]
    result = balance_figures(needs)
    assert result.coverage_index == pytest.approx(1.75 / 3)
    assert result.spread == pytest.approx(0.25)
    assert result.live_needs == 3


def test_a_period_across_the_change_to_summer_time() -> None:
    # 29 March 2026, Rome: clocks go from 02:00 CET to 03:00 CEST; the day is 23 hours,
    # from 28 March 23:00 UTC to 29 March 22:00 UTC. 23:30 UTC on 28 March is 00:30 in Rome
    # on the 29th: in. 22:30 UTC on 29 March is 00:30 CEST on the 30th: out.
    day = Period(date(2026, 3, 29), date(2026, 3, 29))
    start, end = day.utc_bounds()
    assert end - start == timedelta(hours=23)
    needs = [need(1, posted=datetime(2026, 3, 28, 23, 30, tzinfo=UTC)),
             need(2, posted=datetime(2026, 3, 29, 22, 30, tzinfo=UTC)),
             need(3, posted=datetime(2026, 3, 28, 22, 59, tzinfo=UTC))]
    assert figures(needs, period=day).posted == 1


# --- people, help, tables, growth --------------------------------------------------------------


def test_people_by_actor_type_with_the_unknown() -> None:
    result = people_figures({"citizen": 5, "npo": 1, None: 2}, new=3, active=4)
    assert result.by_actor_type == {"citizen": 5, "npo": 1, "company": 0, "institution": 0,
                                    "unknown": 2}
    assert result.total == 8


def test_help_totals_and_the_share_delivered() -> None:
    lines = [HelpLine("hours", "food", D("10"), D("4")),
             HelpLine("skill_hours", "work", D("6"), D("6")),
             HelpLine("eur", "food", D("100"), D("50")),
             HelpLine("kg", "food", D("30"), D("12")), HelpLine("kg", "health", D("5"), D("0"))]
    # three standing pledges: delivered 1/2, 1/1, 0/1 of each -> (0.5 + 1 + 0) / 3 = 0.5
    result = help_figures(lines, givers={"citizen": 2, "company": 1}, erased_pledges=2,
                          delivered_fraction_sum=D("1.5"), pledges=3)
    assert (result.hours_pledged, result.hours_delivered) == (D(16), D(10))   # 10+6, 4+6
    assert (result.skill_hours_pledged, result.skill_hours_delivered) == (D(6), D(6))
    assert (result.money_pledged, result.money_delivered) == (D(100), D(50))
    assert [(g.unit, g.pledged, g.delivered) for g in result.goods] == [("kg", D(35), D(12))]
    assert result.delivered_share == pytest.approx(0.5)
    # the pledges of erased members are counted under "unknown", one giver each
    assert result.givers_by_actor_type == {"citizen": 2, "npo": 0, "company": 1,
                                           "institution": 0, "unknown": 2}


def test_no_pledge_no_share() -> None:
    result = help_figures([], givers={}, erased_pledges=0, delivered_fraction_sum=0, pledges=0)
    assert result.delivered_share is None
    assert "unknown" not in result.givers_by_actor_type


def test_attendance_from_the_minutes_else_the_yes_answers() -> None:
    # minutes say 12; the other table has no minutes: its 7 "yes" count -> 19, mixed
    tables = [TableCounts(12, 9, 3, True), TableCounts(None, 7, 0, False)]
    result = table_figures(tables, decisions_to_needs=2)
    assert (result.held, result.attendance, result.attendance_source) == (2, 19, "mixed")
    assert (result.with_minutes, result.decisions, result.decisions_to_needs) == (1, 3, 2)
    assert table_figures([], decisions_to_needs=0).attendance_source == "none"
    assert table_figures([TableCounts(None, 4, 0, False)],
                         decisions_to_needs=0).attendance_source == "rsvp"


def test_competence_change_among_retakers() -> None:
    # listening: (3.5 − 2.0) and (2.5 − 3.0) -> (1.5 − 0.5) / 2 = 0.5; empathy: 4 − 1 = 3
    result = competence_changes([RetakeScores("listening", 2.0, 3.5),
                                 RetakeScores("listening", 3.0, 2.5),
                                 RetakeScores("empathy", 1.0, 4.0)])
    assert [(c.competence, c.people) for c in result] == [("empathy", 1), ("listening", 2)]
    assert [c.mean_change for c in result] == pytest.approx([3.0, 0.5])


# --- social value ----------------------------------------------------------------------------


METHOD = ValueMethod(rates=(HourRate("health", D("20")),), default_rate=D("15"),
                     skill_rate=D("40"), source="indicative", year=2026)


def test_social_value_by_replacement_cost() -> None:
    lines = [HelpLine("hours", "health", D("10"), D("4")),     # 4 h × 20 € = 80
             HelpLine("hours", "food", D("3"), D("2.5")),      # 2.5 h × 15 € (default) = 37.50
             HelpLine("skill_hours", "work", D("6"), D("3")),  # 3 h × 40 € = 120
             HelpLine("eur", "food", D("100"), D("50")),        # 50 € as it is
             HelpLine("kg", "food", D("30"), D("12"), goods_value=D("24"),
                      needs_without_value=1)]                   # 12 kg declared at 2 €/kg
    value = social_value(lines, METHOD)
    assert (value.hours_value, value.skills_value, value.money, value.goods_value) == (
        D("117.50"), D("120.00"), D("50.00"), D("24.00"))
    assert value.total == D("311.50")   # 117.50 + 120 + 50 + 24
    assert value.goods_without_value == 1
    assert value.method is METHOD


def test_social_value_of_nothing_is_zero() -> None:
    assert social_value([], METHOD).total == 0


def test_change_from_the_previous_period() -> None:
    assert change(15, 10) == pytest.approx(0.5)   # 15 / 10 − 1
    assert change(5, 0) is None
    assert change(None, 3) is None
