"""The stories' plain rules: texts and links kept or refused, and which stories a group's
digest carries."""

from __future__ import annotations

import pytest

from domain.stories import MAX_TITLE, Placed, by_region, clean_link, clean_text, for_group


@pytest.mark.parametrize(("typed", "kept"), [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("  http://comune.milano.it  ", "http://comune.milano.it"),
    ("HTTPS://Example.org", "HTTPS://Example.org"),
    ("ftp://example.org", None), ("javascript:alert(1)", None), ("example.org", None),
    ("https://localhost", None), ("https://exa mple.org", None), ("https://", None),
    ("https://example.org/" + "a" * 300, None), ("", None), (None, None),
])
def test_links(typed: str | None, kept: str | None) -> None:
    assert clean_link(typed) == kept


def test_texts() -> None:
    assert clean_text("  Orti  ", MAX_TITLE) == "Orti"
    assert clean_text("   ", MAX_TITLE) is None
    assert clean_text("x" * (MAX_TITLE + 1), MAX_TITLE) is None
    assert clean_text("x" * MAX_TITLE, MAX_TITLE) == "x" * MAX_TITLE


def test_a_group_gets_its_regions_stories_but_its_own_teams() -> None:
    stories = [Placed(1, "R-03"), Placed(2, "R-03"), Placed(2, "R-03"), Placed(3, "R-12")]
    regions = by_region(stories)
    assert for_group(Placed(1, "R-03"), regions) == [Placed(2, "R-03"), Placed(2, "R-03")]
    assert for_group(Placed(2, "R-03"), regions) == [Placed(1, "R-03")]
    assert for_group(Placed(3, "R-12"), regions) == []
    assert for_group(Placed(9, "R-20"), regions) == []
