"""Stories' plain rules: what a story's parts may be, which links are kept, and which of a
region's stories each group's weekly digest carries (not its own team's). No aiogram, no SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

MAX_TITLE = 120
MAX_TEXT = 1000
MAX_LINK = 300
MAX_REASON = 300
#: A page of /stories.
PAGE = 5
#: The stories one digest lists; the rest are counted and pointed to /stories.
DIGEST_MAX = 8


def clean_text(text: str | None, limit: int) -> str | None:
    """The typed text trimmed, if it is some and fits `limit`; None if not."""
    if text is None:
        return None
    cleaned = text.strip()
    return cleaned if 1 <= len(cleaned) <= limit else None


def clean_link(text: str | None) -> str | None:
    """An http(s) address with a host and no spaces, up to ``MAX_LINK``; None otherwise."""
    if text is None:
        return None
    link = text.strip()
    if not link or len(link) > MAX_LINK or any(c.isspace() for c in link):
        return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname \
            or "." not in parts.hostname:
        return None
    return link


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a story or a group stands: its team and the team's region."""

    team_id: int
    region_code: str


P = TypeVar("P", bound=Placed)


def for_group(group: Placed, stories_by_region: Mapping[str, Sequence[P]]) -> list[P]:
    """The region's stories a group's digest carries: every team's but its own."""
    return [s for s in stories_by_region.get(group.region_code, ())
            if s.team_id != group.team_id]


def by_region(stories: Iterable[P]) -> dict[str, list[P]]:
    found: dict[str, list[P]] = defaultdict(list)
    for story in stories:
        found[story.region_code].append(story)
    return dict(found)
