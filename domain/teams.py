"""Which team serves a place: the nearest level of the territorial hierarchy that has one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")


def nearest_teams(chain: Sequence[str], teams_by_territory: Mapping[str, Sequence[T]]
                  ) -> tuple[str | None, list[T]]:
    """`chain` is the place and its ancestors, nearest first (comune, province, region).

    Returns the first code in the chain that has teams, and those teams; (None, []) when no
    level has one. A comune team wins over the province's, which wins over the region's.
    """
    for code in chain:
        teams = teams_by_territory.get(code)
        if teams:
            return code, list(teams)
    return None, []
