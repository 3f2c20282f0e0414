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
from datetime import datetime, time, timedelta
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.capability import Due
from bot.i18n import DEFAULT_LANGUAGE, speak
from bot.notify.posted import Json, edits, kept_markup, refresh, subject_payload
from bot.services import needs
from bot.services.needs import (
    DeliveryConfirmed,
    NeedChanged,
    NeedClosed,
    NeedCovered,
    NeedExpired,
    NeedFulfilled,
    NeedProposed,
    NeedPublished,
    NeedReopened,
    PledgeMade,
    PledgeReduced,
    PledgeWithdrawn,
    ProposalApproved,
    ProposalDeclined,
)
from bot.ui.keyboards import digest as digest_keyboards
from bot.ui.keyboards import newneed as newneed_keyboards
from bot.ui.keyboards import proposals as proposals_keyboards
from bot.ui.texts import needs as needs_texts
from bot.ui.texts import newneed as newneed_texts
from bot.ui.texts import pledge_digest as digest_texts
from bot.ui.texts import proposals as proposals_texts
from domain.calendar import ROME
from storage.models.need import PLEDGEABLE
from storage.models.posted import PostedMessage
from storage.models.role import PledgeDigest
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork

#: The window designers hear of pledges in, grouped by need (at most one message per window).
PLEDGE_WINDOW = timedelta(hours=1)
#: When the daily summary goes, in Italy's time.
DAILY_AT = time(19, 0)


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
    organisation = (await uow.organisations.get(need.organisation_id)
                    if need.organisation_id is not None else None)
    with speak(group.language):
        text = newneed_texts.announcement(
            team=group.team_name, title=need.title, category=need.category,
            pledged=need.pledged, target=need.target, unit=need.unit, skill=need.skill,
            urgency=need.urgency, deadline=need.deadline, description=need.description,
            link=need.link, organisation=organisation.name if organisation else None)
        markup = newneed_keyboards.as_json(newneed_keyboards.can_help(event.bot_username,
                                                                      need.id))
    await uow.outbox.enqueue_many([OutboxItem(
        key=f"need-announce:{need.id}:{group.chat_id}", chat_id=group.chat_id, text=text,
        payload=subject_payload("need", need.id, {"reply_markup": markup}))], now=event.now)


def _announcement_now(card: needs.NeedCard) -> Callable[[PostedMessage], tuple[str, Json | None]]:
    """The announcement as the need stands: its numbers and state; the "I can help" button
    it was posted with while it takes pledges, none after."""
    need = card.need

    def render(message: PostedMessage) -> tuple[str, Json | None]:
        assert need.target is not None and need.unit is not None
        text = newneed_texts.announcement(
            team=card.team_name, title=need.title, category=need.category,
            pledged=need.pledged, target=need.target, unit=need.unit, skill=need.skill,
            urgency=need.urgency, deadline=need.deadline, description=need.description,
            status=need.status, delivered=need.delivered, link=need.link,
            organisation=card.organisation_name)
        return text, kept_markup(message) if need.status in PLEDGEABLE else None
    return render


async def need_refresh(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                       ) -> dict[int, list[OutboxItem]]:
    """The announcements of the needs that changed, edited to show them as they stand (the
    notices ``notify.posted.refresh`` scheduled, one per need and minute)."""
    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        card = await needs.find_need(uow, need_id=int(params["id"]))
        if card is None or card.need.target is None or card.need.unit is None:
            fanned[notice.id] = []
            continue
        fanned[notice.id] = await edits(uow, "need", card.need.id, _announcement_now(card),
                                        key=str(notice.id), now=now)
    return fanned


# --- proposals: to the team's designers, then to the proposer -------------------------------------


async def on_need_proposed(uow: UnitOfWork, event: NeedProposed) -> None:
    """To each designer, with ✅ Approve / ✖️ Decline under it."""
    await _tell(uow, event.designers, need_id=event.need_id, kind="proposed",
                event_id=event.event_id, now=event.now,
                text=lambda: proposals_texts.proposed_notice(event.title, event.proposer_name),
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
    """Its pledgers and its team's designers hear it; its announcement says it."""
    await _tell(uow, event.pledgers, need_id=event.need_id, kind="covered",
                event_id=event.event_id, now=event.now,
                text=lambda: needs_texts.covered_notice(event.title))
    card = await needs.find_need(uow, need_id=event.need_id)
    designers = await needs.designers_of_need(uow, need_id=event.need_id)
    if card is not None:
        await _tell(uow, list(designers), need_id=event.need_id, kind="covered-designer",
                    event_id=event.event_id, now=event.now,
                    text=lambda: digest_texts.covered(card.need))
    await refresh(uow, "need", event.need_id, now=event.now)


async def on_need_fulfilled(uow: UnitOfWork, event: NeedFulfilled) -> None:
    """Its team's designers (but the one who confirmed the last delivery) hear it; its
    announcement says it."""
    card = await needs.find_need(uow, need_id=event.need_id)
    designers = await needs.designers_of_need(uow, need_id=event.need_id)
    if card is not None:
        await _tell(uow, [d for d in designers if d != event.by], need_id=event.need_id,
                    kind="fulfilled", event_id=event.event_id, now=event.now,
                    text=lambda: digest_texts.fulfilled(card.need))
    await refresh(uow, "need", event.need_id, now=event.now)


async def on_need_changed(uow: UnitOfWork, event: NeedChanged) -> None:
    await _tell(uow, event.pledgers, need_id=event.need_id, kind="changed",
                event_id=event.event_id, now=event.now,
                text=lambda: needs_texts.changed_notice(event.title))
    await refresh(uow, "need", event.need_id, now=event.now)


async def on_need_closed(uow: UnitOfWork, event: NeedClosed) -> None:
    await _tell(uow, event.pledgers, need_id=event.need_id, kind="closed",
                event_id=event.event_id, now=event.now,
                text=lambda: needs_texts.closed_notice(event.title))
    await refresh(uow, "need", event.need_id, now=event.now)


async def on_need_reopened(uow: UnitOfWork, event: NeedReopened) -> None:
    """Its announcement takes pledges again (with the button it was posted with)."""
    await refresh(uow, "need", event.need_id, now=event.now)


async def on_need_expired(uow: UnitOfWork, event: NeedExpired) -> None:
    await _tell(uow, event.pledgers, need_id=event.need_id, kind="expired",
                event_id=event.event_id, now=event.now,
                text=lambda: needs_texts.expired_notice(event.title))
    await refresh(uow, "need", event.need_id, now=event.now)


async def on_delivery_confirmed(uow: UnitOfWork, event: DeliveryConfirmed) -> None:
    """The pledger is thanked; the announcement shows what arrived."""
    await _tell(uow, [event.pledger], need_id=event.need_id, kind="thanks",
                event_id=event.event_id, now=event.now,
                text=lambda: needs_texts.thanks_notice(event.title))
    await refresh(uow, "need", event.need_id, now=event.now)


# --- pledges and withdrawals: to the team's designers, grouped --------------------------------
#
# Nobody gets thirty messages: a pledge schedules the notice of its need's hour (one per need
# and hour, whatever the number of pledges: the key holds the hour) for the designers who hear
# of pledges hourly, and the notice of the designer's day for those who chose a daily summary.
# The notices read the need's history when they fall due, so they list everything of their
# window, and nothing is said twice.


def _window_end(now: datetime, step: timedelta) -> datetime:
    seconds, size = int(now.timestamp()), int(step.total_seconds())
    return datetime.fromtimestamp((seconds // size + 1) * size, tz=now.tzinfo)


def _daily_due(now: datetime) -> datetime:
    """The next DAILY_AT in Italy after ``now``."""
    local = now.astimezone(ROME)
    due = datetime.combine(local.date(), DAILY_AT, tzinfo=ROME)
    if due <= local:
        due = datetime.combine(local.date() + timedelta(days=1), DAILY_AT, tzinfo=ROME)
    return due.astimezone(now.tzinfo)


async def on_pledge_changed(uow: UnitOfWork, event: PledgeMade | PledgeWithdrawn) -> None:
    await _pledges_told(uow, event.need_id, pledger=event.pledger, now=event.now)


async def on_pledge_reduced(uow: UnitOfWork, event: PledgeReduced) -> None:
    """A pledge lowered is told as a withdrawal of what was given back, grouped likewise."""
    await _pledges_told(uow, event.need_id, pledger=event.member, now=event.now)


async def _pledges_told(uow: UnitOfWork, need_id: int, *, pledger: int, now: datetime) -> None:
    """The announcement follows; the designers' grouped notices are scheduled."""
    await refresh(uow, "need", need_id, now=now)
    designers = {who: digest for who, digest in
                 (await needs.designers_of_need(uow, need_id=need_id)).items()
                 if who != pledger}
    if PledgeDigest.HOURLY in designers.values():
        until = _window_end(now, PLEDGE_WINDOW)
        await uow.notices.schedule(
            key=f"need-pledges:{need_id}:{int(until.timestamp())}", kind="need-pledges",
            params={"id": need_id, "since": (until - PLEDGE_WINDOW).isoformat(),
                    "until": until.isoformat()}, due_at=until, expires_at=None)
    due = _daily_due(now)
    for designer in (who for who, digest in designers.items() if digest == PledgeDigest.DAILY):
        await uow.notices.schedule(
            key=f"need-pledges-daily:{designer}:{due.date().isoformat()}",
            kind="need-pledges-daily",
            params={"designer": designer, "since": (due - timedelta(days=1)).isoformat(),
                    "until": due.isoformat()}, due_at=due, expires_at=None)


async def need_pledges(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                       ) -> dict[int, list[OutboxItem]]:
    """A need's pledges and withdrawals of one hour, to each of its team's designers who
    hears of them hourly (not their own), in their language, with the switch to daily."""
    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        need_id = int(params["id"])
        view = await needs.digest_for_need(
            uow, need_id=need_id, since=datetime.fromisoformat(params["since"]),
            until=datetime.fromisoformat(params["until"]))
        hourly = [who for who, digest in
                  (await needs.designers_of_need(uow, need_id=need_id)).items()
                  if digest == PledgeDigest.HOURLY]
        languages = await uow.members.languages(hourly)
        items = []
        for designer in hourly:
            lines = view.but(designer) if view is not None else ()
            if view is None or not lines:
                continue
            with speak(languages.get(designer) or DEFAULT_LANGUAGE):
                text = digest_texts.hourly(view.need, lines)
                markup = newneed_keyboards.as_json(digest_keyboards.switch(PledgeDigest.HOURLY))
            items.append(OutboxItem(key=f"notice:{notice.id}:{designer}", chat_id=designer,
                                    text=text, payload={"reply_markup": markup}))
        fanned[notice.id] = items
    return fanned


async def need_pledges_daily(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                             ) -> dict[int, list[OutboxItem]]:
    """A designer's summary of the day's pledges on their teams' needs (none if nothing
    happened, or they went back to hourly notices meanwhile)."""
    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        designer = int(params["designer"])
        views = await needs.daily_for(uow, telegram_id=designer,
                                      since=datetime.fromisoformat(params["since"]),
                                      until=datetime.fromisoformat(params["until"]))
        items = []
        if views:
            language = (await uow.members.languages([designer])).get(designer)
            with speak(language or DEFAULT_LANGUAGE):
                text = digest_texts.daily([(view.need, view.but(designer)) for view in views])
                markup = newneed_keyboards.as_json(digest_keyboards.switch(PledgeDigest.DAILY))
            items.append(OutboxItem(key=f"notice:{notice.id}:{designer}", chat_id=designer,
                                    text=text, payload={"reply_markup": markup}))
        fanned[notice.id] = items
    return fanned
