"""/team and /join: the team of a member's place, the way into its group, leaving it;
memberships; a designer's /members; a team's announcements (/announce and `cohesion announce`,
released by the scheduler)."""

from bot.capability import Capability
from bot.flows.announce import router as announce
from bot.handlers import roster, team
from bot.notify import team as notify
from bot.personal import PersonalData
from bot.services import announcements, teams

CAPABILITY = Capability(
    name="team",
    commands=(*team.COMMANDS, *roster.COMMANDS, *announce.COMMANDS),
    routers=lambda commands: [team.create_router(), roster.create_router(),
                              announce.create_router()],
    notices={announcements.KIND: notify.team_announcements},
    personal=PersonalData(
        show=teams.show,
        # memberships go with the member row (ON DELETE CASCADE): nothing else names the person
        impersonal={
            "team.name": "the team's name, set by an admin",
            "team.group_chat_id": "the team's group chat, not a person",
        },
    ),
)
