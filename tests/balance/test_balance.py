"""The balance of help, checked against figures worked out by hand (each in its comment).

Places: Milano F205 (P-MI, R-03), Sesto San Giovanni I690 (P-MI), Monza F704 (P-MB, R-03),
Roma H501 (P-RM, R-12)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from bot.services.balance import cap_since
from domain.balance import (
    NeedFacts,
    area_balance,
    coverage,
    coverage_index,
    days_waiting,
    fulfilment,
    gini,
    in_territory,
    need_balance,
    over_covered,
    team_spread,
    territory_balance,
    time_to_coverage,
    time_to_first_pledge,
    unanswered,
)
from domain.matching import (
    MemberFacts,
    MemberMatch,
    PledgeFacts,
    Redirect,
    match_members,
    nearness,
    nudge_allowed,
    skill_phrases,
    surplus_redirects,
    title_similarity,
)
from domain.needs import NeedStatus

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
MILANO = ("F205", "P-MI", "R-03")
SESTO = ("I690", "P-MI", "R-03")
MONZA = ("F704", "P-MB", "R-03")
ROMA = ("H501", "P-RM", "R-12")
_ids = itertools.count(1)


def need(pledged: float | int | str = 0, target: int = 10, *, delivered: int = 0,
         status: NeedStatus | None = None, id: int | None = None, title: str = "Spesa",
         category: str = "food", unit: str = "parcels", chain: tuple[str, ...] = MILANO,
         team: int | None = 1, posted: datetime = NOW - timedelta(days=1),
         skill: str | None = None) -> NeedFacts:
    p = Decimal(str(pledged))
    return NeedFacts(
        id=next(_ids) if id is None else id, title=title, category=category, unit=unit,
        target=Decimal(target), pledged=p, delivered=Decimal(delivered),
        status=status or ("covered" if p >= target else "open"), posted_at=posted,
        territory_chain=chain, team_id=team, skill=skill)


# --- per need ----------------------------------------------------------------------------------


def test_coverage_and_fulfilment_are_not_capped() -> None:
    assert coverage(30, 20) == 1.5      # served half as much again: the balance must see it
    assert fulfilment(10, 20) == 0.5
    assert coverage(Decimal("2.5"), 10) == 0.25
    with pytest.raises(ValueError):
        coverage(1, 0)


def test_waiting_times() -> None:
    posted = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    # 1 March 10:00 -> 10 March 12:00 = 9 days 2 hours -> 9 whole days.
    assert days_waiting(posted, now=NOW) == 9
    # Covered on 4 March 9:00: it waited 2 days 23 hours -> 2, however late it is now.
    assert days_waiting(posted, now=NOW, covered_at=datetime(2026, 3, 4, 9, 0, tzinfo=UTC)) == 2
    assert days_waiting(NOW + timedelta(minutes=1), now=NOW) == 0  # a clock a little behind
    assert time_to_first_pledge(posted, datetime(2026, 3, 1, 16, 0, tzinfo=UTC)) == timedelta(hours=6)
    assert time_to_first_pledge(posted, None) is None
    assert time_to_coverage(posted, None) is None
    assert time_to_coverage(posted, datetime(2026, 3, 3, 10, 0, tzinfo=UTC)) == timedelta(days=2)


def test_need_balance_gathers_the_figures() -> None:
    n = replace(need(15, 20, delivered=5, id=7, posted=datetime(2026, 3, 8, 12, tzinfo=UTC)),
                first_pledge_at=datetime(2026, 3, 8, 13, tzinfo=UTC))
    figures = need_balance(n, now=NOW)
    assert (figures.need_id, figures.coverage, figures.fulfilment, figures.days_waiting) == (
        7, 0.75, 0.25, 2)
    assert figures.time_to_first_pledge == timedelta(hours=1)
    assert figures.time_to_coverage is None


# --- Gini -----------------------------------------------------------------------------------------


def gini_by_definition(xs: list[float]) -> float:
    """Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ), literally."""
    n, mean = len(xs), sum(xs) / len(xs)
    return sum(abs(a - b) for a in xs for b in xs) / (2 * n * n * mean)


@pytest.mark.parametrize(("values", "expected"), [
    ([0, 0, 0, 1], 0.75),          # 6 pairs differ by 1: 6 / (2·16·0.25) = 0.75
    ([1, 3], 0.25),                # 2 pairs differ by 2: 4 / (2·4·2) = 0.25
    ([0.5, 0.5, 2.0], 1 / 3),      # 4 pairs differ by 1.5: 6 / (2·9·1) = 1/3
    ([1, 1, 1, 1], 0.0),           # all equally covered
    ([0.4, 0.4, 0.4], 0.0),
    ([5], 0.0),
    ([0, 0], 0.0),                 # all uncovered: equal, and the index says how badly
])
def test_gini_by_hand(values: list[float], expected: float) -> None:
    assert gini(values) == pytest.approx(expected)


def test_gini_of_nothing_is_undefined() -> None:
    assert gini([]) is None


def test_the_fast_formula_is_the_definition() -> None:
    values = [0.2, 1.1, 0.0, 0.7, 3.0, 0.7]
    assert gini(values) == pytest.approx(gini_by_definition(values))


def test_gini_grows_as_help_gathers_on_fewer_needs() -> None:
    spread_out, concentrated = gini([0.5, 0.5, 0.5, 0.5]), gini([2, 0, 0, 0])
    assert spread_out == 0.0 and concentrated == pytest.approx(0.75)  # the maximum (n-1)/n


def test_gini_refuses_negative_values() -> None:
    with pytest.raises(ValueError):
        gini([1, -1])


# --- coverage index, unanswered, spread ---------------------------------------------------------


def test_the_coverage_index_caps_each_need_at_one() -> None:
    # Coverages 3.0, 0, 0: capped mean (1 + 0 + 0) / 3 = 1/3 (uncapped it would read 1.0).
    assert coverage_index([need(30), need(0), need(0)]) == pytest.approx(1 / 3)
    # 0.5 and 0.25 and 1.2 -> (0.5 + 0.25 + 1) / 3 = 0.5833…
    assert coverage_index([need(5), need("2.5"), need(12)]) == pytest.approx(1.75 / 3)


def test_the_coverage_index_counts_live_needs_only() -> None:
    history = [need(10, delivered=10, status="fulfilled"), need(0, status="closed"),
               need(0, status="expired")]
    assert coverage_index([need(5), *history]) == 0.5
    assert coverage_index(history) is None      # nothing asked today: neither 0 nor 1
    assert coverage_index([]) is None


def test_unanswered_needs_after_n_days() -> None:
    three_days = need(0, id=1, posted=NOW - timedelta(days=3))              # exactly 3 days
    older = need(0, id=2, posted=NOW - timedelta(days=9))
    recent = need(0, id=3, posted=NOW - timedelta(days=2, hours=23))
    answered = need(1, id=4, posted=NOW - timedelta(days=9))
    closed = need(0, id=5, status="closed", posted=NOW - timedelta(days=9))
    found = unanswered([three_days, older, recent, answered, closed], now=NOW, days=3)
    assert [n.id for n in found] == [2, 1]                                  # oldest first
    with pytest.raises(ValueError):
        unanswered([], now=NOW, days=-1)


def test_over_covered_is_beyond_the_margin() -> None:
    assert not over_covered(need(11), 0.1)          # 1.1 is within 1 + 10 %
    assert over_covered(need(12), 0.1)
    assert over_covered(need(11), 0)


def test_area_balance_of_a_team() -> None:
    needs = [need(0, id=1, posted=NOW - timedelta(days=10)), need(5, id=2), need(10, id=3),
             need(15, id=4), need(10, delivered=10, status="fulfilled", id=5)]
    area = area_balance(needs, now=NOW, unanswered_after_days=7, margin=Decimal("0.1"))
    assert area.live == 4
    assert area.coverage_index == pytest.approx((0 + 0.5 + 1 + 1) / 4)
    # Coverages 0, 0.5, 1, 1.5: Σ|xi−xj| = 2·(0.5+1+1.5+0.5+1+0.5) = 10; 10 / (2·16·0.75)
    assert area.spread == pytest.approx(10 / 24)
    assert area.unanswered == (1,)
    assert area.over_covered == (4,)
    assert [b.need_id for b in area.needs] == [1, 2, 3, 4]   # least covered first


def test_area_balance_of_no_needs() -> None:
    area = area_balance([], now=NOW, unanswered_after_days=7, margin=0.1)
    assert (area.live, area.coverage_index, area.spread, area.unanswered, area.needs) == (
        0, None, None, (), ())


def test_equal_coverage_everywhere_is_no_spread() -> None:
    area = area_balance([need(5), need(5), need(10, target=20)], now=NOW,
                        unanswered_after_days=7, margin=0.1)
    assert area.spread == 0.0


def test_spread_across_teams() -> None:
    # Team 1 index 1.0, team 2 index 0.0: Gini of [1, 0] = 2 / (2·4·0.5) = 0.5.
    # Team 3 has only a closed need and team None is no team: both left out.
    needs = [need(10, team=1), need(12, team=1), need(0, team=2), need(0, team=2),
             need(0, team=3, status="closed"), need(0, team=None)]
    assert team_spread(needs) == pytest.approx(0.5)
    assert team_spread([need(5, team=1), need(5, team=2)]) == 0.0
    assert team_spread([]) is None


def test_territory_balance_of_a_province() -> None:
    needs = [need(10, team=1, chain=MILANO), need(0, team=2, chain=SESTO),
             need(0, team=3, chain=MONZA), need(3, team=4, chain=ROMA)]
    milano_province = in_territory(needs, "P-MI")
    assert len(milano_province) == 2 and len(in_territory(needs, "R-03")) == 3
    balance = territory_balance(milano_province, now=NOW, unanswered_after_days=7, margin=0.1)
    assert balance.area.coverage_index == 0.5
    assert set(balance.teams) == {1, 2}
    assert balance.teams[1].coverage_index == 1.0 and balance.teams[2].coverage_index == 0.0
    assert balance.team_spread == pytest.approx(0.5)


# --- nearness, nudge cap, titles ----------------------------------------------------------------


def test_nearness_is_the_nearest_shared_level() -> None:
    assert nearness(MILANO, MILANO) == "comune"
    assert nearness(SESTO, MILANO) == "province"
    assert nearness(MILANO, ("P-MI", "R-03")) == "province"   # a province-wide need
    assert nearness(MONZA, MILANO) == "region"
    assert nearness(ROMA, MILANO) is None
    assert nearness((), MILANO) is None                       # no home territory set


def test_the_nudge_cap() -> None:
    assert nudge_allowed(None, today=TODAY, cap_days=7)
    assert not nudge_allowed(TODAY - timedelta(days=6), today=TODAY, cap_days=7)
    assert nudge_allowed(TODAY - timedelta(days=7), today=TODAY, cap_days=7)
    assert not nudge_allowed(TODAY - timedelta(days=7), today=TODAY, cap_days=14)
    assert not nudge_allowed(NOW - timedelta(days=1), today=TODAY, cap_days=7)  # a datetime too


def test_title_similarity() -> None:
    # {coperte, dormitorio} and {pasti, dormitorio}: 1 + 1 matched of 4 words -> 0.5
    assert title_similarity("Coperte per il dormitorio", "Pasti per il dormitorio") == 0.5
    assert title_similarity("Spesa per famiglie", "spesa per FAMIGLIE") == 1.0
    assert title_similarity("Compagnia agli anziani", "Riparare biciclette") == 0.0
    assert title_similarity("Visite mediche", "Visita medica") == 1.0   # stems


# --- whom to offer an uncovered need to ---------------------------------------------------------

VISITS = need(2, 20, id=50, category="health", unit="hours",
              title="Accompagnare anziani alle visite mediche")
NURSE = MemberFacts(id=1, territory_chain=MILANO, skills="infermiere", availability="week")


def ranked(need_: NeedFacts, members: list[MemberFacts], **kwargs: object) -> list[MemberMatch]:
    options = {"today": TODAY, "last_nudged": {}, **kwargs}
    return match_members(need_, members, **options)  # type: ignore[arg-type]


def test_members_ranked_by_place_then_skill() -> None:
    members = [
        MemberFacts(2, MONZA, "infermiere", "week"),                          # region
        MemberFacts(3, SESTO, "Medico di base; primo soccorso", "oncall"),   # province
        MemberFacts(4, MILANO, "accompagnamento, guida auto", "weekends"),   # comune
        MemberFacts(5, MILANO, "Infermere", "month"),                        # comune, a typo
        MemberFacts(6, MILANO, "cucina", "week"),                            # no skill matches
        MemberFacts(7, ROMA, "medico", "week"),                              # too far
    ]
    matches = ranked(VISITS, members)
    assert [m.member_id for m in matches] == [5, 4, 3, 2]
    by_id = {m.member_id: m for m in matches}
    # "infermere" ~ "infermiere": ratio 2·9/19 = 94.74 -> 0.9474
    assert by_id[5].score == pytest.approx(0.9474) and by_id[5].place_level == "comune"
    # "accompagnamento" shares the stem "accompagna" with the title's "accompagnare": 0.9
    assert by_id[4].score == pytest.approx(0.9)
    assert by_id[4].matched_skills == ("accompagnamento",)
    # medico, primo, soccorso: 1.0 each (keywords "medico", "primo soccorso"); "base": none.
    # "medico" also stems to "mediche", "medical", "medicines" but counts once.
    assert by_id[3].score == pytest.approx(3.0)
    assert by_id[3].matched_skills == ("Medico di base", "primo soccorso")
    assert by_id[2].place_level == "region"


def test_a_member_who_otherwise_matches() -> None:
    assert [m.member_id for m in ranked(VISITS, [NURSE])] == [1]


@pytest.mark.parametrize(("member", "options"), [
    (replace(NURSE, availability=None), {}),
    (replace(NURSE, availability=""), {}),
    (replace(NURSE, skills=None), {}),
    (replace(NURSE, nudges_off=True), {}),
    (NURSE, {"last_nudged": {1: TODAY - timedelta(days=6)}}),
    (NURSE, {"last_nudged": {1: TODAY - timedelta(days=7)}, "cap_days": 14}),
    (NURSE, {"already_pledged": {1}}),
    (replace(NURSE, territory_chain=ROMA), {}),
])
def test_each_reason_leaves_a_member_out(member: MemberFacts, options: dict[str, object]) -> None:
    assert ranked(VISITS, [member], **options) == []


def test_a_week_after_the_last_nudge_the_member_may_be_asked_again() -> None:
    assert len(ranked(VISITS, [NURSE], last_nudged={1: TODAY - timedelta(days=7)})) == 1


def test_category_keywords_match_in_either_language() -> None:
    errands = need(0, 10, category="mobility", unit="hours", title="Spesa a domicilio")
    members = [MemberFacts(1, MILANO, "autista", "week"), MemberFacts(2, MILANO, "driver", "week"),
               MemberFacts(3, MILANO, "giardinaggio", "week")]
    assert [m.member_id for m in ranked(errands, members)] == [1, 2]


def test_a_pro_bono_need_matches_its_named_skill() -> None:
    legal = need(0, 10, category="housing", unit="skill_hours", title="Aiuto contro gli sfratti",
                 skill="consulenza legale")
    lawyer = MemberFacts(1, MILANO, "consulente legale", "month")
    matches = ranked(legal, [lawyer])
    # consulente ~ consulenza (stem, 0.9) + legale (1.0)
    assert len(matches) == 1 and matches[0].score == pytest.approx(1.9)


def test_the_limit_keeps_the_best() -> None:
    members = [MemberFacts(i, MILANO if i == 9 else MONZA, "infermiere", "week")
               for i in range(1, 10)]
    assert [m.member_id for m in ranked(VISITS, members, limit=2)] == [9, 1]


# --- where to point surplus ----------------------------------------------------------------------


def redirect_world() -> list[NeedFacts]:
    return [
        need(15, 10, id=1, title="Pacchi spesa per famiglie"),               # 1.5: over-covered
        need(5, 20, id=2, title="Pasti caldi alla mensa", unit="items", chain=SESTO),
        need(0, 10, id=3, category="health", title="Pacchi spesa per famiglie anziane"),
        need(0, 500, id=4, unit="eur", title="Raccolta fondi"),               # money: no
        need(0, 10, id=5, chain=ROMA),                                        # far: no
        need(0, 10, id=6, status="closed"),                                   # closed: no
        need(10, 10, id=7),                                                   # covered: no
        need(9, 10, id=8, title="Latte per neonati"),                         # 0.9, Milano
    ]


MEMBERS = {i: MemberFacts(i, MILANO, None, None) for i in range(100, 106)}


def redirects(needs: list[NeedFacts], pledges: list[PledgeFacts], *, margin: float = 0.1,
              members: dict[int, MemberFacts] = MEMBERS,
              last_nudged: dict[int, date] | None = None) -> list[Redirect]:
    return surplus_redirects(needs, pledges, members, margin=margin, today=TODAY,
                             last_nudged=last_nudged or {})


def test_pledgers_of_an_over_covered_need_are_pointed_at_similar_needs_nearby() -> None:
    pledges = [PledgeFacts(100, 1, 5),
               PledgeFacts(101, 1, 5), PledgeFacts(101, 8, 1),  # already helps need 8
               PledgeFacts(102, 2, 5)]                          # need 2 is not over-covered
    assert redirects(redirect_world(), pledges) == [
        # same category in the same comune beats the same category in the province
        Redirect(100, 1, 8, same_category=True, title_similarity=0.0, place_level="comune"),
        Redirect(101, 1, 2, same_category=True, title_similarity=0.0, place_level="province"),
    ]


def test_a_similar_title_in_another_category_comes_after_the_same_category() -> None:
    world = [n for n in redirect_world() if n.id not in (2, 8)]
    # {pacchi, spesa, famiglie} and {pacchi, spesa, famiglie, anziane}: (3 + 3) / 7 = 0.8571
    assert redirects(world, [PledgeFacts(100, 1, 5)]) == [
        Redirect(100, 1, 3, same_category=False, title_similarity=0.8571, place_level="comune")]
    unlike = [replace(n, title="Riparare biciclette") if n.id == 3 else n for n in world]
    assert redirects(unlike, [PledgeFacts(100, 1, 5)]) == []


def test_within_the_margin_there_is_no_surplus() -> None:
    world = [replace(n, pledged=Decimal(11)) if n.id == 1 else n for n in redirect_world()]
    assert redirects(world, [PledgeFacts(100, 1, 5)]) == []
    assert [r.to_need_id for r in redirects(world, [PledgeFacts(100, 1, 5)], margin=0)] == [8]


def test_surplus_nudges_respect_the_member() -> None:
    pledges = [PledgeFacts(m, 1, 1) for m in (103, 104, 105, 999)]
    members = {**MEMBERS, 103: replace(MEMBERS[103], nudges_off=True)}
    assert redirects(redirect_world(), pledges, members=members,
                     last_nudged={104: TODAY - timedelta(days=2)}) == [
        Redirect(105, 1, 8, same_category=True, title_similarity=0.0, place_level="comune")]
    # 103 turned nudges off, 104 was nudged two days ago, 999 was erased: none is asked.


def test_no_needs_no_redirects() -> None:
    assert redirects([], []) == []


# --- what the nudge sweep added: a redirect offered once is not repeated, skills split once
# (cached), and the weekly cap read in days in the query as in the domain -----------------------


def test_a_redirect_already_offered_gives_way_to_the_next_best() -> None:
    pledges = [PledgeFacts(100, 1, 5)]
    # Need 1 (15/10) is over-covered; its best candidate for member 100 is need 8 (same
    # category, same comune: Latte per neonati 9/10), then need 2 (same category, province).
    first = surplus_redirects(redirect_world(), pledges, MEMBERS, margin=0.1, today=TODAY,
                              last_nudged={})
    assert first == [Redirect(100, 1, 8, True, 0.0, "comune")]
    again = surplus_redirects(redirect_world(), pledges, MEMBERS, margin=0.1, today=TODAY,
                              last_nudged={}, already_offered={(100, 8)})
    assert again == [Redirect(100, 1, 2, True, 0.0, "province")]
    # Offered to someone else does not count for member 100.
    other = surplus_redirects(redirect_world(), pledges, MEMBERS, margin=0.1, today=TODAY,
                              last_nudged={}, already_offered={(101, 8)})
    assert other == first
    # Both offered already: need 3, another category but a similar title (0.8571), is next;
    # once that is offered too, nothing is left to point at.
    offered = {(100, 8), (100, 2)}
    assert surplus_redirects(redirect_world(), pledges, MEMBERS, margin=0.1, today=TODAY,
                             last_nudged={}, already_offered=offered) == [
        Redirect(100, 1, 3, False, 0.8571, "comune")]
    assert surplus_redirects(redirect_world(), pledges, MEMBERS, margin=0.1, today=TODAY,
                             last_nudged={}, already_offered=offered | {(100, 3)}) == []


def test_skill_phrases_split_and_normalise() -> None:
    assert skill_phrases("Guida auto, primo soccorso; Cucina") == (
        ("Guida auto", ("guida", "auto")), ("primo soccorso", ("primo", "soccorso")),
        ("Cucina", ("cucina",)))
    assert skill_phrases(" , ") == ()


def test_the_cap_in_the_query_reads_days_as_nudge_allowed_does() -> None:
    now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    since = cap_since(now, 7)
    # Nudged on 20 November (any hour): 6 days ago, still held back; on 19 November: free.
    assert since == datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
    assert not nudge_allowed(date(2026, 11, 20), today=now.date(), cap_days=7)
    assert nudge_allowed(date(2026, 11, 19), today=now.date(), cap_days=7)
    assert cap_since(now, 1) == datetime(2026, 11, 26, 0, 0, tzinfo=UTC)  # once a day
