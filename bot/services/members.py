"""Members: registration step by step, the profile, and the member row in /mydata and /deleteme.

The answers of onboarding and of /profile edits are saved here, one field at a time, on the
member row the update has loaded (the unit of work flushes and commits it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.personal import Person, Shown
from bot.services import places
from bot.services.menus import LanguageChanged
from bot.services.places import PlaceView
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ProfileView:
    name: str
    language: str
    actor_type: str | None
    organisation: str | None
    place: PlaceView | None
    skills: str | None
    availability: str | None
    teams: Sequence[str]
    since: datetime


async def record_consent(uow: UnitOfWork, *, telegram_id: int, display_name: str | None,
                         language: str, now: datetime) -> Member:
    """Consent is the moment a member row starts to exist: before it we store nothing."""
    member = await uow.members.get_or_create(telegram_id=telegram_id, now=now)
    member.display_name = (display_name or "")[:64] or None
    member.language = language
    member.consent_at = now
    await uow.session.flush()
    uow.note_language(telegram_id, language)
    uow.emit(LanguageChanged(telegram_id, language, now))
    return member


def set_language(uow: UnitOfWork, member: Member, *, language: str, now: datetime) -> None:
    changed = member.language != language
    member.language = language
    uow.note_language(member.telegram_id, language)
    if changed:
        uow.emit(LanguageChanged(member.telegram_id, language, now))


def mark_seen(member: Member, *, today: date) -> None:
    """They wrote to us today (Rome): the day is written once a day, not on every update."""
    if member.last_seen_on != today:
        member.last_seen_on = today


def mark_reachable(member: Member) -> None:
    """They wrote to us: whatever made them unreachable (they blocked the bot) is over."""
    member.unreachable_at = None


def set_actor(member: Member, *, kind: str) -> None:
    """Who the member acts as; a citizen acts for no organisation, and an organisation of
    another kind is not theirs any more, so its name is forgotten (the link to it is dropped
    by ``organisations.drop_link``)."""
    if kind == "citizen" or kind != member.actor_type:
        member.organisation_name = None
    member.actor_type = kind


def set_organisation(member: Member, *, name: str) -> None:
    member.organisation_name = name


def set_territory(member: Member, *, code: str) -> None:
    member.territory_code = code


def set_skills(member: Member, *, skills: str) -> None:
    member.skills = skills


def set_availability(member: Member, *, availability: str) -> None:
    member.availability = availability


def complete_registration(member: Member, *, now: datetime) -> None:
    """Every step answered (skills and availability may have been skipped)."""
    member.onboarded_at = now


async def profile_view(uow: UnitOfWork, gazetteer: Gazetteer, member: Member) -> ProfileView:
    assert member.id is not None
    teams = await uow.teams.of_member(member.id)
    return ProfileView(
        name=member.display_name or "",
        language=member.language,
        actor_type=member.actor_type,
        organisation=member.organisation_name,
        place=places.view_of(gazetteer, member.territory_code),
        skills=member.skills,
        availability=member.availability,
        teams=[team.name for team in teams],
        since=member.consent_at or member.created_at,
    )


async def show(uow: UnitOfWork, person: Person) -> Shown:
    """/mydata: the member row (the profile), if there is one."""
    member = person.member
    if member is None:
        return {}
    return {
        "first_name": member.display_name,
        "language": member.language,
        "consent_at": member.consent_at.isoformat() if member.consent_at else None,
        "actor_type": member.actor_type,
        "organisation_name": member.organisation_name,
        "territory_code": member.territory_code,
        "skills": member.skills,
        "availability": member.availability,
        "registered_at": member.onboarded_at.isoformat() if member.onboarded_at else None,
        "last_seen_on": member.last_seen_on.isoformat() if member.last_seen_on else None,
    }


async def erase(uow: UnitOfWork, person: Person, now: datetime) -> None:
    """/deleteme: the member row goes (memberships with it: ON DELETE CASCADE)."""
    if person.member is not None:
        await uow.session.delete(person.member)
        await uow.session.flush()
