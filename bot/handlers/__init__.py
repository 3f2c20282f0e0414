"""Thin routers and the commands they declare, gathered here in the order they must see
updates (the one place a new capability adds its router)."""

from aiogram import Router

from bot import errors
from bot.commands import CommandSpec, private_only
from bot.filters import route_buttons
from bot.flows.assessment import router as assessment
from bot.flows.expert import router as expert
from bot.flows.needs import router as needs
from bot.flows.newneed import router as newneed
from bot.flows.onboarding import router as onboarding
from bot.flows.profile import router as profile
from bot.flows.propose import router as propose
from bot.flows.tables import router as tables
from bot.flows.training import router as training
from bot.handlers import balance, common, fallback, groups, team


def get_commands() -> list[CommandSpec]:
    """Every command the bot has, in the order /help and the menus list them."""
    return [*onboarding.COMMANDS, *common.COMMANDS, *profile.COMMANDS, *team.COMMANDS,
            *groups.COMMANDS, *needs.COMMANDS, *newneed.COMMANDS, *propose.COMMANDS,
            *balance.COMMANDS, *tables.COMMANDS, *assessment.COMMANDS, *training.COMMANDS,
            *expert.COMMANDS]


def get_routers() -> list[Router]:
    """Fresh routers (a router can serve one dispatcher only).

    Commands come before the flows' state handlers, so /help or /team work in the middle of a
    step; the fallback comes last, so every message and button press gets an answer. A button
    press skips, on its prefix alone, each router with no step for it (`route_buttons`).
    """
    routers = [errors.create_router(),
               groups.create_router(private_only=private_only(get_commands())),
               common.create_router(), team.create_router(), needs.create_router(),
               tables.create_router(), training.create_router(), expert.create_router(),
               newneed.create_router(), propose.create_router(), balance.create_router(),
               assessment.create_router(), onboarding.create_router(),
               profile.create_router(), fallback.create_router()]
    for router in routers:
        route_buttons(router)
    return routers
