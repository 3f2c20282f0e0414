"""What happened to a person's link with an organisation, as the use cases record it
(``uow.emit``); ``notify.organisations`` tells those it concerns, each in their language.
``link_id`` (the ``organisation_member`` row) with the recipient makes each message's outbox
key, so a repeat is a no-op."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class JoinRequested:
    """``requester`` asked to act for the organisation: ``deciders`` (its confirmed members, or
    if it has none the designers of the teams of its territory) are to confirm or refuse."""

    link_id: int
    organisation: str
    requester: int
    requester_name: str
    deciders: tuple[int, ...]
    now: datetime


@dataclass(frozen=True, slots=True)
class JoinDecided:
    """A request was confirmed (``confirmed``) or refused by ``by``: the requester is told."""

    link_id: int
    organisation: str
    requester: int
    confirmed: bool
    by: int
    now: datetime
