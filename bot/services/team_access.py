"""The ways in and out of a team: the invite link into its group, the join requests that link
brings (approved for the team's members and designers, declined for anyone else), and a
member leaving the team.

The invite link is made by the bot in the group (the handler asks Telegram, which only an
administrator bot may) and kept on the group's row, so /team shows the same link each time.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import Member, RoleName, Team
from storage.uow import UnitOfWork


async def keep_invite_link(uow: UnitOfWork, *, chat_id: int, link: str) -> None:
    """The link the bot made into the group `chat_id`: shown again from now on."""
    group = await uow.groups.get(chat_id)
    if group is not None:
        group.invite_link = link


@dataclass(frozen=True, slots=True)
class JoinRequestVerdict:
    """Whether a person asking into a team's group may come in, and how to tell them if not
    (in their language: their member row's, else Telegram's)."""

    team_name: str
    approved: bool
    language: str | None
    registered: bool


async def judge_join_request(uow: UnitOfWork, *, chat_id: int, telegram_id: int
                             ) -> JoinRequestVerdict | None:
    """The verdict on a request to join group `chat_id`; None when the group is no team's
    (its own administrators decide)."""
    team = await uow.teams.by_group_chat(chat_id)
    if team is None or team.id is None:
        return None
    member = await uow.members.by_telegram_id(telegram_id)
    inside = member is not None and member.id is not None and await uow.memberships.get(
        member_id=member.id, team_id=team.id) is not None
    designer = any(grant.role == RoleName.DESIGNER.value and grant.team_id == team.id
                   for grant in await uow.roles.of_person(telegram_id))
    return JoinRequestVerdict(team_name=team.name, approved=inside or designer,
                              language=member.language if member is not None else None,
                              registered=member is not None and member.is_onboarded)


class LeaveProblem(ValueError):
    """`code`: "not_member" (not, or no longer, in the team) or "designer" (who leads it
    cannot leave it: an admin hands the team over first)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


async def team_to_leave(uow: UnitOfWork, *, member: Member, team_id: int) -> Team:
    """The team `member` may leave (checked again at the confirmation)."""
    team = await uow.teams.get(team_id)
    if team is None or member.id is None or await uow.memberships.get(
            member_id=member.id, team_id=team_id) is None:
        raise LeaveProblem("not_member")
    if any(grant.role == RoleName.DESIGNER.value and grant.team_id == team_id
           for grant in await uow.roles.of_person(member.telegram_id)):
        raise LeaveProblem("designer")
    return team


async def leave(uow: UnitOfWork, *, member: Member, team_id: int) -> Team:
    """`member` leaves the team: the membership row goes. The designers are not told one by
    one (/members shows who is in); the member's pledges and answers stay, as they were given."""
    team = await team_to_leave(uow, member=member, team_id=team_id)
    assert member.id is not None
    await uow.memberships.remove(member_id=member.id, team_id=team_id)
    return team
