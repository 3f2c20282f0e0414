"""Members: registration step by step, the profile, the personal-data export and erasure.

The answers of onboarding and of /profile edits are saved here, one field at a time, on the
member row the update has loaded (the unit of work flushes and commits it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.services import expert, places, training
from bot.services.expert import BookingView
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
    return member


def set_language(uow: UnitOfWork, member: Member, *, language: str) -> None:
    member.language = language
    uow.note_language(member.telegram_id, language)


def mark_reachable(member: Member) -> None:
    """They wrote to us: whatever made them unreachable (they blocked the bot) is over."""
    member.unreachable_at = None


def set_actor(member: Member, *, kind: str) -> None:
    """Who the member acts as; a citizen acts for no organisation, so its name is forgotten."""
    member.actor_type = kind
    if kind == "citizen":
        member.organisation_name = None


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


async def _assessments(uow: UnitOfWork, telegram_id: int) -> list[dict[str, object]]:
    """Each self-assessment run: when, its answers, and its scores once finished."""
    runs = await uow.assessments.finished_runs(telegram_id, limit=1000)
    open_run = await uow.assessments.open_run(telegram_id)
    if open_run is not None:
        runs.append(open_run)
    out: list[dict[str, object]] = []
    for run in runs:
        assert run.id is not None
        out.append({
            "started_at": run.started_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "answers": await uow.assessments.answers(run.id),
            "scores": {cid: {"score": score, "level": level}
                       for cid, (score, level) in (await uow.assessments.scores(run.id)).items()},
        })
    return out


async def export(uow: UnitOfWork, member: Member) -> bytes:
    """Everything we hold on `member`, as JSON (the /mydata file)."""
    assert member.id is not None
    teams = await uow.teams.of_member(member.id)
    roles = await uow.roles.of_person(member.telegram_id)
    data = {
        "telegram_id": member.telegram_id,
        "first_name": member.display_name,
        "language": member.language,
        "consent_at": member.consent_at.isoformat() if member.consent_at else None,
        "actor_type": member.actor_type,
        "organisation_name": member.organisation_name,
        "territory_code": member.territory_code,
        "skills": member.skills,
        "availability": member.availability,
        "registered_at": member.onboarded_at.isoformat() if member.onboarded_at else None,
        "teams": [{"id": team.id, "name": team.name} for team in teams],
        "roles": [{"role": r.role, "team_id": r.team_id, "territory": r.territory_code}
                  for r in roles],
        "pledges": [{"need_id": need.id, "need": need.title, "quantity": str(pledge.quantity),
                     "delivered": str(pledge.delivered), "status": pledge.status,
                     "pledged_at": pledge.created_at.isoformat()}
                    for pledge, need in await uow.needs.pledges_of(member.telegram_id)],
        "suggestions_of_needs": "off" if member.nudges_off else "on",
        "suggestions_received": [{"need_id": nudge.need_id, "kind": nudge.kind,
                                  "at": nudge.at.isoformat()}
                                 for nudge in await uow.nudges.of_member(member.telegram_id)],
        "self_assessments": await _assessments(uow, member.telegram_id),
        "training": await training.export(uow, telegram_id=member.telegram_id),
        "expert_hour_bookings": await expert.export_of(uow, member.telegram_id),
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


async def erase(uow: UnitOfWork, member: Member, *, now: datetime | None = None
                ) -> list[BookingView]:
    """Delete the member and their role grants; memberships go with the member row (ON DELETE
    CASCADE in the schema). With `now`, an expert hour booked ahead is cancelled (returned, for
    its expert to be told); every booking loses the member's id."""
    cancelled = await expert.forget_member(uow, now=now, telegram_id=member.telegram_id)
    await uow.roles.forget_person(member.telegram_id)
    await uow.needs.forget_person(member.telegram_id)  # pledges stay, as "deleted member"
    await uow.training.forget_person(member.telegram_id)
    await uow.session.delete(member)
    uow.note_language(member.telegram_id, None)
    await uow.session.flush()
    return cancelled
