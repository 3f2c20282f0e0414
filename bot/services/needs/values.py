"""What goes in and out of the needs use cases: drafts and edits, the frozen views, the
outcomes, and ``NeedProblem`` for a request the rules refuse."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from domain.calendar import ROME
from domain.needs import OneLine, open_quantity
from storage.models import Need, NeedStatus, Pledge, Urgency
from storage.models.need import PLEDGEABLE

DEFAULT_CATEGORY = "other"
#: Statuses a designer may edit or close: the need is still asking for something.
LIVE = PLEDGEABLE
#: Statuses a designer may reopen.
REOPENABLE = (NeedStatus.CLOSED.value, NeedStatus.EXPIRED.value)
#: What /myneeds lists: everything but proposals (those are /proposals) and declined ones.
MANAGED = (NeedStatus.OPEN.value, NeedStatus.COVERED.value, NeedStatus.FULFILLED.value,
           NeedStatus.CLOSED.value, NeedStatus.EXPIRED.value)


def today_in_italy(now: datetime) -> date:
    """A need's deadline is a day of the Italian calendar: "today" is ``now`` in Rome."""
    return now.astimezone(ROME).date()


class NeedProblem(ValueError):
    """A request the rules refuse; ``code`` says which, for the bot to word.

    Draft problems reuse ``domain.needs``'s parse codes ("not_positive", "too_large",
    "not_whole", "bad_unit", "no_skill", "no_title", "title_too_long", "bad_category",
    "past_deadline", "far_deadline"); the others: "no_such_need", "no_such_pledge",
    "bad_urgency", "bad_territory", "no_quantity" (a proposal approved without one),
    "unit_locked" (the unit of a need with pledges), "bad_unit_value" (a value per unit over
    the maximum, or finer than cents), "not_proposal", "not_live", "not_reopenable",
    "not_active", "too_much" (delivering more than a pledge owes); a non-profit's need:
    "bad_link", "kind_unit" (fundraising not in euro, capacity building not in hours),
    "no_link", "no_campaign_end", "bad_organisation" (not a non-profit of the team's
    territory).
    """

    def __init__(self, code: str, value: str | None = None) -> None:
        super().__init__(code if value is None else f"{code}: {value}")
        self.code = code
        self.value = value


# --- in -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NeedDraft:
    """A need as a designer wrote it (guided flow, or the one-line parse), before checking.

    ``territory_code`` ``None``: the team's own place.
    """

    title: str
    quantity: Decimal
    unit: str
    category: str | None = None
    description: str | None = None
    skill: str | None = None
    urgency: str = Urgency.NORMAL.value
    deadline: date | None = None
    beneficiary: str | None = None
    territory_code: str | None = None
    #: Fundraising: where to give (an http(s) address).
    link: str | None = None
    #: The non-profit of the team's territory the need is for.
    organisation_id: int | None = None

    @classmethod
    def from_one_line(cls, line: OneLine) -> NeedDraft:
        return cls(title=line.title, quantity=line.quantity, unit=line.unit,
                   category=line.category, skill=line.skill, deadline=line.deadline,
                   link=line.link)


@dataclass(frozen=True, slots=True)
class ProposalDraft:
    """What a member signals with /propose: fewer fields, the designer completes them."""

    title: str
    description: str | None = None
    category: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    territory_code: str | None = None
    #: A non-profit's proposal (its confirmed member's): the profession, where to give, and
    #: the organisation it is for.
    skill: str | None = None
    link: str | None = None
    organisation_id: int | None = None


@dataclass(frozen=True, slots=True)
class NeedEdit:
    """The fields a designer changes; ``None`` keeps the current value (``clear`` lists the
    optional fields to empty: "description", "deadline", "beneficiary", "skill",
    "unit_value")."""

    title: str | None = None
    description: str | None = None
    category: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    skill: str | None = None
    urgency: str | None = None
    deadline: date | None = None
    beneficiary: str | None = None
    territory_code: str | None = None
    unit_value: Decimal | None = None
    clear: frozenset[str] = field(default_factory=frozenset)


# --- out ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NeedView:
    id: int
    team_id: int
    territory_code: str
    title: str
    description: str | None
    category: str
    resource: str | None
    unit: str | None
    skill: str | None
    target: Decimal | None
    pledged: Decimal
    delivered: Decimal
    urgency: str
    deadline: date | None
    beneficiary: str | None
    status: str
    posted_by: int | None
    proposed_by: int | None
    #: Goods only: what one unit is worth in euro, as declared (none: not counted in value).
    unit_value: Decimal | None = None
    #: The table whose minutes' decision the need was posted from.
    from_table_id: int | None = None
    #: Fundraising: where to give.
    link: str | None = None
    #: The non-profit the need is for.
    organisation_id: int | None = None

    @property
    def open_quantity(self) -> Decimal:
        return open_quantity(self.target or Decimal(0), self.pledged)


def need_view(need: Need) -> NeedView:
    assert need.id is not None
    return NeedView(
        id=need.id, team_id=need.team_id, territory_code=need.territory_code, title=need.title,
        description=need.description, category=need.category, resource=need.resource,
        unit=need.unit, skill=need.skill, target=need.target, pledged=Decimal(need.pledged),
        delivered=Decimal(need.delivered), urgency=need.urgency, deadline=need.deadline,
        beneficiary=need.beneficiary, status=need.status, posted_by=need.posted_by,
        proposed_by=need.proposed_by, unit_value=need.unit_value,
        from_table_id=need.from_table_id, link=need.link,
        organisation_id=need.organisation_id)


@dataclass(frozen=True, slots=True)
class PledgeView:
    id: int
    need_id: int
    need_title: str
    unit: str | None
    quantity: Decimal
    delivered: Decimal
    status: str
    member_telegram_id: int | None


def pledge_view(pledge: Pledge, need: Need) -> PledgeView:
    assert pledge.id is not None and need.id is not None
    return PledgeView(id=pledge.id, need_id=need.id, need_title=need.title, unit=need.unit,
                      quantity=Decimal(pledge.quantity), delivered=Decimal(pledge.delivered),
                      status=pledge.status, member_telegram_id=pledge.member_telegram_id)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The need after a use case; ``told``: how many pledgers its events concern (those told
    of a change or a closing), for the designer's answer."""

    need: NeedView
    told: int = 0


@dataclass(frozen=True, slots=True)
class Pledged:
    pledge: PledgeView
    need: NeedView
    organisation: str | None = None
    """The organisation the pledge is recorded with (its pledger acts for it), if any."""


@dataclass(frozen=True, slots=True)
class PledgeRefused:
    """No pledge written. ``reason``: "not_positive", "not_whole", "over_limit" (``room`` is
    the most still accepted), "not_pledgeable" (closed, expired, fulfilled, a proposal)."""

    need_id: int
    open_quantity: Decimal
    room: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class GroupTarget:
    """Where a team's need is announced: its linked group, in the group's language."""

    chat_id: int
    language: str
    team_name: str


@dataclass(frozen=True, slots=True)
class NeedCard:
    """A need with the name of its team, as /needs and the pledge screen show it."""

    need: NeedView
    team_name: str
    #: The non-profit it is for, by name.
    organisation_name: str | None = None


@dataclass(frozen=True, slots=True)
class NeedsPage:
    cards: tuple[NeedCard, ...]
    page: int
    has_more: bool


@dataclass(frozen=True, slots=True)
class DeliveryView:
    """An active pledge a designer of the need's team may confirm; ``member_name`` is
    ``None`` for an erased member."""

    pledge: PledgeView
    need: NeedView
    member_name: str | None

    @property
    def owed(self) -> Decimal:
        return self.pledge.quantity - self.pledge.delivered
