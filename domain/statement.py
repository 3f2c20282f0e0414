"""A company's CSR statement: its figures over a period, their canonical text, and the
verification code that ties them to the organisation and the period.

The figures are serialised to one canonical JSON text (keys sorted, decimals as fixed-point
strings, no spaces): the same figures always give the same text, on any database and in any
language. The code is an HMAC-SHA256 of that text, the organisation's id and the period, under
the deployment's secret, cut to 60 bits and written ``CM-XXXX-XXXX-XXXX`` in an alphabet with
no 0/O nor 1/I: anyone can type it back, in any case, with or without the dashes.

Plain Python: no aiogram, no SQL.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.impact import GoodsLine
from domain.period import Period

#: 32 symbols: the digits 2–9 and the letters but I and O (no 0/O, 1/I to confuse).
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
SYMBOLS = 12  # 60 bits
PREFIX = "CM"
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class StatementFigures:
    """What a company gave over a period (``docs/statements.md`` defines each figure)."""

    pledges: int  # standing pledges made in the period for the organisation
    hours_pledged: Decimal  # volunteer and professional hours
    hours_delivered: Decimal
    goods: tuple[GoodsLine, ...]  # by unit, pledged and delivered
    money_pledged: Decimal  # euro
    money_delivered: Decimal
    teams: tuple[str, ...]  # names of the teams whose needs it pledged to or delivered to
    territories: tuple[str, ...]  # names of those needs' places
    categories: tuple[str, ...]  # category codes of those needs
    tables_attended: int  # tables held in the period one of its members attended
    attendances: int  # (member, table) pairs among those
    social_value: Decimal  # the impact estimate of what was delivered (domain.impact)
    hours_value: Decimal
    skills_value: Decimal
    goods_value: Decimal
    goods_without_value: int
    value_source: str
    value_year: int


def _amount(value: Decimal) -> str:
    return format(Decimal(value).quantize(CENT), "f")


def as_dict(figures: StatementFigures) -> dict[str, Any]:
    """The figures as JSON-able values (decimals as "12.50")."""
    return {
        "pledges": figures.pledges,
        "hours_pledged": _amount(figures.hours_pledged),
        "hours_delivered": _amount(figures.hours_delivered),
        "goods": [[g.unit, _amount(g.pledged), _amount(g.delivered)] for g in figures.goods],
        "money_pledged": _amount(figures.money_pledged),
        "money_delivered": _amount(figures.money_delivered),
        "teams": list(figures.teams),
        "territories": list(figures.territories),
        "categories": list(figures.categories),
        "tables_attended": figures.tables_attended,
        "attendances": figures.attendances,
        "social_value": _amount(figures.social_value),
        "hours_value": _amount(figures.hours_value),
        "skills_value": _amount(figures.skills_value),
        "goods_value": _amount(figures.goods_value),
        "goods_without_value": figures.goods_without_value,
        "value_source": figures.value_source,
        "value_year": figures.value_year,
    }


def canonical(figures: StatementFigures) -> str:
    """The one text of these figures: what the code signs and the statement row keeps."""
    return json.dumps(as_dict(figures), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


def from_canonical(text: str) -> StatementFigures:
    """The figures back from their text; ``ValueError`` when it is not one."""
    try:
        raw = json.loads(text)
        return StatementFigures(
            pledges=int(raw["pledges"]),
            hours_pledged=Decimal(raw["hours_pledged"]),
            hours_delivered=Decimal(raw["hours_delivered"]),
            goods=tuple(GoodsLine(str(u), Decimal(p), Decimal(d)) for u, p, d in raw["goods"]),
            money_pledged=Decimal(raw["money_pledged"]),
            money_delivered=Decimal(raw["money_delivered"]),
            teams=tuple(str(t) for t in raw["teams"]),
            territories=tuple(str(t) for t in raw["territories"]),
            categories=tuple(str(c) for c in raw["categories"]),
            tables_attended=int(raw["tables_attended"]),
            attendances=int(raw["attendances"]),
            social_value=Decimal(raw["social_value"]),
            hours_value=Decimal(raw["hours_value"]),
            skills_value=Decimal(raw["skills_value"]),
            goods_value=Decimal(raw["goods_value"]),
            goods_without_value=int(raw["goods_without_value"]),
            value_source=str(raw["value_source"]),
            value_year=int(raw["value_year"]))
    except (KeyError, TypeError, ValueError, ArithmeticError) as problem:
        raise ValueError(f"not a statement's figures: {problem}") from None


def code_of(secret: bytes, *, organisation_id: int, period: Period, figures: str) -> str:
    """The verification code of ``figures`` (their canonical text) for an organisation and a
    period: "CM-7K2P-QX9A-M4TD"."""
    message = f"{organisation_id}|{period.start.isoformat()}|{period.end.isoformat()}|{figures}"
    digest = hmac.new(secret, message.encode("utf-8"), hashlib.sha256).digest()
    bits = int.from_bytes(digest[:8], "big") >> (64 - 5 * SYMBOLS)
    symbols = "".join(ALPHABET[(bits >> (5 * (SYMBOLS - 1 - i))) & 31] for i in range(SYMBOLS))
    return f"{PREFIX}-{symbols[0:4]}-{symbols[4:8]}-{symbols[8:12]}"


def read_code(text: str) -> str | None:
    """A typed code in its one written form, or None when it cannot be one: any case, with or
    without "CM" and the dashes or spaces ("cm 7k2p qx9a m4td", "7K2PQX9AM4TD")."""
    plain = re.sub(r"[\s\-–—_.]", "", text).upper()
    if len(plain) == SYMBOLS + len(PREFIX) and plain.startswith(PREFIX):
        plain = plain[len(PREFIX):]
    if len(plain) != SYMBOLS or any(c not in ALPHABET for c in plain):
        return None
    return f"{PREFIX}-{plain[0:4]}-{plain[4:8]}-{plain[8:12]}"


def signed_by(secret: bytes, *, code: str, organisation_id: int, period: Period,
              figures: str) -> bool:
    """Whether ``code`` is the code of these stored figures (an altered figure: False)."""
    expected = code_of(secret, organisation_id=organisation_id, period=period, figures=figures)
    return hmac.compare_digest(expected, code)


def differences(stored: StatementFigures, now: StatementFigures) -> list[str]:
    """The names of the figures that differ between the statement and the records now, in
    the statement's order (the value method's source and year go with the social value)."""
    before, after = as_dict(stored), as_dict(now)
    return [key for key in before if before[key] != after[key]]
