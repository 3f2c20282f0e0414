"""What the needs tell people: each event of ``bot.services.needs.events`` worded in its
recipients' languages and put in the outbox, in the unit of work that emitted it (so it leaves
only if the change commits). One handler per kind of event, registered by the capability
(``bot.capabilities.needs``).

Every row's key says which need, what happened, which history row and to whom
(``need:<need>:<kind>:<need_event>:<chat>``; the announcement ``need-announce:<need>:<group>``),
so processing an update twice, or a job rerun after a crash, tells nobody twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import DEFAULT_LANGUAGE, speak
from bot.services.needs import (
    DeliveryConfirmed,
    NeedChanged,
    NeedClosed,
    NeedCovered,
    NeedExpired,
    NeedProposed,
    NeedPublished,
    PledgeReduced,
    ProposalApproved,
    ProposalDeclined,
)
from bot.ui.keyboards import newneed as newneed_keyboards
from bot.ui.keyboards import proposals as proposals_keyboards
from bot.ui.texts import needs as needs_texts
from bot.ui.texts import newneed as newneed_texts
from bot.ui.texts import proposals as proposals_texts
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


def _key(need_id: int, kind: str, event_id: int, chat_id: int) -> str:
    return f"need:{need_id}:{kind}:{event_id}:{chat_id}"


async def _tell(uow: UnitOfWork, chat_ids: Sequence[int | None], *, need_id: int, kind: str,
                event_id: int, now: datetime, text: Callable[[], str],
                markup: Callable[[], InlineKeyboardMarkup] | None = None) -> None:
    """``text()`` (and ``markup()``, the buttons under it) in each person's language (the
    default for one without a member row), one outbox row each."""
    people = [chat_id for chat_id in chat_ids if chat_id is not None]
    if not people:
        return
    languages = await uow.members.languages(people)
    items = []
    for chat_id in people:
        with speak(languages.get(chat_id) or DEFAULT_LANGUAGE):
            payload: dict[str, Any] | None = (
                {"reply_markup": newneed_keyboards.as_json(markup())} if markup else None)
            items.append(OutboxItem(key=_key(need_id, kind, event_id, chat_id), chat_id=chat_id,
                                    text=text(), payload=payload))
    await uow.outbox.enqueue_many(items, now=now)


# --- a need goes public: the announcement in the team's group -------------------------------------


async def on_need_published(uow: UnitOfWork, event: NeedPublished) -> None:
    """In the group's language, with the "I can help" button opening the bot on the need."""
    need, group = event.need, event.group
    if group is None or need.target is None or need.unit is None:
        return
    with speak(group.language):
        text = newneed_texts.announcement(
            team=group.team_name, title=need.title, category=need.category,
            pledged=need.pledged, target=need.target, unit=need.unit, skill=need.skill,
            urgency=need.urgency, deadline=need.deadline, description=need.description)
        markup = newneed_keyboards.as_json(newneed_keyboards.can_help(event.bot_username,
                                                                      need.id))
    await uow.outbox.enqueue_many([OutboxItem(
        key=f"need-announce:{need.id}:{group.chat_id}", chat_id=group.chat_id, text=text,
        payload={"reply_markup": markup})], now=event.now)


# --- proposals: to the team's designers, then to the proposer -------------------------------------


async def on_need_proposed(uow: UnitOfWork, event: NeedProposed) -> None:
    """To each designer, with ✅ Approve / ✖️ Decline under it."""
    await _tell(uow, event.designers, need_id=event.need_id, kind="proposed",
                event_id=event.event_id, now=event.now,
                text=lambda: proposals_texts.proposed_notice(event.title),
                markup=lambda: proposals_keyboards.proposal(event.need_id))


async def on_proposal_approved(uow: UnitOfWork, event: ProposalApproved) -> None:
    await _tell(uow, [event.proposer], need_id=event.need_id, kind="approved",
                event_id=event.event_id, now=event.now,
                text=lambda: proposals_texts.approved_notice(event.title))


async def on_proposal_declined(uow: UnitOfWork, event: ProposalDeclined) -> None:
    await _tell(uow, [event.proposer], need_id=event.need_id, kind="declined",
                event_id=event.event_id, now=event.now,
                text=lambda: proposals_texts.declined_notice(event.title, event.reason))


# --- to those who pledged -------------------------------------------------------------------------


async def on_need_covered(uow: UnitOfWork, event: NeedCovered) -> None:
    await _tell(uow, event.pledgers, need_id=event.need_id, kind="covered",
                event_id=event.event_id, now=event.now,
                text=lambda: needs_texts.covered_notice(event.title))


async def on_need_changed(uow: UnitOfWork, event: NeedChanged) -> None:
    await _tell(uow, event.pledgers, need_id=event.need_id, kind="changed",
                event_id=event.event_id, now=event.now,
                text=lambda: needs_texts.changed_notice(event.title))


async def on_need_closed(uow: UnitOfWork, event: NeedClosed) -> None:
    await _tell(uow, event.pledgers, need_id=event.need_id, kind="closed",
                event_id=event.event_id, now=event.now,
                text=lambda: needs_texts.closed_notice(event.title))


async def on_need_expired(uow: UnitOfWork, event: NeedExpired) -> None:
    await _tell(uow, event.pledgers, need_id=event.need_id, kind="expired",
                event_id=event.event_id, now=event.now,
                text=lambda: needs_texts.expired_notice(event.title))


async def on_delivery_confirmed(uow: UnitOfWork, event: DeliveryConfirmed) -> None:
    """The pledger is thanked."""
    await _tell(uow, [event.pledger], need_id=event.need_id, kind="thanks",
                event_id=event.event_id, now=event.now,
                text=lambda: needs_texts.thanks_notice(event.title))


async def on_pledge_reduced(uow: UnitOfWork, event: PledgeReduced) -> None:
    """The team's designers hear who lowered a pledge and by how much, as of a withdrawal
    (what is pledged no longer covers what it did)."""
    member = await uow.members.by_telegram_id(event.member)
    name = member.display_name if member is not None else None
    await _tell(uow, event.designers, need_id=event.need_id, kind="reduced",
                event_id=event.event_id, now=event.now,
                text=lambda: needs_texts.reduced_notice(name, event.title, event.old, event.new,
                                                        event.unit))
