"""The rules a need's numbers follow: its status, how much may still be pledged (the one
definition of the over-pledge limit, which the repository's conditional UPDATE is given), and
the coverage bar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Literal

from domain.needs.units import Quantity

__all__ = ["Accepted", "NeedStatus", "PledgeRoom", "Refused", "accept_pledge",
           "coverage_blocks", "open_quantity", "pledge_limit", "pledge_room", "room_under",
           "status_for"]

NeedStatus = Literal["open", "covered", "fulfilled", "closed", "expired"]


def _positive_target(target: Quantity) -> Decimal:
    t = Decimal(target)
    if t <= 0:
        raise ValueError("a need's target must be positive")
    return t


def _margin(margin: Decimal | float | int) -> Decimal:
    m = Decimal(str(margin)) if isinstance(margin, float) else Decimal(margin)
    if m < 0:
        raise ValueError("the over-pledge margin cannot be negative")
    return m


def status_for(target: Quantity, pledged: Quantity, delivered: Quantity, *, closed: bool,
               deadline: date | None, today: date) -> NeedStatus:
    """Where a need stands, from its numbers and the designer's act.

    In this order: **fulfilled** when delivered ≥ target — help that arrived is never undone by
    closing the need or by its deadline passing, and reports count it as fulfilled; **closed**
    when the designer closed it; **expired** when the deadline day is over (the deadline day
    itself is still open) and it is not fulfilled — a covered need whose help never came
    expires too; **covered** when pledged ≥ target; otherwise **open**.
    """
    t = _positive_target(target)
    if Decimal(delivered) >= t:
        return "fulfilled"
    if closed:
        return "closed"
    if deadline is not None and deadline < today:
        return "expired"
    if Decimal(pledged) >= t:
        return "covered"
    return "open"


@dataclass(frozen=True, slots=True)
class PledgeRoom:
    """``open_quantity``: what the target still misses; ``room``: what may still be pledged;
    ``limit``: the most the pledges may add up to (``pledge_limit``).

    ``room`` exceeds ``open_quantity`` by the over-pledge margin, so a member can round up
    ("all that is missing" plus a spare parcel) without the need filling up with surplus.
    """

    open_quantity: Decimal
    room: Decimal
    limit: Decimal


def pledge_limit(target: Quantity, margin: Decimal | float | int, *,
                 whole: bool = False) -> Decimal:
    """The most a need's pledges may add up to when they may exceed the target by ``margin``
    (0.10): target × (1 + margin), rounded down for counted units (``whole``), since half a
    parcel cannot be pledged.

    The one definition of the limit: the pledge screen, the service's check and the
    repository's conditional UPDATE (which is given this value) all take it from here.
    """
    limit = _positive_target(target) * (1 + _margin(margin))
    if whole:
        limit = limit.to_integral_value(rounding=ROUND_FLOOR)
    return limit


def open_quantity(target: Quantity, pledged: Quantity) -> Decimal:
    """What the target still misses (nothing, once it is reached or passed)."""
    return max(Decimal(target) - Decimal(pledged), Decimal(0))


def room_under(limit: Quantity, target: Quantity, pledged: Quantity) -> PledgeRoom:
    """What is open and what may still be pledged under ``limit`` (``pledge_limit``'s): a
    pledge fits when it is no more than ``room``."""
    p, cap = Decimal(pledged), Decimal(limit)
    return PledgeRoom(open_quantity=open_quantity(target, p), room=max(cap - p, Decimal(0)),
                      limit=cap)


def pledge_room(target: Quantity, pledged: Quantity, margin: Decimal | float | int, *,
                whole: bool = False) -> PledgeRoom:
    """How much may still be pledged when pledges may exceed the target by ``margin``."""
    return room_under(pledge_limit(target, margin, whole=whole), target, pledged)


#: A nudge's one-tap pledge, by unit: two hours of time or skills, one of anything counted or
#: weighed; money is never pledged for a person without asking how much.
_ONE_TAP = {"hours": Decimal(2), "skill_hours": Decimal(2), "eur": None}


def one_tap_pledge(unit: str, room: Decimal, *, whole: bool = False) -> Decimal | None:
    """What a nudge's "I can help" pledges at once: the smaller of the unit's default and the
    ``room`` left (the caller's reading of ``room_under``); ``None`` when it must ask (money)
    or nothing fits."""
    default = _ONE_TAP.get(unit, Decimal(1))
    if default is None:
        return None
    quantity = min(default, Decimal(room))
    if whole:
        quantity = quantity.to_integral_value(rounding=ROUND_FLOOR)
    return quantity if quantity > 0 else None


@dataclass(frozen=True, slots=True)
class Accepted:
    """The pledge fits: the need's pledged total and what stays open once it is counted."""

    quantity: Decimal
    pledged_after: Decimal
    open_after: Decimal


@dataclass(frozen=True, slots=True)
class Refused:
    """The pledge does not fit; ``open_quantity`` is what the bot offers instead.

    ``reason``: "not_positive" (zero or less), "not_whole" (half a parcel), "over_limit"
    (beyond target + margin; ``room`` is the most that would still be accepted).
    """

    open_quantity: Decimal
    room: Decimal
    reason: Literal["not_positive", "not_whole", "over_limit"]


def accept_pledge(quantity: Quantity, target: Quantity, pledged: Quantity,
                  margin: Decimal | float | int, *, whole: bool = False) -> Accepted | Refused:
    """Whether one more pledge of ``quantity`` fits the need.

    This is the rule; making it hold under concurrent pledges is the repository's conditional
    UPDATE, given ``pledge_limit``'s value, which counts the pledge only while it still fits.
    """
    q = Decimal(quantity)
    room = pledge_room(target, pledged, margin, whole=whole)
    if q <= 0:
        return Refused(room.open_quantity, room.room, "not_positive")
    if whole and q != q.to_integral_value():
        return Refused(room.open_quantity, room.room, "not_whole")
    if q > room.room:
        return Refused(room.open_quantity, room.room, "over_limit")
    after = Decimal(pledged) + q
    return Accepted(quantity=q, pledged_after=after, open_after=open_quantity(target, after))


def coverage_blocks(pledged: Quantity, target: Quantity, width: int = 5) -> tuple[int, int]:
    """(filled, empty) blocks of a coverage bar, e.g. (2, 3) for 8/20 -> "▰▰▱▱▱".

    Blocks are pledged / target × width rounded half up, with two corrections so the bar never
    misleads at a glance: any pledge shows at least one block (someone answered), and a need
    short of its target never shows a full bar (19/20 is 4 of 5, not 5).  When the two collide
    (a one-block bar) "not full" wins.  Over-pledged needs show a full bar.
    """
    if width < 1:
        raise ValueError("a bar has at least one block")
    t = _positive_target(target)
    p = max(Decimal(pledged), Decimal(0))
    if p >= t:
        return width, 0
    filled = int((p / t * width).to_integral_value(rounding=ROUND_HALF_UP))
    if p > 0:
        filled = max(filled, 1)
    filled = min(filled, width - 1)
    return filled, width - filled
