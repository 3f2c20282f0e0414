"""How a monthly table's rule is said: Italian agrees the ordinal with the weekday ("ogni primo
giovedì", but "ogni prima domenica": Sunday is the only feminine weekday); English too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.i18n import speak
from bot.ui.texts import tables as texts

CASES = [
    # (UTC moment, Italian, English)
    (datetime(2026, 12, 6, 17, tzinfo=UTC), "ogni prima domenica del mese",
     "every first Sunday of the month"),
    (datetime(2026, 12, 13, 17, tzinfo=UTC), "ogni seconda domenica del mese",
     "every second Sunday of the month"),
    (datetime(2026, 12, 20, 17, tzinfo=UTC), "ogni terza domenica del mese",
     "every third Sunday of the month"),
    (datetime(2026, 12, 27, 17, tzinfo=UTC), "ogni quarta domenica del mese",
     "every fourth Sunday of the month"),
    (datetime(2026, 11, 29, 17, tzinfo=UTC), "ogni ultima domenica del mese",
     "every last Sunday of the month"),
    (datetime(2026, 12, 3, 17, tzinfo=UTC), "ogni primo giovedì del mese",
     "every first Thursday of the month"),
    (datetime(2026, 12, 26, 17, tzinfo=UTC), "ogni quarto sabato del mese",
     "every fourth Saturday of the month"),
    (datetime(2026, 12, 31, 17, tzinfo=UTC), "ogni ultimo giovedì del mese",
     "every last Thursday of the month"),
    # 23:30 UTC on Saturday is already Sunday in Rome
    (datetime(2026, 12, 5, 23, 30, tzinfo=UTC), "ogni prima domenica del mese",
     "every first Sunday of the month"),
]


@pytest.mark.parametrize(("moment", "italian", "english"), CASES)
def test_monthly_rule_in_both_languages(moment: datetime, italian: str, english: str) -> None:
    with speak("it"):
        assert texts.recurrence_text("monthly", moment) == italian
    with speak("en"):
        assert texts.recurrence_text("monthly", moment) == english


def test_weekly_and_once_are_unchanged_for_sunday() -> None:
    sunday = datetime(2026, 12, 6, 17, tzinfo=UTC)
    with speak("it"):
        assert texts.recurrence_text("weekly", sunday) == "ogni settimana, di domenica"
    with speak("en"):
        assert texts.recurrence_text("weekly", sunday) == "every week, on Sunday"
        assert texts.recurrence_text("none", sunday) == "only once"
