"""Organisation names: the key legal forms drop out of, and matching with typos that never takes
one organisation for another."""

from __future__ import annotations

import pytest

from domain.organisations import match, name_key


@pytest.mark.parametrize(("name", "key"), [
    ("Caritas Ambrosiana ONLUS", "caritas ambrosiana"),
    ("Officine Brambilla S.p.A.", "officine brambilla"),
    ("Acme S.r.l.", "acme"),
    ("Acme srls", "acme"),
    ("Il Sorriso Cooperativa Sociale", "il sorriso"),
    ("Pane Quotidiano ODV", "pane quotidiano"),
    ("Fondazione Cariplo", "fondazione cariplo"),        # what it is, not a legal form
    ("Associazione Amici del Parco APS", "associazione amici del parco"),
    ("Onlus", "onlus"),                                   # nothing else: kept
    ("Città  Solidale – ETS", "citta solidale"),
    ("Spazio Aperto", "spazio aperto"),                   # "spa" only as a whole word
])
def test_name_key_drops_legal_forms_only(name: str, key: str) -> None:
    assert name_key(name) == key


KNOWN = [(1, name_key("Caritas Ambrosiana Onlus")), (2, name_key("Banco Alimentare")),
         (3, name_key("ARCI Milano")), (4, name_key("Croce Rossa Milano")),
         (5, name_key("Croce Rossa Monza")), (6, name_key("Fondazione Cariplo"))]


@pytest.mark.parametrize(("typed", "found"), [
    ("Caritas Ambrosiana", 1),
    ("caritas ambrosiana onlus", 1),
    ("Caritas Ambrosianna", 1),          # one typo in a long word
    ("Ambrosiana Caritas", 1),           # the words in another order
    ("Banco Alimentre", 2),
    ("banco alimentare odv", 2),
    ("BancoAlimentare", 2),
    ("Croce Rossa Milano", 4),
])
def test_one_clear_match(typed: str, found: int) -> None:
    assert match(typed, KNOWN).status == "one"
    assert match(typed, KNOWN).ids == (found,)


@pytest.mark.parametrize("typed", [
    "ACLI Milano",            # not ARCI: short words need to be the same
    "Croce Verde Lecco",
    "Banco di Solidarietà",
    "Cariplo Factory Lab",
    "Emergenza Solidale",
])
def test_different_names_are_not_taken_for_each_other(typed: str) -> None:
    result = match(typed, KNOWN)
    assert result.status != "one", result


def test_close_spellings_of_different_names_are_asked_about_never_assumed() -> None:
    assert match("ACLI Milano", KNOWN) == match("ACLI Milano", KNOWN[2:3])
    assert match("ACLI Milano", KNOWN).status == "several"  # the person says it is not ARCI
    assert match("Banco di Solidarietà", KNOWN).status == "none"
    assert match("Xylofrond", KNOWN) == match("Xylofrond", [])


def test_a_part_of_a_name_asks_and_similar_names_are_listed_best_first() -> None:
    assert match("Caritas", KNOWN).ids == (1,) and match("Caritas", KNOWN).status == "several"
    result = match("Croce Rossa", KNOWN)
    assert result.status == "several" and set(result.ids) == {4, 5}
    assert match("Croce Rossa Monzaa", KNOWN).ids == (5,)


def test_two_organisations_of_the_same_name_are_both_asked_about() -> None:
    twins = [(7, "caritas"), (8, "caritas"), (9, "banco alimentare")]
    assert match("Caritas onlus", twins).status == "several"
    assert match("Caritas onlus", twins).ids == (7, 8)
