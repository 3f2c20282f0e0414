"""Impact: /report (designers, observers, admins) and /overview (observers, admins) — the
figures of a scope over a period, compared with the period before; the observer's welcome;
the hourly values of the social value estimate (set from the command line)."""

from bot.capability import Capability
from bot.flows.impact import router as impact
from bot.notify import impact as notify
from bot.personal import PersonalData
from bot.services.roles import RoleGranted

CAPABILITY = Capability(
    name="impact",
    commands=impact.COMMANDS,
    routers=lambda commands: [impact.create_router()],
    notifier={RoleGranted: notify.on_role_granted},
    personal=PersonalData(
        impersonal={"impact_rate.category": "a need category code, or 'default' / 'skills'",
                    "impact_rate.source": "where an hourly value comes from, as an admin "
                                          "typed it (a publication, not a person)"},
    ),
)
