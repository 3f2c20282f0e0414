"""/start: language, privacy notice and consent, actor type and organisation, place, skills,
availability, team. It keeps nothing of its own: what it asks is the member row's."""

from bot.capability import Capability
from bot.flows.onboarding import router as onboarding

CAPABILITY = Capability(
    name="onboarding",
    commands=onboarding.COMMANDS,
    routers=lambda commands: [onboarding.create_router()],
    routing=1,  # reads any text in its states
)
