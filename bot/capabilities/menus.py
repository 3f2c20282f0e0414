"""Menus per person: each person's private command menu follows their roles and language
(`setMyCommands` for their chat, through the outbox); `cohesion menus` and the bot's start
refresh everyone's."""

from collections.abc import Sequence

from bot.capability import Capability
from bot.commands import CommandSpec
from bot.notify import menus as notify


def _commands() -> Sequence[CommandSpec]:
    # The whole registry, this capability's list included: read when an event comes, since
    # the list imports this module.
    from bot.capabilities import get_commands
    return get_commands()


CAPABILITY = Capability(
    name="menus",
    notifier=notify.handlers(_commands),
)
