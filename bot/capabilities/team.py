"""/team and /join: the team of a member's place; memberships; a team's announcements
(`cohesion announce`, released by the scheduler)."""

from bot.capability import Capability
from bot.handlers import team
from bot.notify import team as notify
from bot.personal import PersonalData
from bot.services import announcements, teams

CAPABILITY = Capability(
    name="team",
    commands=team.COMMANDS,
    routers=lambda commands: [team.create_router()],
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
