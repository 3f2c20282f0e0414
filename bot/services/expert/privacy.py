"""What the expert hour keeps about a person, for /mydata and /deleteme.

A member's bookings: on erasure an hour booked ahead is cancelled (its expert told), and every
booking loses the member's id (a held hour stays counted, without them).

An expert's profile and hours: on erasure the hours booked ahead are cancelled (their members
told, without the expert's name), the profile is deleted, and so is every hour nobody ever
booked; an hour some member booked stays, unlinked from the expert (``expert_id`` NULL), so a
held hour still counts as that member's one free hour and a member's record of a cancelled one
stays theirs. Its pending reminders and feedback request are dropped: they would name the
expert.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot import personal
from bot.personal import Shown
from bot.services import reminders
from bot.services.expert.booking import cancel_booking
from bot.services.expert.events import ExpertGone, HourFreedByErasure
from bot.services.expert.views import GONE, BookingView, expert_person, member_person
from storage.models import BookingStatus
from storage.repositories.expert import booking_key_prefix
from storage.uow import UnitOfWork


async def export_of(uow: UnitOfWork, telegram_id: int) -> list[dict[str, Any]]:
    """The member's bookings, for /mydata (`expert` None: the expert erased their data)."""
    return [{"booking_id": booking.id,
             "expert": None if profile is None else (await expert_person(uow, profile)).name,
             "starts_at": slot.starts_at.isoformat(), "status": booking.status,
             "feedback": booking.feedback, "booked_at": booking.created_at.isoformat()}
            for booking, slot, profile in await uow.experts.bookings_of(telegram_id)]


async def expert_export_of(uow: UnitOfWork, telegram_id: int) -> dict[str, Any] | None:
    """The expert's profile and every hour they published (with who booked it, by the name
    the bot shows), for /mydata; None for someone who is not an expert. Without a clock here,
    the hours are all of them, past and removed ones too: each says when and whether it was
    removed."""
    profile = await uow.experts.profile_of(telegram_id)
    if profile is None or profile.id is None:
        return None
    hours = []
    for slot, booking in await uow.experts.every_slot_of(profile.id):
        booked_by = None
        if booking is not None:
            booked_by = (await member_person(uow, booking.member_telegram_id, GONE, "it")).name
        hours.append({"starts_at": slot.starts_at.isoformat(),
                      "ends_at": slot.ends_at.isoformat(),
                      "removed": slot.removed_at is not None, "booked_by": booked_by})
    return {"name": profile.display_name, "competences": profile.competence_ids,
            "languages": profile.language_codes, "active": profile.active,
            "meeting": profile.meeting, "meeting_detail": profile.meeting_detail,
            "since": profile.created_at.isoformat(), "hours": hours}


async def forget_member(uow: UnitOfWork, *, now: datetime | None, telegram_id: int
                        ) -> list[BookingView]:
    """Erasure: a booking ahead is cancelled (returned, for its expert to be told); every
    booking loses the member's id (a held hour stays counted, without them)."""
    cancelled = []
    for booking, slot, _profile in await uow.experts.bookings_of(telegram_id):
        if now is not None and booking.status == BookingStatus.ACTIVE.value \
                and slot.starts_at > now:
            cancelled.append(await cancel_booking(uow, booking, now, note="member erased"))
        booking.member_telegram_id = None
    await uow.session.flush()
    return cancelled


async def forget_expert(uow: UnitOfWork, *, now: datetime, telegram_id: int
                        ) -> list[BookingView]:
    """Erasure of an expert (see the module's docstring); the bookings ahead it cancelled are
    returned, viewed before the profile went, for their members to be told."""
    profile = await uow.experts.profile_of(telegram_id)
    if profile is None or profile.id is None:
        return []
    ever_booked = await uow.experts.ever_booked(profile.id)
    cancelled = []
    for slot, booking in await uow.experts.every_slot_of(profile.id):
        if booking is not None and booking.id is not None:
            if slot.starts_at > now:
                cancelled.append(await cancel_booking(uow, booking, now, note="expert erased"))
            else:
                await reminders.drop(uow, now=now, prefix=booking_key_prefix(booking.id),
                                     note="expert erased")
        if slot.id in ever_booked:
            slot.expert_id = None
            if slot.removed_at is None and slot.starts_at > now:
                slot.removed_at = now
        else:
            await uow.experts.delete_slot(slot)
    # The hours are unlinked before the profile goes (its foreign key would take them along).
    await uow.session.flush()
    await uow.experts.delete_profile(profile)
    await uow.session.flush()
    return cancelled


async def names_of(uow: UnitOfWork, telegram_id: int) -> list[str]:
    """The name an expert's profile shows (others' messages quote it), for erasure."""
    profile = await uow.experts.profile_of(telegram_id)
    return [] if profile is None or not profile.display_name else [profile.display_name]


async def show_person(uow: UnitOfWork, person: personal.Person) -> Shown:
    shown: dict[str, Any] = {"expert_hour_bookings": await export_of(uow, person.telegram_id)}
    profile = await expert_export_of(uow, person.telegram_id)
    if profile is not None:
        shown["expert_profile"] = profile
    return shown


async def erase_person(uow: UnitOfWork, person: personal.Person, now: datetime) -> None:
    for booking in await forget_member(uow, now=now, telegram_id=person.telegram_id):
        if booking.expert.telegram_id != person.telegram_id:  # their own hour: nobody to tell
            uow.emit(HourFreedByErasure(booking, now))
    for booking in await forget_expert(uow, now=now, telegram_id=person.telegram_id):
        uow.emit(ExpertGone(booking, now, erased=True))
