"""What happened to a need, as the use cases record it on the unit of work (``uow.emit``).

The use cases say what happened and whom it concerns (the pledgers standing at that moment,
the team's designers, the proposer, the team's group); the notifier (``notify.needs``) says it
to them, each in their language, before the unit of work commits — so the messages leave only
with the change. ``event_id`` is the need's history row (``need_event``) the event goes with: with
the recipient it makes each message's outbox key, so a repeat is a no-op. The person who caused
an event is never among those told (the bot answers them directly).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from bot.services.needs.values import GroupTarget, NeedView


@dataclass(frozen=True, slots=True)
class NeedPublished:
    """A need went public — posted by a designer, or a proposal approved: it is announced in
    its team's linked group (``group``; ``None`` when the team has no reachable group), with an
    "I can help" button opening the bot (``bot_username``) on the need."""

    need: NeedView
    group: GroupTarget | None
    bot_username: str
    now: datetime
    by: int | None = None
    """Who did it (a Telegram id; None: the scheduler or an erasure), for the audit trail."""


@dataclass(frozen=True, slots=True)
class NeedProposed:
    """A member proposed a need: the team's designers (but the proposer) are to review it,
    told who proposed it (``proposer_name``, as the member is named)."""

    need_id: int
    title: str
    event_id: int
    designers: tuple[int, ...]
    now: datetime
    proposer_name: str = ""


@dataclass(frozen=True, slots=True)
class ProposalApproved:
    """A designer published a proposal; its proposer (``None``: erased) is to hear it."""

    need_id: int
    title: str
    event_id: int
    proposer: int | None
    now: datetime
    by: int | None = None
    """Who did it (a Telegram id; None: the scheduler or an erasure), for the audit trail."""


@dataclass(frozen=True, slots=True)
class ProposalDeclined:
    """A designer turned a proposal down; its proposer is to hear it, with the reason."""

    need_id: int
    title: str
    event_id: int
    proposer: int | None
    reason: str
    now: datetime
    by: int | None = None
    """Who did it (a Telegram id; None: the scheduler or an erasure), for the audit trail."""


@dataclass(frozen=True, slots=True)
class NeedCovered:
    """The pledges reached the target, for the first time (covered again after a withdrawal
    is no news): its pledgers are to hear it."""

    need_id: int
    title: str
    event_id: int
    pledgers: tuple[int, ...]
    now: datetime


@dataclass(frozen=True, slots=True)
class NeedChanged:
    """A designer changed the need: its pledgers are to hear it."""

    need_id: int
    title: str
    event_id: int
    pledgers: tuple[int, ...]
    now: datetime
    by: int | None = None
    """Who did it (a Telegram id; None: the scheduler or an erasure), for the audit trail."""


@dataclass(frozen=True, slots=True)
class NeedClosed:
    """A designer closed the need (``reason`` as written, if any): its pledgers are to hear
    their pledge is no longer needed."""

    need_id: int
    title: str
    event_id: int
    pledgers: tuple[int, ...]
    reason: str | None
    now: datetime
    by: int | None = None
    """Who did it (a Telegram id; None: the scheduler or an erasure), for the audit trail."""


@dataclass(frozen=True, slots=True)
class NeedExpired:
    """The need's deadline day is over: its pledgers are to hear it."""

    need_id: int
    title: str
    event_id: int
    pledgers: tuple[int, ...]
    now: datetime


@dataclass(frozen=True, slots=True)
class DeliveryConfirmed:
    """A designer confirmed ``quantity`` of a pledge arrived: its pledger (``None``: erased)
    is to be thanked."""

    need_id: int
    title: str
    event_id: int
    pledger: int | None
    quantity: Decimal
    now: datetime
    by: int | None = None
    """Who did it (a Telegram id; None: the scheduler or an erasure), for the audit trail."""
    pledge_id: int | None = None


@dataclass(frozen=True, slots=True)
class NeedReopened:
    """A designer reopened a closed or expired need: its announcement takes pledges again
    (nobody is told; the audit records it)."""

    need_id: int
    event_id: int
    now: datetime
    by: int | None = None


@dataclass(frozen=True, slots=True)
class NeedFulfilled:
    """Everything the need asked for arrived: its team's designers are to hear it, and its
    announcement says so."""

    need_id: int
    title: str
    event_id: int
    by: int | None
    now: datetime


@dataclass(frozen=True, slots=True)
class PledgeMade:
    """A member pledged ``quantity`` to the need (history row ``event_id``): its team's
    designers are to hear it, grouped (see ``notify.needs``), and its announcement shows it."""

    need_id: int
    event_id: int
    pledger: int
    quantity: Decimal
    now: datetime


@dataclass(frozen=True, slots=True)
class PledgeWithdrawn:
    """A member took back ``quantity`` they had pledged: told as ``PledgeMade`` is."""

    need_id: int
    event_id: int
    pledger: int
    quantity: Decimal
    now: datetime


@dataclass(frozen=True, slots=True)
class PledgeReduced:
    """A member lowered their pledge from ``old`` to ``new`` (the rest goes back to the need):
    told to the team's designers as a withdrawal is (grouped), and its announcement shows it."""

    need_id: int
    title: str
    event_id: int
    member: int
    old: Decimal
    new: Decimal
    unit: str | None
    designers: tuple[int, ...]
    now: datetime


EVENTS = (NeedPublished, NeedProposed, ProposalApproved, ProposalDeclined, NeedCovered,
          NeedChanged, NeedClosed, NeedExpired, DeliveryConfirmed, NeedFulfilled, PledgeMade,
          PledgeWithdrawn, NeedReopened, PledgeReduced)
"""Every kind of event the needs use cases emit (the notifier handles each)."""
