"""Why a text or a value about a need was refused: a ``code`` for the bot to word in the
person's language (nothing in ``domain.needs`` speaks to people)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, get_args

__all__ = ["PARSE_ERROR_CODES", "ParseError", "ParseErrorCode"]

ParseErrorCode = Literal[
    "empty",               # nothing after the command (the bot starts the guided flow)
    "no_quantity",         # the text does not start with a number
    "bad_quantity",        # not a number we can read ("1.2.3", "2,555")
    "ambiguous_quantity",  # "1.500" / "1,500": thousand or one and a half? (ask to write 1500)
    "not_positive",        # zero or negative
    "too_large",           # beyond the unit's maximum (``limit`` says it)
    "not_whole",           # "2,5 pacchi": parcels and items are counted
    "no_unit",             # a number and nothing after it
    "bad_unit",            # a word that cannot be a unit here ("$", "minuti", "volontari")
    "no_skill",            # "ore pro bono" without naming the skill
    "no_title",            # no title, or one without three letters
    "title_too_long",      # more than MAX_TITLE_LENGTH characters (``limit`` says it)
    "bad_category",        # a #tag that is no category, or that two categories could be
    "many_categories",     # two different #tags
    "bad_deadline",        # "entro 31/02", "by 15/13"
    "past_deadline",       # a full date before today
    "far_deadline",        # more than MAX_DEADLINE_DAYS ahead (``limit`` says it)
    "many_deadlines",      # two "entro ..." dates
    "bad_link",            # not an http(s) address ("www.x", "ftp://", spaces, too long)
    "many_links",          # two addresses in one line
    "kind_unit",           # fundraising not in euro, capacity building not in hours
]
PARSE_ERROR_CODES: tuple[ParseErrorCode, ...] = get_args(ParseErrorCode)


@dataclass(frozen=True, slots=True)
class ParseError:
    """Why a text could not be read: ``code`` says which case, for the bot to word.

    ``value`` is the offending piece as typed ("$", "#slute", "31/02"), to quote back;
    ``limit`` is the bound that was crossed, for "too_large", "title_too_long", "far_deadline".
    """

    code: ParseErrorCode
    value: str | None = None
    limit: Decimal | None = None

