"""The command registry: what the menus, /help and the group redirect are built from."""

from __future__ import annotations

import pytest

from bot.commands import (
    Audience,
    CommandSpec,
    Where,
    audiences_of,
    group_menu,
    help_sections,
    private_menu,
    private_only,
)

SPECS = (
    CommandSpec("start", Audience.EVERYONE, Where.PRIVATE, "Start", "/start"),
    CommandSpec("help", Audience.EVERYONE, Where.BOTH, "Help", "/help"),
    CommandSpec("team", Audience.MEMBER, Where.PRIVATE, "Team", "/team"),
    CommandSpec("newneed", Audience.DESIGNER, Where.PRIVATE, "Need", "/newneed"),
    CommandSpec("linkgroup", Audience.DESIGNER, Where.GROUP, "Link", "/linkgroup"),
    CommandSpec("language", Audience.EVERYONE, Where.PRIVATE, "Lang", "/language"),
    CommandSpec("language", Audience.EVERYONE, Where.GROUP, "Group lang",
                group_admins=True),
)


def test_menus_per_scope() -> None:
    assert [name for name, _ in private_menu(SPECS)] == ["start", "help", "team", "language"]
    assert group_menu(SPECS, admins=False) == [("help", "Help"), ("linkgroup", "Link")]
    assert group_menu(SPECS, admins=True) == [("help", "Help"), ("linkgroup", "Link"),
                                              ("language", "Group lang")]


def test_private_commands_are_redirected_in_groups_but_not_those_groups_have() -> None:
    assert private_only(SPECS) == ["newneed", "start", "team"]


def test_help_by_role() -> None:
    newcomer = help_sections(SPECS, audiences_of(registered=False, roles=[]))
    assert newcomer == {Audience.EVERYONE: ["/start", "/help", "/language"]}
    designer = help_sections(SPECS, audiences_of(registered=True, roles=["designer", "odd"]))
    assert designer[Audience.MEMBER] == ["/team"]
    assert designer[Audience.DESIGNER] == ["/newneed", "/linkgroup"]
    assert Audience.OBSERVER not in designer


def test_a_command_name_telegram_would_refuse_is_refused_here() -> None:
    with pytest.raises(ValueError):
        CommandSpec("NewNeed", Audience.DESIGNER, Where.PRIVATE, "x")


async def test_the_menus_telegram_shows_come_from_the_registry_in_each_language(
        settings: object, clock: object) -> None:
    from cohesion.app import setup_commands
    from tests.world import World

    world = World(settings, clock)  # type: ignore[arg-type]
    try:
        await setup_commands(world.bot)
        menus = {(params.get("language_code"), params["scope"]["type"]):
                 {c["command"]: c["description"] for c in params["commands"]}
                 for method, params in world.api.calls if method == "setMyCommands"}
    finally:
        await world.close()
    assert menus[("it", "default")]["profile"] == "Il tuo profilo"
    assert menus[("en", "default")]["profile"] == "Your profile"
    assert menus[(None, "default")] == menus[("it", "default")]  # other clients: Italian
    assert "mydata" not in menus[("en", "default")]              # listed in /help only
    assert set(menus[("en", "all_group_chats")]) == {"help", "verify"}
    assert set(menus[("en", "all_chat_administrators")]) == {"help", "verify", "linkgroup",
                                                               "language", "weekly"}
    assert menus[("en", "all_chat_administrators")]["language"] == \
        "Change the group's language (admins)"
