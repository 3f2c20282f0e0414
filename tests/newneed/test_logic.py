"""The pure rules of the need steps: what is asked next, and how answers are read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.flows.needs.newneed import logic
from bot.flows.needs.newneed.drafts import quantity_text
from domain.needs import MAX_UNIT_VALUE, ParseError, parse_unit_value

TODAY = date(2026, 11, 26)


def draft(**values: object) -> dict[str, object]:
    return {**logic.empty_draft(), **values}


def test_a_new_unit_asks_the_quantity_again_unless_it_stays() -> None:
    assert logic.after_unit("kg", draft(unit="eur", quantity="200"), []) == ["quantity"]
    assert logic.after_unit("kg", draft(unit="kg", quantity="200"), []) == []
    assert logic.after_unit("parcels", draft(unit="parcels", quantity="2.5"), []) == ["quantity"]
    assert logic.after_unit("skill_hours", draft(), ["urgency"]) == ["skill", "urgency"]
    assert logic.after_unit("free", draft(), []) == ["free_unit"]
    assert logic.after_unit("hours", draft(), ["quantity", "urgency"]) == ["quantity", "urgency"]


def test_goods_in_new_needs_and_approvals_ask_their_value_after_the_quantity() -> None:
    kept = draft(unit_value="3")
    assert logic.with_unit_value("new", "kg", draft(), ["quantity", "urgency"]) == [
        "quantity", "unit_value", "urgency"]
    assert logic.with_unit_value("approve", "unit:coperte", draft(), []) == ["unit_value"]
    assert logic.with_unit_value("new", "kg", kept, ["quantity"]) == ["quantity"]
    assert kept["unit_value"] == "3"  # known already: not asked again
    assert logic.with_unit_value("propose", "kg", draft(), ["quantity"]) == ["quantity"]
    dropped = draft(unit_value="3")
    assert logic.with_unit_value("new", "hours", dropped, ["quantity", "unit_value"]) == [
        "quantity"]
    assert dropped["unit_value"] is None
    assert "unit_value" in logic.summary_fields(draft(unit="parcels"))
    assert "unit_value" not in logic.summary_fields(draft(unit="eur"))
    assert "unit_value" not in logic.managed_fields("skill_hours")


def test_a_unit_value_is_read_in_euro() -> None:
    for typed, value in (("5", "5"), ("2,50", "2.50"), ("€ 5", "5"), ("5 euro", "5"),
                         ("5€", "5"), ("EUR 3.5", "3.5"), ("100000", "100000")):
        assert parse_unit_value(typed) == Decimal(value), typed
    assert parse_unit_value("100001") == ParseError("too_large", "100001", MAX_UNIT_VALUE)
    assert parse_unit_value("0") == ParseError("not_positive", "0")
    assert parse_unit_value("1.500") == ParseError("ambiguous_quantity", "1.500")
    assert parse_unit_value("cheap") == ParseError("bad_quantity", "cheap")
    assert parse_unit_value("euro") == ParseError("no_quantity")


def test_answers_are_read_like_the_one_line() -> None:
    assert logic.read_deadline("entro 15/12", today=TODAY) == date(2026, 12, 15)
    assert logic.read_deadline("by the 3/1", today=TODAY) == date(2027, 1, 3)
    assert logic.read_deadline("domani", today=TODAY) == date(2026, 11, 27)  # as /newtable reads it
    assert logic.read_deadline("presto", today=TODAY) == ParseError("bad_deadline", "presto")
    assert logic.clean_title("  spesa   per tre famiglie ") == "Spesa per tre famiglie"
    assert isinstance(logic.clean_title("ok"), ParseError)
    assert logic.clean_line("x", 120) is None and logic.clean_line(" Croce  Rossa ", 120) == \
        "Croce Rossa"


def test_what_a_proposal_lacks_and_pages() -> None:
    assert logic.missing_for_approval(draft()) == ["unit", "quantity"]
    assert logic.missing_for_approval(draft(unit="kg")) == ["quantity", "unit_value"]
    assert logic.missing_for_approval(draft(unit="hours")) == ["quantity"]
    assert logic.missing_for_approval(draft(unit="kg", quantity="3")) == []
    assert [logic.page_count(n, 5) for n in (0, 5, 6, 11)] == [1, 1, 2, 3]
    assert [quantity_text(Decimal(v)) for v in ("20.00", "2.50", "1000")] == ["20", "2.5",
                                                                            "1000"]
