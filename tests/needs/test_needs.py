"""The rules of needs: what a one-line /newneed means, how status follows the numbers, how much
may still be pledged, and how full the coverage bar is.  Each expected value is worked out by
hand in the test's name or comment."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.i18n import LANGUAGES
from domain.needs import (
    CATEGORY_LANGUAGES,
    DEFAULT_DATA_DIR,
    MAX_TITLE_LENGTH,
    PARSE_ERROR_CODES,
    Accepted,
    CategoryCatalog,
    OneLine,
    ParseError,
    Refused,
    accept_pledge,
    check_quantity,
    coverage_blocks,
    load_categories,
    parse_deadline,
    parse_one_line,
    parse_quantity,
    parse_unit,
    pledge_room,
    status_for,
    unit_info,
)
from domain.territory import normalize

TODAY = date(2026, 3, 10)  # a Tuesday; nothing here depends on the real date


def read(text: str, today: date = TODAY) -> OneLine:
    result = parse_one_line(text, today=today)
    assert isinstance(result, OneLine), f"{text!r} -> {result}"
    return result


def error(text: str, today: date = TODAY) -> ParseError:
    result = parse_one_line(text, today=today)
    assert isinstance(result, ParseError), f"{text!r} -> {result}"
    return result


# --- categories: data in both languages ---------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> CategoryCatalog:
    return load_categories()


def test_the_categories_of_the_brief_are_shipped_in_order(catalog: CategoryCatalog) -> None:
    # The eight of the brief, with the non-profits' two (issue 25) before "other".
    assert catalog.codes == ("food", "health", "loneliness", "education", "mobility", "housing",
                             "work", "fundraising", "capacity", "other")


def test_every_category_has_a_label_names_and_keywords_in_every_bot_language() -> None:
    assert set(CATEGORY_LANGUAGES) == set(LANGUAGES)
    raw = json.loads((DEFAULT_DATA_DIR / "categories.json").read_text(encoding="utf-8"))
    for item in raw["categories"]:
        for field in ("label", "names", "keywords"):
            for language in LANGUAGES:
                assert item[field].get(language), (item["code"], field, language)


def test_labels_read_as_people_expect(catalog: CategoryCatalog) -> None:
    health = catalog.get("health")
    assert health is not None
    assert health.label("it") == "Salute e cura"
    assert health.label("en") == "Health and care"
    assert health.label("fr") == "Salute e cura"  # unknown language: Italian


def test_no_word_names_two_categories(catalog: CategoryCatalog) -> None:
    """A shared word would make a #tag ambiguous and send skills to two categories."""
    owners: dict[str, set[str]] = {}
    for category in catalog.categories:
        words = {category.code, *category.labels.values(), *category.all_keywords()}
        for word in words:
            owners.setdefault(normalize(word), set()).add(category.code)
    assert {word: codes for word, codes in owners.items() if len(codes) > 1} == {}


def test_a_category_missing_a_language_stops_the_load(tmp_path: Path) -> None:
    raw = json.loads((DEFAULT_DATA_DIR / "categories.json").read_text(encoding="utf-8"))
    del raw["categories"][2]["label"]["en"]
    (tmp_path / "categories.json").write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="loneliness.*label.*en"):
        load_categories(tmp_path)


@pytest.mark.parametrize(("tag", "code"), [
    ("salute", "health"), ("Health", "health"), ("cibo", "food"), ("FOOD", "food"),
    ("food_and_essentials", "food"), ("mobilità", "mobility"), ("mobilita", "mobility"),
    ("divario-digitale", "education"), ("dormitorio", "housing"), ("work", "work"),
    ("slaute", "health"),      # transposition: one edit
    ("helth", "health"),       # a letter missing
    ("solitudne", "loneliness"),
])
def test_a_tag_names_a_category_in_either_language_typos_forgiven(
        catalog: CategoryCatalog, tag: str, code: str) -> None:
    found = catalog.find(tag)
    assert found is not None and found.code == code


@pytest.mark.parametrize("tag", ["xyz", "cas", "salutissimo", "", "dormitoro"])
def test_a_tag_that_is_no_category_is_not_guessed(catalog: CategoryCatalog, tag: str) -> None:
    # "cas": under four letters only exact names count; "dormitoro": keywords need no typo.
    assert catalog.find(tag) is None


# --- units and quantities -----------------------------------------------------------------------


@pytest.mark.parametrize(("word", "code"), [
    ("ore", "hours"), ("Ore", "hours"), ("h", "hours"), ("hours", "hours"), ("€", "eur"),
    ("Euro", "eur"), ("EUR", "eur"), ("kg", "kg"), ("chili", "kg"), ("pacchi", "parcels"),
    ("parcels", "parcels"), ("pezzi", "items"), ("items", "items"), ("coperte", "unit:coperte"),
    ("Caffè", "unit:caffe"),
])
def test_unit_words_in_italian_and_english(word: str, code: str) -> None:
    assert parse_unit(word) == code


@pytest.mark.parametrize("word", ["$", "dollari", "minuti", "days", "volontari", "per", "x1", ""])
def test_words_that_cannot_be_units(word: str) -> None:
    result = parse_unit(word)
    assert isinstance(result, ParseError) and result.code in ("bad_unit", "no_unit")


def test_what_each_unit_measures() -> None:
    assert unit_info("hours").resource == "time"
    assert unit_info("eur").resource == "money"
    assert unit_info("unit:coperte").resource == "goods"
    assert unit_info("skill_hours").resource == "skills"
    assert unit_info("parcels").whole and not unit_info("kg").whole
    with pytest.raises(ValueError):
        unit_info("litres")


@pytest.mark.parametrize(("text", "value"), [
    ("20", Decimal(20)), ("2,5", Decimal("2.5")), ("2.5", Decimal("2.5")),
    ("0,25", Decimal("0.25")), ("1.000.000", Decimal(1_000_000)),
    ("1.234,5", Decimal("1234.5")), ("1,234.5", Decimal("1234.5")),
])
def test_quantities_written_the_italian_or_the_english_way(text: str, value: Decimal) -> None:
    assert parse_quantity(text) == value


@pytest.mark.parametrize(("text", "code"), [
    ("1.500", "ambiguous_quantity"),  # thousand five hundred in Italian, 1.5 in English
    ("1,500", "ambiguous_quantity"),
    ("0", "not_positive"), ("0,0", "not_positive"), ("-3", "not_positive"),
    ("2,5555", "bad_quantity"), ("12.34.56", "bad_quantity"), ("venti", "bad_quantity"),
    ("", "no_quantity"),
])
def test_quantities_refused_with_their_reason(text: str, code: str) -> None:
    result = parse_quantity(text)
    assert isinstance(result, ParseError) and result.code == code


def test_a_quantity_must_suit_its_unit() -> None:
    assert check_quantity(Decimal("2.5"), "kg") is None
    assert check_quantity(Decimal("2.5"), "parcels") == ParseError("not_whole", value="2.5")
    assert check_quantity(10_000, "hours") is None
    assert check_quantity(10_001, "hours") == ParseError("too_large", value="10001",
                                                         limit=Decimal(10_000))


# --- the one-line /newneed ---------------------------------------------------------------------


def test_the_example_of_the_issue() -> None:
    assert read("/newneed 20 ore Accompagnare anziani alle visite mediche") == OneLine(
        quantity=Decimal(20), unit="hours", resource="time",
        title="Accompagnare anziani alle visite mediche", unit_label="ore")


def test_tag_and_deadline_anywhere_in_the_line() -> None:
    need = read("/newneed 20 ore Accompagnare anziani #salute alle visite mediche entro 15/12")
    assert need.title == "Accompagnare anziani alle visite mediche"
    assert need.category == "health"
    assert need.deadline == date(2026, 12, 15)


def test_the_same_in_english_with_the_bot_name_after_the_command() -> None:
    need = read("/newneed@CohesionBot 20 hours Walk elderly people to the doctor #health by 15/12")
    assert (need.quantity, need.unit, need.category, need.deadline) == (
        Decimal(20), "hours", "health", date(2026, 12, 15))
    assert need.title == "Walk elderly people to the doctor"


@pytest.mark.parametrize("text", ["€ 200 Spesa per tre famiglie", "€200 Spesa per tre famiglie",
                                  "200€ Spesa per tre famiglie", "200 euro Spesa per tre famiglie",
                                  "200 EUR Spesa per tre famiglie", "euro 200 Spesa per tre famiglie"])
def test_money_before_or_after_the_number(text: str) -> None:
    need = read(text)
    assert (need.quantity, need.unit, need.resource, need.title) == (
        Decimal(200), "eur", "money", "Spesa per tre famiglie")


def test_goods_with_decimals_and_the_little_word_after_the_unit_dropped() -> None:
    need = read("2,5 kg di pasta per la mensa")
    assert (need.quantity, need.unit, need.resource, need.title) == (
        Decimal("2.5"), "kg", "goods", "Pasta per la mensa")


def test_parcels_and_items_are_counted() -> None:
    assert read("12 pacchi alimentari per famiglie").unit == "parcels"
    assert read("40 pezzi Mascherine FFP2").unit == "items"
    assert error("2,5 pacchi Pane").code == "not_whole"


def test_a_free_unit_of_goods() -> None:
    need = read("30 coperte Lana per il dormitorio #casa")
    assert (need.unit, need.unit_label, need.title, need.category) == (
        "unit:coperte", "coperte", "Lana per il dormitorio", "housing")


def test_a_free_unit_followed_by_per_is_also_what_the_title_is_about() -> None:
    assert read("30 coperte per il dormitorio").title == "Coperte per il dormitorio"


def test_professional_skills_pro_bono_name_the_skill() -> None:
    italian = read("10 ore pro bono di consulenza legale: Aiuto contro gli sfratti #lavoro")
    assert (italian.unit, italian.resource, italian.skill, italian.title, italian.category) == (
        "skill_hours", "skills", "consulenza legale", "Aiuto contro gli sfratti", "work")
    english = read("10 hours pro bono (legal advice) Help against evictions")
    assert (english.unit, english.skill, english.title) == (
        "skill_hours", "legal advice", "Help against evictions")
    assert read("4 pro bono hours of accounting: Bilancio della cooperativa").skill == "accounting"


@pytest.mark.parametrize(("text", "code"), [
    ("", "empty"),
    ("/newneed", "empty"),
    ("/newneed Accompagnare anziani", "no_quantity"),
    ("/newneed venti ore Accompagnare anziani", "no_quantity"),
    ("/newneed 1.500 euro Affitto", "ambiguous_quantity"),
    ("/newneed 0 ore Accompagnare anziani", "not_positive"),
    ("/newneed -5 ore Accompagnare anziani", "not_positive"),
    ("/newneed 20000 ore Accompagnare anziani", "too_large"),
    ("/newneed 20", "no_unit"),
    ("/newneed 20 $ Spesa", "bad_unit"),
    ("/newneed 20 minuti Telefonata", "bad_unit"),
    ("/newneed 5 volontari Mensa", "bad_unit"),       # volunteers give hours
    ("/newneed 20 per la mensa", "bad_unit"),
    ("/newneed 3 kg pro bono: Pasta", "bad_unit"),    # pro bono is hours of a skill
    ("/newneed 10 ore pro bono Aiuto legale", "no_skill"),
    ("/newneed 20 ore", "no_title"),
    ("/newneed 20 ore #salute", "no_title"),
    ("/newneed 20 ore ok", "no_title"),
    ("/newneed 20 ore Spesa #xyz", "bad_category"),
    ("/newneed 20 ore Spesa #cibo #salute", "many_categories"),
    ("/newneed 20 ore Spesa entro 31/02", "bad_deadline"),
    ("/newneed 20 ore Spesa by 15/13", "bad_deadline"),
    ("/newneed 20 ore Spesa entro 15/12/2025", "past_deadline"),
    ("/newneed 20 ore Spesa entro 15/12/2099", "far_deadline"),
    ("/newneed 20 ore Spesa entro 15/12 entro 20/12", "many_deadlines"),
])
def test_every_wrong_line_gets_its_own_reason(text: str, code: str) -> None:
    assert error(text).code == code


def test_error_codes_are_all_declared_and_carry_what_to_quote() -> None:
    assert error("20 $ Spesa") == ParseError("bad_unit", value="$")
    assert error("20 ore Spesa #slte") == ParseError("bad_category", value="#slte")
    assert error("20000 ore Spesa").limit == Decimal(10_000)
    assert len(set(PARSE_ERROR_CODES)) == len(PARSE_ERROR_CODES) >= 18


def test_the_title_has_a_maximum() -> None:
    assert read("20 ore " + "a" * MAX_TITLE_LENGTH).title == "A" + "a" * (MAX_TITLE_LENGTH - 1)
    assert error("20 ore " + "a" * (MAX_TITLE_LENGTH + 1)).code == "title_too_long"


def test_entro_without_a_date_stays_in_the_title() -> None:
    assert read("20 ore Spesa entro il quartiere").title == "Spesa entro il quartiere"


# --- deadlines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("15/12", date(2026, 12, 15)),       # later this year
    ("10/03", date(2026, 3, 10)),        # today counts: on or after today
    ("9/3", date(2027, 3, 9)),           # yesterday's day: next year
    ("29/02", date(2028, 2, 29)),        # the next 29 February on or after today
    ("15-12-2027", date(2027, 12, 15)),
    ("15.12.27", date(2027, 12, 15)),
])
def test_a_day_without_a_year_is_the_next_one(text: str, expected: date) -> None:
    assert parse_deadline(text, today=TODAY) == expected


def test_a_past_full_date_is_an_error_not_next_year() -> None:
    assert parse_deadline("09/03/2026", today=TODAY) == ParseError("past_deadline",
                                                                   value="09/03/2026")
    assert parse_deadline("10/03/2026", today=TODAY) == date(2026, 3, 10)


def test_the_year_turns_over_at_new_year() -> None:
    assert read("20 ore Spesa entro 6/1", today=date(2026, 12, 20)).deadline == date(2027, 1, 6)


# --- status -------------------------------------------------------------------------------------


def status(target: int, pledged: int, delivered: int, *, closed: bool = False,
           deadline: date | None = None) -> str:
    return status_for(target, pledged, delivered, closed=closed, deadline=deadline, today=TODAY)


def test_status_follows_the_numbers() -> None:
    assert status(20, 0, 0) == "open"
    assert status(20, 19, 0) == "open"
    assert status(20, 20, 0) == "covered"
    assert status(20, 22, 10) == "covered"
    assert status(20, 22, 20) == "fulfilled"


def test_closing_and_the_deadline() -> None:
    assert status(20, 5, 0, closed=True) == "closed"
    assert status(20, 5, 0, deadline=date(2026, 3, 10)) == "open"     # the deadline day is open
    assert status(20, 5, 0, deadline=date(2026, 3, 9)) == "expired"
    assert status(20, 20, 5, deadline=date(2026, 3, 9)) == "expired"  # covered, never delivered
    assert status(20, 5, 0, closed=True, deadline=date(2026, 3, 9)) == "closed"


def test_delivered_help_is_never_undone() -> None:
    assert status(20, 20, 20, closed=True) == "fulfilled"
    assert status(20, 20, 20, deadline=date(2026, 1, 1)) == "fulfilled"


def test_a_target_of_zero_is_refused_everywhere() -> None:
    with pytest.raises(ValueError):
        status(0, 0, 0)
    with pytest.raises(ValueError):
        pledge_room(0, 0, Decimal("0.1"))
    with pytest.raises(ValueError):
        coverage_blocks(0, 0)
    assert error("0 ore Spesa").code == "not_positive"


# --- pledging room ------------------------------------------------------------------------------


def test_room_allows_the_margin_beyond_the_target() -> None:
    # target 20, 8 pledged, 10 %: 12 still open; the limit is 22, so 14 may be pledged.
    room = pledge_room(20, 8, Decimal("0.10"))
    assert (room.open_quantity, room.room, room.limit) == (Decimal(12), Decimal(14), Decimal(22))


def test_room_when_already_past_the_target() -> None:
    room = pledge_room(20, 21, 0.1)  # a float margin from settings is read as written
    assert (room.open_quantity, room.room) == (Decimal(0), Decimal(1))
    assert pledge_room(20, 25, 0.1).room == 0


def test_counted_units_round_the_limit_down() -> None:
    # 15 parcels × 1.1 = 16.5: half a parcel cannot be pledged, so the limit is 16.
    assert pledge_room(15, 15, Decimal("0.1"), whole=True).room == Decimal(1)
    assert pledge_room(15, 15, Decimal("0.1")).room == Decimal("1.5")


def test_a_negative_margin_is_a_configuration_error() -> None:
    with pytest.raises(ValueError):
        pledge_room(20, 0, -0.1)


def test_accepting_a_pledge() -> None:
    assert accept_pledge(5, 20, 8, Decimal("0.1")) == Accepted(
        quantity=Decimal(5), pledged_after=Decimal(13), open_after=Decimal(7))
    assert accept_pledge(14, 20, 8, Decimal("0.1")) == Accepted(
        quantity=Decimal(14), pledged_after=Decimal(22), open_after=Decimal(0))


def test_over_pledging_is_refused_with_the_quantity_still_open() -> None:
    assert accept_pledge(15, 20, 8, Decimal("0.1")) == Refused(
        open_quantity=Decimal(12), room=Decimal(14), reason="over_limit")
    assert accept_pledge(1, 20, 20, 0) == Refused(Decimal(0), Decimal(0), "over_limit")


def test_pledges_that_are_no_quantity() -> None:
    assert accept_pledge(0, 20, 8, 0.1) == Refused(Decimal(12), Decimal(14), "not_positive")
    assert accept_pledge(Decimal("1.5"), 20, 8, 0.1, whole=True) == Refused(
        Decimal(12), Decimal(14), "not_whole")


# --- the coverage bar ---------------------------------------------------------------------------


@pytest.mark.parametrize(("pledged", "target", "blocks"), [
    (8, 20, (2, 3)),     # 0.4 × 5 = 2: "▰▰▱▱▱ 8/20" of the issue
    (0, 20, (0, 5)),
    (1, 100, (1, 4)),    # 0.05 rounds to 0, but someone answered: one block
    (19, 20, (4, 1)),    # 4.75 rounds to 5, but it is not covered: four
    (5, 20, (1, 4)),     # 1.25 -> 1
    (6, 20, (2, 3)),     # 1.5 -> 2 (half up)
    (20, 20, (5, 0)),
    (30, 20, (5, 0)),    # over-pledged: full, not longer
])
def test_coverage_blocks(pledged: int, target: int, blocks: tuple[int, int]) -> None:
    assert coverage_blocks(pledged, target) == blocks


def test_coverage_blocks_of_other_widths() -> None:
    assert coverage_blocks(Decimal("2.5"), 10, width=10) == (3, 7)   # 2.5 half up -> 3
    assert coverage_blocks(5, 10, width=1) == (0, 1)                  # "not full" wins
    assert coverage_blocks(10, 10, width=1) == (1, 0)
    with pytest.raises(ValueError):
        coverage_blocks(1, 10, width=0)
