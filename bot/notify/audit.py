"""The audit trail: each event that says a designer, observer, expert or admin changed shared
data becomes one `audit_entry` row — who (Telegram id and role), what (action, the object's
id, a short impersonal summary), when.

Why a notifier, when "a notifier never changes business rows": an audit row is not business
data — nothing reads it to decide anything — but a record of the change, and it must commit or
roll back with it. The unit of work hands its events to the notifiers right before the commit,
in the action's own transaction, so this is the one place where every audited action passes
and none can be recorded without having happened (or happen without being recorded), and the
services stay free of a second concern.

Auditing one more action is one line in `AUDITED`: its event type and an `Audited` — the
action's name, the role it is taken in, what it touches, where the object's id (and its
team) is found, and how to sum it up. The event must carry `now` and `by` (the actor's
Telegram id; None: the command line with no --by, recorded as the "console").
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.services import announcements, groups, impact, needs, roles, stories, tables
from bot.services.expert import events as expert
from storage.models.audit import AuditEntry
from storage.repositories.audit import AuditRepository
from storage.uow import UnitOfWork

DESIGNER, EXPERT, ADMIN = "designer", "expert", "admin"
CONSOLE = "console"
"""The actor of an admin action taken from the command line without --by: no person."""

TeamOf = Callable[[UnitOfWork, Any], Awaitable[int | None]]


def of_need(field: str) -> TeamOf:
    """The team of the need whose id is the event's `field`."""
    async def team(uow: UnitOfWork, event: Any) -> int | None:
        need = await uow.needs.get(getattr(event, field))
        return need.team_id if need is not None else None
    return team


def of_table(field: str) -> TeamOf:
    """The team of the table whose id is the event's `field`."""
    async def team(uow: UnitOfWork, event: Any) -> int | None:
        table = await uow.tables.get(getattr(event, field))
        return table.team_id if table is not None else None
    return team


async def own_team(uow: UnitOfWork, event: Any) -> int | None:
    """The event names its team (`team_id`)."""
    return getattr(event, "team_id", None)


async def need_view_team(uow: UnitOfWork, event: Any) -> int | None:
    """The event carries the need's view (`need`)."""
    return int(event.need.team_id)


@dataclass(frozen=True)
class Audited:
    """How one kind of event is recorded: `action` ("table.moved"), the `role` the actor
    takes it in, the `kind` of object and where its id is (`object_id`), its `team`, a
    `summary` of ids, codes and times (never names or typed words), and for an action about
    a person (a role) that person's Telegram id (`subject`)."""

    action: str
    role: str | Callable[[Any], str]  # or read from the event (an announcement's author)
    kind: str
    object_id: Callable[[Any], int | None]
    team: TeamOf
    summary: Callable[[Any], str] = lambda event: ""
    subject: Callable[[Any], int | None] = lambda event: None


def _minute(moment: Any) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _role(event: Any) -> str:
    where = (f" of team {event.team_id}" if event.team_id is not None
             else f" of {event.territory_code}" if event.territory_code is not None else "")
    return f"{event.role}{where}"


def _need_posted(event: needs.NeedPublished) -> str:
    need = event.need
    target = f", target {need.target.normalize():f}" if need.target is not None else ""
    return f"{need.category}, {need.resource or '-'}{target}, {need.urgency}"


AUDITED: dict[type, Audited] = {
    needs.NeedPublished: Audited("need.created", DESIGNER, "need", lambda e: e.need.id,
                                 need_view_team, _need_posted),
    needs.ProposalApproved: Audited("proposal.approved", DESIGNER, "need", lambda e: e.need_id,
                                    of_need("need_id")),
    needs.ProposalDeclined: Audited("proposal.declined", DESIGNER, "need", lambda e: e.need_id,
                                    of_need("need_id")),
    needs.NeedChanged: Audited("need.edited", DESIGNER, "need", lambda e: e.need_id,
                               of_need("need_id")),
    needs.NeedClosed: Audited("need.closed", DESIGNER, "need", lambda e: e.need_id,
                              of_need("need_id"),
                              lambda e: "with a reason" if e.reason else ""),
    needs.NeedReopened: Audited("need.reopened", DESIGNER, "need", lambda e: e.need_id,
                                of_need("need_id")),
    needs.DeliveryConfirmed: Audited(
        "delivery.confirmed", DESIGNER, "pledge", lambda e: e.pledge_id, of_need("need_id"),
        lambda e: f"{e.quantity.normalize():f} delivered, need {e.need_id}"),
    stories.StoryPublished: Audited("story.published", lambda e: e.role, "story",
                                    lambda e: e.story_id, own_team),
    stories.StoryDeclined: Audited("story.declined", lambda e: e.role, "story",
                                   lambda e: e.story_id, own_team,
                                   lambda e: "with a reason"),
    tables.TableCreated: Audited("table.created", DESIGNER, "table", lambda e: e.table_id,
                                 of_table("table_id")),
    tables.TableMoved: Audited("table.moved", DESIGNER, "table", lambda e: e.table_id,
                               of_table("table_id"),
                               lambda e: f"from {_minute(e.moved_from)}"),
    tables.TableCancelled: Audited("table.cancelled", DESIGNER, "table", lambda e: e.table_id,
                                   of_table("table_id")),
    tables.MinutesWritten: Audited("minutes.posted", DESIGNER, "table", lambda e: e.table_id,
                                   of_table("table_id")),
    groups.GroupLinked: Audited("group.linked", DESIGNER, "group", lambda e: e.chat_id,
                                own_team,
                                lambda e: "replacing another group" if e.moved else ""),
    expert.SlotPublished: Audited("slot.published", EXPERT, "slot", lambda e: e.slot_id,
                                  own_team, lambda e: f"starts {_minute(e.starts_at)}"),
    expert.SlotWithdrawn: Audited("slot.withdrawn", EXPERT, "slot", lambda e: e.slot_id,
                                  own_team, lambda e: f"starts {_minute(e.starts_at)}"),
    impact.RateSet: Audited("impact.rate_set", ADMIN, "impact_rate", lambda e: None, own_team,
                            lambda e: f"{e.category}: {e.eur_per_hour:f} EUR an hour, {e.year}"),
    roles.RoleGranted: Audited("role.granted", ADMIN, "role", lambda e: None, own_team,
                               _role, subject=lambda e: e.telegram_id),
    roles.RoleRevoked: Audited("role.revoked", ADMIN, "role", lambda e: None, own_team,
                               lambda e: f"{_role(e)}, granted {_minute(e.granted_at)}",
                               subject=lambda e: e.telegram_id),
    announcements.AnnouncementScheduled: Audited(
        "announcement", lambda e: DESIGNER if e.as_designer else ADMIN, "team",
        lambda e: e.team_id, own_team,
        lambda e: f"for {_minute(e.due_at)}, {e.length} characters, to "
                  + " and ".join(([ "the group"] if e.group else [])
                                 + (["each member"] if e.members else []))),
    tables.MeetingSkipped: Audited("table.skipped", DESIGNER, "table", lambda e: e.table_id,
                                   of_table("table_id")),
    tables.SeriesEnded: Audited("table.series_ended", DESIGNER, "table", lambda e: e.table_id,
                                of_table("table_id")),
    tables.SeriesRestarted: Audited("table.series_restarted", DESIGNER, "table",
                                    lambda e: e.table_id, of_table("table_id"),
                                    lambda e: f"after table {e.follows_id}"),
    tables.TableEdited: Audited("table.edited", DESIGNER, "table", lambda e: e.table_id,
                                of_table("table_id"), lambda e: ", ".join(e.fields)),
}
"""Every audited action: an event type and how it is recorded (one line to add one)."""


def recorder(audited: Audited) -> Callable[[UnitOfWork, Any], Awaitable[None]]:
    """The notifier's handler of one kind of audited event."""
    async def record(uow: UnitOfWork, event: Any) -> None:
        by: int | None = event.by
        taken_in = audited.role(event) if callable(audited.role) else audited.role
        role = taken_in if by is not None or taken_in != ADMIN else CONSOLE
        await uow.repository(AuditRepository).add(AuditEntry(
            at=event.now, actor_telegram_id=by, actor_role=role, action=audited.action,
            team_id=await audited.team(uow, event), object_kind=audited.kind,
            object_id=audited.object_id(event), subject_telegram_id=audited.subject(event),
            summary=audited.summary(event)[:200]))
    return record


NOTIFIER = {event_type: recorder(audited) for event_type, audited in AUDITED.items()}
