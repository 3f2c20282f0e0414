"""/start: onboarding. What other flows and handlers may use is here: `Onboarding` (/profile
and /language reuse its steps) and `offer_teams` (/join offers teams as onboarding does)."""

from bot.flows.onboarding.router import offer_teams
from bot.flows.onboarding.states import Onboarding

__all__ = ["Onboarding", "offer_teams"]
