"""Discovery for citizens: /near shows open needs, upcoming tables and approved local
services around a member's comune or a location they share (used once, never kept)."""

from bot.capability import Capability
from bot.flows.near import router as near

CAPABILITY = Capability(
    name="near",
    commands=near.COMMANDS,
    routers=lambda commands: [near.create_router()],
)
