"""The unit's word after a quantity, shared by posting a need and the balance: plurals by
language, and a unit the designer typed is escaped before it goes into HTML."""

from __future__ import annotations

from decimal import Decimal

from bot.i18n import speak
from bot.ui.texts import balance as balance_texts
from bot.ui.texts.units import unit_label


def test_units_read_in_each_language() -> None:
    with speak("it"):
        assert [unit_label("hours", 1), unit_label("hours", 20), unit_label("parcels", 3)] == [
            "ora", "ore", "pacchi"]
    with speak("en"):
        assert [unit_label("hours", 1), unit_label("hours", Decimal("2.5")),
                unit_label("skill_hours", 4, "legal advice")] == [
            "hour", "hours", "hours pro bono of legal advice"]


def test_a_typed_unit_is_escaped_in_the_balance_too() -> None:
    with speak("en"):
        shown = balance_texts.amount(Decimal(2), Decimal(10), "unit:<b>boxes</b>")
    assert "&lt;b&gt;boxes&lt;/b&gt;" in shown and "<b>" not in shown
