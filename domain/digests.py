"""The weekly digests' rules: when a week's digest is released, which week it speaks of, which
needs are most in want of help, and which teams need an observer's attention.

The moment is a weekday and an hour in Europe/Rome (Monday 09:00 by default). A digest goes out
on or after that moment of the current ISO week, in daytime only (from ``DAY_FROM`` to
``DAY_UNTIL``, Rome): never at night. If nothing ran at the moment (the process was down through
Monday), the first daytime run later in the same ISO week still sends it — its figures are the
past week's and still worth reading; the next week's digest replaces it after Sunday.

Plain Python: no aiogram, no SQL; ``now`` is passed in (aware, UTC).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from domain.balance import NeedFacts, coverage
from domain.calendar import ROME
from domain.period import Period

#: Digests go out only from this hour (Rome) ...
DAY_FROM = 8
#: ... and before this one: never at night.
DAY_UNTIL = 21
#: The needs most in want of help a group's digest lists.
WANTING = 3
#: The teams an observer's digest lists as needing attention, at most.
ATTENTION = 5


def iso_week(moment: datetime) -> str:
    """The ISO week of `moment`'s day in Rome, as the digests' keys carry it: "2026-W50"."""
    year, week, _weekday = moment.astimezone(ROME).isocalendar()
    return f"{year}-W{week:02d}"


def week_moment(now: datetime, *, weekday: int = 0, hour: int = 9) -> datetime:
    """The digest's moment in `now`'s ISO week (Rome): `weekday` (0 Monday … 6 Sunday) at
    `hour`, as an aware datetime in Rome (so 09:00 Rome is 08:00 UTC in winter, 07:00 in
    summer)."""
    today = now.astimezone(ROME).date()
    day = today - timedelta(days=today.weekday()) + timedelta(days=weekday)
    return datetime.combine(day, time(hour), tzinfo=ROME)


def is_daytime(now: datetime) -> bool:
    return DAY_FROM <= now.astimezone(ROME).hour < DAY_UNTIL


def release_due(now: datetime, *, weekday: int = 0, hour: int = 9) -> bool:
    """Whether this week's digests may go out now: on or after this week's moment, in daytime."""
    return now >= week_moment(now, weekday=weekday, hour=hour) and is_daytime(now)


def past_week(now: datetime, *, weekday: int = 0, hour: int = 9) -> Period:
    """The seven Rome days before this week's moment's day (Monday to Sunday by default)."""
    day: date = week_moment(now, weekday=weekday, hour=hour).date()
    return Period(day - timedelta(days=7), day - timedelta(days=1))


def most_wanting(needs: Iterable[NeedFacts], limit: int = WANTING) -> list[NeedFacts]:
    """The open needs most in want of help: the lowest coverage first, then the oldest."""
    missing = [n for n in needs if n.status == "open" and Decimal(n.pledged) < Decimal(n.target)]
    return sorted(missing, key=lambda n: (coverage(n.pledged, n.target), n.posted_at, n.id)
                  )[:limit]


@dataclass(frozen=True, slots=True)
class TeamWeek:
    """One team as an observer's digest weighs it: its live needs' coverage index (None with
    none live), how many wait unanswered past the threshold, and whether anything happened
    in the week (a need posted, a pledge, a delivery, a table)."""

    team_id: int
    name: str
    coverage_index: float | None
    unanswered: int
    active: bool


def needing_attention(teams: Sequence[TeamWeek], *, limit: int = ATTENTION,
                      low_coverage: float = 0.5) -> list[TeamWeek]:
    """The teams an observer should look at, most pressing first: needs unanswered past the
    threshold (the most first), then a coverage index under `low_coverage` (the lowest
    first), then nothing at all in the week. At most `limit`."""
    def pressing(team: TeamWeek) -> bool:
        low = team.coverage_index is not None and team.coverage_index < low_coverage
        return team.unanswered > 0 or low or not team.active

    def order(team: TeamWeek) -> tuple[int, float, bool, int]:
        index = team.coverage_index if team.coverage_index is not None else 2.0
        return -team.unanswered, index, team.active, team.team_id

    return sorted((t for t in teams if pressing(t)), key=order)[:limit]
