"""/export: a ZIP of CSV files (needs, pledges, tables, assessments per competence, teams) of
a scope and a period, for designers, observers and admins; `cohesion export` makes the same
from the command line. It keeps nothing about a person: people leave only as pseudonyms."""

from bot.capability import Capability
from bot.handlers import impact_export

CAPABILITY = Capability(
    name="export",
    commands=impact_export.COMMANDS,
    routers=lambda commands: [impact_export.create_router()],
)
