"""What happened to a booking, as the expert hour's use cases record it on the unit of work
(`uow.emit`). The capability's notifier (`bot.notify.expert`) tells each side before the
commit, so a booking and its messages are saved together or not at all.

Each event carries the booking as it stood (a view) and the moment: the notifier needs no
second read, and an event of an erasure still has what it must say once the rows are gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.services.expert.views import BookingView


@dataclass(frozen=True, slots=True)
class HourBooked:
    """A member booked their free hour: both sides get the calendar file."""

    booking: BookingView
    now: datetime


@dataclass(frozen=True, slots=True)
class HourMoved:
    """A member moved their hour to another slot (of the same expert or another)."""

    before: BookingView
    after: BookingView
    now: datetime


@dataclass(frozen=True, slots=True)
class HourCancelledByMember:
    """A member cancelled their hour: its expert hears the hour is free again."""

    booking: BookingView
    now: datetime


@dataclass(frozen=True, slots=True)
class HourFreedByErasure:
    """A member erased themselves with an hour booked ahead: its expert is to be told."""

    booking: BookingView
    now: datetime


@dataclass(frozen=True, slots=True)
class ExpertGone:
    """An hour booked ahead was cancelled because its expert is gone: their role ended
    (`cohesion expert remove`), or they erased their data (`erased`: then what the member is
    told does not name them)."""

    booking: BookingView
    now: datetime
    erased: bool = False


@dataclass(frozen=True, slots=True)
class SlotPublished:
    """An expert published a free hour (only the audit trail listens)."""

    slot_id: int
    starts_at: datetime
    now: datetime
    by: int | None = None


@dataclass(frozen=True, slots=True)
class SlotWithdrawn:
    """An expert removed a free hour of their own (only the audit trail listens)."""

    slot_id: int
    starts_at: datetime
    now: datetime
    by: int | None = None
