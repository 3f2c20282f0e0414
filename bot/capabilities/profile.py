"""/profile: shows and edits the member row (kept by `members`)."""

from bot.capability import Capability
from bot.flows.profile import router as profile

CAPABILITY = Capability(
    name="profile",
    commands=profile.COMMANDS,
    routers=lambda commands: [profile.create_router()],
    routing=1,  # reads any text in its states
)
