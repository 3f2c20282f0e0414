"""What the nudge sweep added to the balance's rules: a redirect sent once is not repeated,
skills split once (cached), and the weekly cap read in days in the query as in the domain."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.services.balance import cap_since
from domain.matching import PledgeFacts, Redirect, nudge_allowed, skill_phrases, surplus_redirects
from tests.balance.test_balance import MEMBERS, TODAY, redirect_world


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
